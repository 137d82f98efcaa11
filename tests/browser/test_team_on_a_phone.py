"""The team at phone width: an owner reaches every member's controls without scrolling
sideways, and a colleague leaves the store from the header by themselves (signed out,
recorded)."""

from sqlalchemy import select

from merchant_portal.access import Role, StoreRole
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in

WIDTH = 390
OUTSIDE = """() => [...document.querySelectorAll("#members button, #members select")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => el.innerText || el.getAttribute("aria-label"))"""


def test_an_owner_reaches_every_control_and_a_colleague_leaves_at_phone_width(page):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    owner, store = factories.make_merchant(email="owner.of.a.long.name@example.com",
                                           store_name="Harbour Teas",
                                           status=ReviewStatus.APPROVED)  # fmt: skip
    for role in (StoreRole.OPERATIONS, StoreRole.FINANCE):
        colleague = factories.make_user(Role.MERCHANT, f"{role.value}.colleague@example.com")
        factories.make_member(store.id, colleague, role)
    db.session.commit()
    log_in(page, owner.email)
    page.goto("/team/")
    assert page.evaluate(OUTSIDE) == []
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert page.locator("#leave-store").count() == 0  # an owner leaves from the team page

    page.context.clear_cookies()
    log_in(page, "operations.colleague@example.com")
    page.locator("#leave-store button").click()
    page.locator("#confirm").get_by_role("button", name="Leave the store").click()
    assert "/login" in page.url
    page.goto("/onboarding")
    assert "/login" in page.url  # signed out
    action = db.session.scalar(
        select(AuditEvent.action).order_by(AuditEvent.id.desc()).where(
            AuditEvent.subject_kind == "team")
    )  # fmt: skip
    assert action == "leave_store"
    assert page.console_errors == []
