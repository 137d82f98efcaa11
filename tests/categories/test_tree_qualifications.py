"""A category file names the documents a leaf needs by code or by name in either language
(食品经营许可证, Food business licence); a document the portal does not know is refused,
the known ones listed, rather than kept as a need no store could ever meet."""

from merchant_portal.csv_files import ImportRejected
from merchant_portal.onboarding.categories.tree import Tree
from merchant_portal.onboarding.categories.tree_file import parse_tree_file

HEADER = "Code,Parent code,Chinese name,English name,Qualifications\n"


def parse(qualifications: str):
    text = HEADER + f'tea,,茶叶,Tea,"{qualifications}"\n'
    return parse_tree_file(text.encode("utf-8-sig"), Tree([]))


def test_documents_named_in_either_language_are_stored_by_code():
    [row] = parse("食品经营许可证, Business licence")
    assert row.qualifications == ["food_licence", "business_licence"]


def test_an_unknown_document_is_refused_with_the_known_ones():
    try:
        parse("卫生许可证")
    except ImportRejected as refused:
        said = str(refused) + " ".join(str(p) for p in getattr(refused, "problems", []))
    else:
        raise AssertionError("a document no store can upload was accepted")
    assert "卫生许可证" in said and "Food business licence" in said
