"""Trust tiers: a live listing's small price or stock change by a merchant whose last
decisions were all approvals is approved on arrival by an admin's rule, the merchant told
which rule; a sampled share still reaches a reviewer as a spot check."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.products.models import Product, ProductChange
from merchant_portal.review_desk.trust import spot_checked
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reviewable import ReviewStatus as S
from merchant_portal.workflow.trust import TrustRule

from .. import factories


def make_rule(**fields) -> TrustRule:
    values = {"name": "Small price moves", "max_price_change_pct": Decimal(5),
              "allow_stock_change": True, "clean_decisions": 3, "sample_pct": 0}  # fmt: skip
    values.update(fields)
    rule = TrustRule(**values)
    db.session.add(rule)
    db.session.flush()
    return rule


def live_listing(decisions=("approve", "approve", "approve")):
    """A merchant's live listing at ¥100 with 10 in stock, and their past decisions (oldest
    first) by a reviewer."""
    merchant, store = factories.make_merchant(store_name="Oak & Iron", status=S.APPROVED)
    product = factories.make_product(store, title="Walnut board", price=Decimal(100), stock=10,
                                     status=S.APPROVED)  # fmt: skip
    factories.make_image(product)
    reviewer = factories.make_user(Role.REVIEWER)
    for decision in decisions:
        older = factories.make_product(store, title="Older", status=S.APPROVED)
        db.session.add(Review(subject_kind="product", subject_id=older.id,
                              reviewer_id=reviewer.id, decision=decision))  # fmt: skip
        db.session.flush()
    db.session.commit()
    return merchant, product


def submit_change(client, auth, merchant, product, **edits):
    """The merchant edits the live listing and submits the change, as on the edit page."""
    auth.login(merchant.email)
    data = {"title": product.title, "description": product.description or "",
            "category": product.category or "", "price": str(product.price),
            "stock": str(product.stock)}  # fmt: skip
    data.update(edits)
    edited = client.post(f"/products/{product.id}/edit", data=data)
    assert edited.status_code == 302, edited.text
    answer = client.post(f"/products/{product.id}/submit", follow_redirects=True)
    auth.logout()
    db.session.expire_all()
    return answer.text, db.session.scalar(
        select(ProductChange)
        .where(ProductChange.product_id == product.id)
        .order_by(ProductChange.id.desc())
        .limit(1)
    )


def test_a_small_price_change_by_a_clean_merchant_is_on_sale_at_once(client, auth):
    make_rule()
    merchant, product = live_listing()
    page, change = submit_change(client, auth, merchant, product, price="¥104.00", stock="25")

    assert "Change approved automatically (rule: Small price moves): it is on sale now." in page
    assert change.status == S.APPROVED
    assert (product.price, product.stock) == (Decimal("104.00"), 25)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "approve_by_rule"))
    assert event.actor_id is None
    assert (event.subject_kind, event.subject_id) == ("product_change", change.id)
    assert event.detail["rule"] == "Small price moves"
    notice = db.session.scalar(select(Notification).where(Notification.user_id == merchant.id))
    assert "approved automatically (rule: Small price moves)" in notice.body
    # nothing waits for a reviewer, and the trail names the rule in words
    auth.as_role(Role.ADMIN)
    assert "Walnut board" not in client.get("/review/").text
    trail = client.get("/review/audit?kind=product_change").text
    assert "approved by rule" in trail and "Small price moves" in trail


@pytest.mark.parametrize(
    ("edits", "decisions"),
    [
        ({"price": "110"}, ("approve",) * 3),  # 10%: outside the ±5% band
        ({"price": "101"}, ("approve", "request_changes", "approve")),  # not a clean record
        ({"price": "101"}, ("approve", "approve")),  # too few decisions to judge by
        ({"price": "101", "title": "Walnut board, oiled"}, ("approve",) * 3),  # more than price
        ({"price": ""}, ("approve",) * 3),  # the price cleared: no band covers it
    ],
    ids=["outside-band", "sent-back-lately", "too-few-decisions", "title-changed", "no-price"],
)
def test_what_no_rule_covers_waits_for_a_reviewer(client, auth, edits, decisions):
    make_rule()
    merchant, product = live_listing(decisions)
    page, change = submit_change(client, auth, merchant, product, **edits)
    if edits.get("price") == "":
        assert change.status == S.DRAFT  # refused before it was submitted: the price is missing
        return
    assert "approved automatically" not in page
    assert change.status == S.SUBMITTED
    assert product.price == Decimal(100)
    auth.as_role(Role.REVIEWER)
    assert "Walnut board" in client.get("/review/?kind=product_change").text


def test_a_disabled_rule_approves_nothing(client, auth):
    make_rule(active=False)
    merchant, product = live_listing()
    _page, change = submit_change(client, auth, merchant, product, price="101")
    assert change.status == S.SUBMITTED


def test_a_stock_only_rule_leaves_price_changes_to_reviewers(client, auth):
    make_rule(name="Restocking", max_price_change_pct=None)
    merchant, product = live_listing()
    page, change = submit_change(client, auth, merchant, product, stock="40")
    assert "(rule: Restocking)" in page and change.status == S.APPROVED
    _page, second = submit_change(client, auth, merchant, product, price="101")
    assert second.status == S.SUBMITTED


def test_the_sample_is_read_from_the_change_id():
    picked = [i for i in range(1, 2001) if spot_checked(i, 10)]
    assert picked == [i for i in range(1, 2001) if spot_checked(i, 10)]  # the same every time
    assert 150 <= len(picked) <= 250  # about one in ten
    assert not any(spot_checked(i, 0) for i in range(1, 200))
    assert all(spot_checked(i, 100) for i in range(1, 200))


def test_a_sampled_change_reaches_the_queue_as_a_spot_check(client, auth):
    make_rule(sample_pct=100)
    merchant, product = live_listing()
    other_merchant, other = live_listing()
    other.title = "Beech spoon"
    db.session.commit()
    page, change = submit_change(client, auth, merchant, product, price="103")
    # another change nobody's rule covers, waiting beside it
    submit_change(client, auth, other_merchant, other, price="150")

    assert "Change submitted" in page and change.status == S.SUBMITTED
    spot = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "spot_check"))
    assert spot.subject_id == change.id and spot.detail["rule"] == "Small price moves"
    auth.as_role(Role.REVIEWER)
    checks = client.get("/review/?spot=1").text
    assert "Walnut board" in checks and "Beech spoon" not in checks
    assert "Spot check (rule: Small price moves)" in checks
    detail = client.get(f"/review/product_change/{change.id}?q=spot%3D1").text
    assert "the rule “Small price moves” would have approved this change" in detail
    # the reviewer confirms it like any other
    decided = client.post(f"/review/product_change/{change.id}/decide?q=spot%3D1",
                          data={"decision": "approve", "seen": "submitted"})  # fmt: skip
    assert decided.status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, product.id).price == Decimal(103)


def test_the_share_sent_to_spot_checks_follows_the_ids(client, auth):
    make_rule(sample_pct=50)
    merchant, product = live_listing()
    outcomes = []
    for price in ("101", "102", "103", "104"):
        _page, change = submit_change(client, auth, merchant, product, price=price)
        outcomes.append((change.status, spot_checked(change.id, 50)))
        if change.status == S.SUBMITTED:  # a reviewer approves the spot check to go on
            db.session.delete(change)
            db.session.commit()
    for status, sampled in outcomes:
        assert status == (S.SUBMITTED if sampled else S.APPROVED)


RULE_FORM = {"name": "Restock and nudge", "max_price_change_pct": "5", "allow_stock_change": "y",
             "clean_decisions": "5", "sample_pct": "10", "active": "y"}  # fmt: skip


def test_an_admin_sets_edits_and_disables_a_rule(client, auth):
    auth.as_role(Role.ADMIN)
    assert "Trust rules" in client.get("/review/").text  # in the admin's navigation
    # a figure in a field labelled (%) is read with its percent sign, full-width as a Chinese
    # keyboard types it, and full-width digits too
    saved = client.post("/review/rules", data={**RULE_FORM, "max_price_change_pct": "\uff15\uff05",
                                               "clean_decisions": "\uff15", "sample_pct": "10%"},
                        follow_redirects=True)  # fmt: skip
    assert "Rule “Restock and nudge” saved." in saved.text
    rule = db.session.scalar(select(TrustRule))
    assert (rule.max_price_change_pct, rule.clean_decisions, rule.sample_pct) == (5, 5, 10)
    assert "±5%" in saved.text and "10% sampled" in saved.text

    edited = client.post(f"/review/rules/{rule.id}", data={**RULE_FORM, "sample_pct": "20"},
                         follow_redirects=True)  # fmt: skip
    assert "20% sampled" in edited.text
    disabled = client.post(
        f"/review/rules/{rule.id}/toggle", data={"active": "0"}, follow_redirects=True
    )
    assert "disabled: what it covered goes to reviewers" in disabled.text
    db.session.expire_all()
    assert not db.session.get(TrustRule, rule.id).active
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_kind == "trust_rule")
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    assert actions == ["create_trust_rule", "edit_trust_rule", "disable_trust_rule"]
    assert "disable trust rule" in client.get("/review/audit?kind=trust_rule").text


def test_a_refused_rule_keeps_what_was_typed_and_says_every_problem(client, auth):
    auth.as_role(Role.ADMIN)
    refused = client.post("/review/rules", data={**RULE_FORM, "name": "Restock and nudge",
                                                 "sample_pct": "150", "clean_decisions": "many"})  # fmt: skip
    assert refused.status_code == 400
    page = refused.text
    assert "3 things to fix" not in page  # two problems, said once each
    assert "Enter from 0% to 100%." in page and "Enter a whole number, like 12." in page
    assert 'value="Restock and nudge"' in page and 'value="150"' in page and 'value="many"' in page
    assert db.session.scalar(select(TrustRule)) is None
    nothing = client.post("/review/rules", data={**RULE_FORM, "max_price_change_pct": "",
                                                 "allow_stock_change": ""})  # fmt: skip
    assert "The rule covers nothing" in nothing.text
    make_rule(name="Taken")
    db.session.commit()
    taken = client.post("/review/rules", data={**RULE_FORM, "name": "Taken"})
    assert taken.status_code == 400 and "A rule named “Taken” exists already." in taken.text


def test_reviewers_and_merchants_cannot_set_rules(client, auth):
    rule = make_rule()
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    assert client.get("/review/rules").status_code == 403
    assert client.post(f"/review/rules/{rule.id}/toggle").status_code == 403
    assert db.session.get(TrustRule, rule.id).active


def test_a_stock_change_to_an_imported_listing_with_empty_attributes_is_covered(client, auth):
    """A file keeps only the attributes it names ({"material": "oak"}); the editor sends the
    optional ones left empty as "". That is no attribute change, and a rule covers it."""
    make_rule()
    merchant, product = live_listing()
    product.category, product.attributes = "Home & Kitchen", {"material": "oak"}
    db.session.commit()
    page, change = submit_change(client, auth, merchant, product, stock="25",
                                 **{"attr:material": "oak", "attr:dimensions": "",
                                    "attr:colour": ""})  # fmt: skip
    assert change.fields()["attributes"].get("colour") == ""  # as the editor sends it
    assert change.status == S.APPROVED, page
