"""A Chinese reviewer reads names, not codes: attributes and categories by their Chinese
names, prices with ¥. Found by a new user: the change diff said "material" and "35.00", the
product view "Material" and "Home & Kitchen"."""

from decimal import Decimal

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import ProductChange
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def section(page: str, start: str) -> str:
    return page.split(start, 1)[1].split("</section>", 1)[0]


def test_the_change_diff_names_attributes_and_shows_prices_in_yuan(client, auth):
    _, seller = factories.make_merchant(store_name="Oak & Iron", status=S.APPROVED)
    live = factories.make_product(seller, title="Iron pan", status=S.APPROVED,
                                  category="Home & Kitchen", price=Decimal("30.00"),
                                  attributes={"material": "iron", "colour": "black"})  # fmt: skip
    change = ProductChange(product_id=live.id, status=S.SUBMITTED, submitted_at=factories.utcnow(),
                           data={"title": "Iron pan", "description": live.description,
                                 "category": "Home & Kitchen", "price": "35.00",
                                 "stock": live.stock,
                                 "attributes": {"material": "cast iron", "colour": "black"}})  # fmt: skip
    db.session.add(change)
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    page = client.get(f"/review/product_change/{change.id}", headers=ZH).text
    diff = page.split('class="table diff"', 1)[1].split("</table>", 1)[0]
    assert "材质" in diff and "material" not in diff.lower()
    assert "¥35.00" in diff and "¥30.00" in diff


def test_the_reviewers_product_view_shows_chinese_names(client, auth):
    _, seller = factories.make_merchant(store_name="Oak & Iron", status=S.APPROVED)
    listing = factories.make_product(seller, title="Oak board", status=S.SUBMITTED,
                                     submitted_at=factories.utcnow(), category="Home & Kitchen",
                                     attributes={"material": "oak", "colour": "brown"})  # fmt: skip
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    page = client.get(f"/review/product/{listing.id}", headers=ZH).text
    facts = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "家居厨具" in facts and "材质" in facts and "颜色" in facts
    for raw in ("Kitchen", "Material", "Colour"):
        assert raw not in facts, raw


def test_the_reviewers_store_view_names_the_category_in_chinese(client, auth):
    _, store = factories.make_merchant(store_name="Oak & Iron", status=S.SUBMITTED,
                                       submitted_at=factories.utcnow(), category="Home & Kitchen")  # fmt: skip
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    page = client.get(f"/review/store/{store.id}", headers=ZH).text
    facts = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "家居厨具" in facts and "Kitchen" not in facts
