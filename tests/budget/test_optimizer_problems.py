"""The plan form reads the optimizer's problems by code and path, never by its English: a
sentence reworded in the optimizer showed in English on a Chinese page while ~25 regular
expressions lagged behind it."""

from types import SimpleNamespace

from flask_babel import force_locale

from merchant_portal.budget.optimizer_problems import PROBLEMS, problem_in_words
from merchant_portal.budget.requests import field_for
from optimizer.errors import Problem
from optimizer.words import SENTENCES

PLACEMENTS = [SimpleNamespace(code="search_top"), SimpleNamespace(code="feed")]


def test_every_code_the_portal_says_is_one_the_optimizer_records():
    assert set(PROBLEMS) <= set(SENTENCES)


def test_a_problem_is_said_from_its_code_and_figures_in_the_reader_s_language(app):
    too_high = Problem("placements[1].cvr", "too_large", {"maximum": 1.0})
    duplicate = Problem("placements[1].id", "duplicate_id", {"id": "feed", "of": "placement"})
    with app.test_request_context():
        assert problem_in_words(too_high) == "Must be at most 1."
        assert problem_in_words(duplicate) == "Another placement has the code 'feed'."
        with force_locale("zh_Hans"):
            chinese = problem_in_words(too_high)
    assert chinese != "Must be at most 1." and "1" in chinese


def test_problem_paths_land_on_their_form_fields():
    assert field_for("budget", PLACEMENTS) == "budget"
    assert field_for("placements[1].max_spend", PLACEMENTS) == "max:feed"
    assert field_for("placements[0].min_spend", PLACEMENTS) == "min:search_top"
    assert field_for("placements[0].saturation.half_spend", PLACEMENTS) == "placements"
    assert field_for("placements", PLACEMENTS) == "placements"
    assert field_for("groups.search.max_share", PLACEMENTS) == "share:search"
    assert field_for("groups.search", PLACEMENTS) == "share:search"
    assert field_for("groups.app.store.max_share", PLACEMENTS) == "share:app.store"
    assert field_for("target.revenue", PLACEMENTS) == "target"
    assert field_for("", PLACEMENTS) == ""
