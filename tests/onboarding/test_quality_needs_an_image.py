"""A listing with no image cannot score "good", however complete the rest of it is."""

from decimal import Decimal

import pytest

from merchant_portal.onboarding.catalog import attributes_for
from merchant_portal.onboarding.products.quality import GOOD, assess

TITLE = "Walnut chopping board 40 cm with juice groove"
DESCRIPTION = "Oiled walnut board with a juice groove. " * 5


def report(images: int):
    attributes = {name: "x" for name in attributes_for("Home & Kitchen")}
    return assess(TITLE, DESCRIPTION, "Home & Kitchen", Decimal("39.90"), 12, attributes, images)


def test_everything_but_an_image_is_not_good():
    bare = report(0)
    assert not bare.good and bare.score < GOOD
    assert any("image" in hint for hint in bare.hints)


@pytest.mark.parametrize("images", [1, 2, 3, 5])
def test_with_images_the_same_listing_is_good(images):
    assert report(images).good
