"""An account manager opens a store from the book, keeps its contact (a Chinese mobile and a
WeChat ID), writes down a call, sets a task due today with a reminder, and is reminded."""

from playwright.sync_api import expect

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.growth.notebook.reminders import send_due_reminders
from merchant_portal.timeutil import market_today
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in


def test_a_manager_keeps_a_contact_a_note_and_a_task_with_a_reminder(page):
    _owner, store = factories.make_merchant(store_name="Harbour Teas", status=ReviewStatus.APPROVED)
    manager = factories.make_user(Role.REVIEWER, email="am@example.com")
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    today = market_today().isoformat()

    log_in(page, manager.email)
    page.goto("/growth/book")
    page.locator("#book tr", has_text="Harbour Teas").get_by_role("link", name="Notebook").click()
    expect(page.get_by_role("heading", name="Notebook: Harbour Teas")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Nothing written down yet.")

    # a mistyped mobile is refused next to its field, and nothing typed is lost
    contact = page.locator("#contact")
    contact.get_by_label("Contact person").fill("王丽")
    contact.get_by_label("Phone").fill("138 0013 800")
    contact.get_by_label("WeChat").fill("wxid_harbourtea")
    page.get_by_role("button", name="Save contact").click()
    expect(contact).to_contain_text("Enter a mobile like 138 0013 8000")
    expect(contact.get_by_label("WeChat")).to_have_value("wxid_harbourtea")
    contact.get_by_label("Phone").fill("+86 138 0013 8000")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact saved.")).to_be_visible()
    expect(page.locator("#contact p").first).to_contain_text("王丽")
    expect(page.locator("#contact p").first).to_contain_text("WeChat wxid_harbourtea")

    page.get_by_label("Kind of entry").select_option(label="Call")
    page.get_by_label("What was said").fill(
        "Agreed to send back the two refused listings by Friday."
    )
    page.get_by_role("button", name="Add to the timeline").click()
    expect(page.get_by_text("Added to the timeline.")).to_be_visible()
    first = page.locator("#timeline li").first
    expect(first).to_contain_text("Call")
    expect(first).to_contain_text("Agreed to send back the two refused listings by Friday.")
    expect(first).to_contain_text("am@example.com")

    tasks = page.locator("#tasks")
    tasks.get_by_label("Task").fill("Check the refused listings were sent back")
    tasks.get_by_label("Due").fill(today)
    tasks.get_by_label("Remind me on").fill(today)
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_text("Task added.")).to_be_visible()
    task = page.locator("#tasks li", has_text="Check the refused listings were sent back")
    expect(task).to_contain_text("reminder on")
    expect(task.get_by_role("button", name="Mark done")).to_be_visible()

    # the queue's scheduler reminds: the manager finds it in the inbox, linking back here
    assert send_due_reminders() == 1
    db.session.commit()
    page.reload()
    expect(task).to_contain_text("reminded")
    page.locator("a.inbox-link").click()
    notice = page.get_by_text("Reminder: Check the refused listings were sent back (Harbour Teas)")
    expect(notice).to_be_visible()
    assert page.console_errors == []
