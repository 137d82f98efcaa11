"""An owner invites an operator by mail; the operator joins from the link in another browser,
lists a product with only an operations member's menus, the owner sees the product and the
team, and the operator leaves the store by themselves (issue 24)."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from merchant_portal.audit import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in

OPERATOR = "ops.colleague@example.com"
NEW_PASSWORD = "a long new password 42"


def invitation_link(email: str) -> str:
    db.session.expire_all()
    body = db.session.scalar(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == email)
        .order_by(OutboxMessage.id.desc())
    )
    return re.search(r"https?://[^/\s]+(/team/join/\S+)", body).group(1)


def test_an_owner_invites_an_operator_who_lists_a_product_then_leaves(browser, live_server):
    owner, _store = factories.make_merchant(
        email="owner@example.com", store_name="Harbour Teas", status=ReviewStatus.APPROVED
    )
    db.session.commit()
    owner_context = browser.new_context(base_url=live_server)
    operator_context = browser.new_context(base_url=live_server)
    boss, ops = owner_context.new_page(), operator_context.new_page()
    errors: list[str] = []
    for page in (boss, ops):
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))

    # the owner invites by mail
    log_in(boss, owner.email)
    boss.goto("/team/")
    boss.get_by_label("Their email").fill(OPERATOR)
    boss.get_by_label("Role", exact=True).select_option(label="Operations")
    boss.get_by_role("button", name="Send the invitation").click()
    expect(boss.get_by_text(f"Invitation sent to {OPERATOR}.")).to_be_visible()
    expect(boss.locator("#invitations")).to_contain_text(OPERATOR)

    # the operator opens the mailed link in their own browser and chooses a password
    ops.goto(invitation_link(OPERATOR))
    expect(ops.get_by_role("heading", name="Join “Harbour Teas”")).to_be_visible()
    expect(ops.locator("#join")).to_contain_text("You are invited as Operations")
    ops.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    ops.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    ops.get_by_role("button", name="Join the team").click()
    expect(ops.get_by_text("Welcome to the team of “Harbour Teas”, as Operations.")).to_be_visible()
    # the link works once: opened again (forwarded, say) it is refused
    ops.context.clear_cookies()
    ops.goto(invitation_link(OPERATOR))
    expect(ops.get_by_text("This invitation has expired, was withdrawn or was already used"))\
        .to_be_visible()  # fmt: skip

    # signs in with their own password; the menus are an operations member's
    ops.goto("/login")
    ops.get_by_label("Email").fill(OPERATOR)
    ops.get_by_label("Password").fill(NEW_PASSWORD)
    ops.get_by_role("button", name="Log in").click()
    menu = ops.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Products")).to_be_visible()
    expect(menu.get_by_role("link", name="Promotions")).to_be_visible()
    for hidden in ("Team", "Ad plans", "Store"):
        expect(menu.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    assert ops.goto("/team/").status == 403  # typed by hand, the owner's page stays closed

    # lists a product: the quality box is swapped in as they type
    ops.goto("/products/new")
    ops.get_by_label("Title").fill("Pan")
    ops.get_by_label("Category", exact=True).select_option("Home & Kitchen")
    ops.get_by_label("Price").fill("40.00")
    ops.get_by_label("Stock").fill("30")
    expect(ops.locator("#quality")).to_contain_text("Lengthen the title")
    ops.get_by_label("Title").fill("Oolong tea, Tieguanyin, 250 g tin")
    expect(ops.locator("#quality")).not_to_contain_text("Lengthen the title")
    ops.get_by_role("button", name="Save").click()
    expect(ops.get_by_text("Saved as a draft")).to_be_visible()

    # the owner sees the product and the operator in the team
    boss.goto("/products/")
    expect(boss.get_by_text("Oolong tea, Tieguanyin, 250 g tin")).to_be_visible()
    boss.goto("/team/")
    row = boss.locator("#members tr", has_text=OPERATOR)
    expect(row).to_contain_text("Operations")
    expect(boss.get_by_text("No invitation is waiting.")).to_be_visible()

    # the operator leaves by themselves, from the header
    ops.locator("#leave-store button").click()
    expect(ops.get_by_role("heading", name="Leave “Harbour Teas”?")).to_be_visible()
    ops.locator("#confirm").get_by_role("button", name="Leave the store").click()
    expect(ops.get_by_text("You left “Harbour Teas”.")).to_be_visible()
    ops.goto("/products/")
    assert "/login" in ops.url  # signed out
    boss.reload()
    expect(boss.locator("#members")).not_to_contain_text(OPERATOR)

    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_kind == "team")
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    assert actions == ["invite_member", "join", "leave_store"]
    # the listing is recorded under the person who made it, not the owner
    operator_id = db.session.scalar(select(User.id).where(User.email == OPERATOR))
    product_actors = db.session.scalars(
        select(AuditEvent.actor_id).where(AuditEvent.subject_kind == "product")
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    assert product_actors and set(product_actors) == {operator_id}
    assert errors == []
    owner_context.close()
    operator_context.close()
