"""How good a platform run is, said once and in the reader's language: a run proven optimal
read "Within 0.1% of the best possible: ..., a gap of 0.000%", and the method it was solved by
was the optimizer's own "local, decomposed", in English on the Chinese page too."""

import pytest

from merchant_portal.budget.platform.explain import gap_words, solved_by_words

SUMMARY = {"objective_value": 14185.87, "bound": 14185.87}


@pytest.mark.parametrize(
    ("gap", "said"),
    [
        (1e-13, "Proven the best possible: the plan's expected revenue is CN¥14,185.87"),
        (0.00014, "Within 0.014% of the best possible"),
        (0.000141, "Within 0.015% of the best possible"),
        (0.00099, "Within 0.099% of the best possible"),
    ],
)
def test_the_gap_is_said_once_and_as_shown(gap, said):
    words = gap_words({**SUMMARY, "gap": gap}, "revenue")
    assert said in words
    assert "a gap of" not in words and "0.000%" not in words


def test_the_method_is_said_in_words_in_both_languages(app):
    assert solved_by_words("local, exact") == (
        "one exact linear programme, on the portal's own job worker"
    )
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        said = solved_by_words("ray, decomposed")
    assert "Ray" in said and "decomposed" not in said and "按商家分解" in said
    assert solved_by_words("spark, magic") == "spark, magic"  # an optimizer newer than the words
    assert solved_by_words(None) is None
