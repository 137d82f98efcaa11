"""Every name a category file carries is held to one rule, whoever names it (a category, an
attribute or one of an attribute's options): a Chinese name, at most NAME_MAX characters, not
twice in its list. An option named only in English ("/Ceramic") was shown blank to Chinese
readers and stored as an empty value; one of 10,000 characters went into every listing form."""

import io

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.categories.models import NAME_MAX, CategoryNode
from merchant_portal.onboarding.categories.tree_file import parse_attributes

HEADER = "Code,Parent code,Chinese name,English name,Attributes\n"
LONG = "x" * (NAME_MAX + 1)
BAD_OPTIONS = {
    "no Chinese name": "/Ceramic, 塑料/Plastic",
    "blank name": " / , 塑料/Plastic",
    "Chinese name too long": f"{LONG}/Long, 塑料/Plastic",
    "English name too long": f"陶瓷/{LONG}, 塑料/Plastic",
    "twice": "陶瓷/Ceramic, 陶瓷/Ceramic",
    "twice in other case or language": "陶瓷/Ceramic, 瓷/ceramic",
}


@pytest.mark.parametrize("kind", ["one", "many"])
@pytest.mark.parametrize("options", BAD_OPTIONS.values(), ids=BAD_OPTIONS.keys())
def test_a_badly_named_option_is_a_problem_said_once(options, kind):
    _attributes, problems = parse_attributes(f"material | 材质 | Material | {kind} | {options}")
    assert len(problems) == 1, problems
    assert "material" in problems[0]  # the attribute it belongs to is named


def test_well_named_options_in_either_separator_pass():
    attributes, problems = parse_attributes(
        "material | 材质 | Material | one | 陶瓷/Ceramic\uff0c塑料"
    )
    assert problems == []
    assert attributes[0]["options"] == [{"zh": "陶瓷", "en": "Ceramic"},
                                        {"zh": "塑料", "en": "塑料"}]  # fmt: skip


@pytest.mark.parametrize("options", BAD_OPTIONS.values(), ids=BAD_OPTIONS.keys())
def test_a_file_with_a_badly_named_option_changes_nothing(client, auth, options):
    auth.as_role(Role.ADMIN)
    cell = f'"material | 材质 | Material | one | {options}"'
    raw = f"{HEADER}vases,,花瓶,Vases,{cell}\n".encode()
    before = db.session.scalar(select(func.count()).select_from(CategoryNode))
    response = client.post(
        "/admin/categories", data={"file": (io.BytesIO(raw), "tree.csv")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 400
    assert "Material" in response.text or "material" in response.text
    assert db.session.scalar(select(func.count()).select_from(CategoryNode)) == before
    imports = select(func.count()).where(AuditEvent.action == "import_category_tree")
    assert db.session.scalar(imports) == 0
