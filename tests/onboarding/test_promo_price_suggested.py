"""The promo price a promotion suggests keeps its own rule: the highest price in cents with
at least the discount asked, rounded in the merchant's favour, and accepted when entered."""

import re
from decimal import Decimal

import pytest

from merchant_portal.extensions import db
from merchant_portal.onboarding.activities.eligibility import discount_pct, highest_promo_price
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

REGULAR = ["19.90", "39.90", "59.90", "99.90", "0.01", "1.00", "12345.67"]
NEEDED = ["15", "10", "33.33", "50", "0.5", "99"]


@pytest.mark.parametrize("regular", REGULAR)
@pytest.mark.parametrize("needed", NEEDED)
def test_the_suggested_price_is_the_highest_cent_that_keeps_the_rule(regular, needed):
    regular, needed = Decimal(regular), Decimal(needed)
    suggested = highest_promo_price(regular, needed)
    assert suggested == suggested.quantize(Decimal("0.01"))
    assert discount_pct(regular, suggested) >= needed, f"{suggested} breaks {needed}% off {regular}"
    one_cent_more = suggested + Decimal("0.01")
    assert discount_pct(regular, one_cent_more) < needed, f"{one_cent_more} would do too"


def test_fifteen_percent_off_39_90_is_33_91():
    assert highest_promo_price(Decimal("39.90"), Decimal(15)) == Decimal("33.91")


@pytest.mark.parametrize("regular", ["19.90", "39.90", "59.90", "99.90"])
def test_the_price_the_page_suggests_is_accepted(client, auth, regular):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, category="Toys",
                                     price=Decimal(regular), stock=50)  # fmt: skip
    activity = factories.make_activity(min_discount_pct=Decimal(15), min_promo_stock=1)
    db.session.commit()
    data = {"product": product.id, "promo_stock": "5"}
    too_high = str(Decimal(regular) - Decimal("1.00"))  # a discount below 15%
    refused = client.post(f"/activities/{activity.id}", data={**data, "promo_price": too_high})
    suggested = re.search(r"a promo price of CN¥([0-9.,]+) or less", refused.text).group(1)
    accepted = client.post(f"/activities/{activity.id}", data={**data, "promo_price": suggested})
    assert accepted.status_code == 302, f"the suggested {suggested} was refused"
