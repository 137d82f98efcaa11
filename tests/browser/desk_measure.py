"""Counting what deciding costs a reviewer: page loads (main-frame navigations) and the
clicks and key presses made, for a journey through the review desk."""

from datetime import timedelta

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


def twenty_listings(count: int = 20):
    _, seller = factories.make_merchant(store_name="Oak & Iron", status=ReviewStatus.APPROVED)
    now = factories.utcnow()
    listings = [
        factories.make_product(seller, title=f"Oak board {i:02d}", status=ReviewStatus.SUBMITTED,
                               category="Home & Kitchen",
                               submitted_at=now - timedelta(hours=3, minutes=count - i))
        for i in range(count)
    ]  # fmt: skip
    factories.make_user(Role.REVIEWER, email="rita@example.com")
    db.session.commit()
    return listings


class Counter:
    def __init__(self, page):
        self.page, self.loads, self.actions = page, 0, 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads += 1

    def click(self, locator) -> None:
        self.actions += 1
        locator.click()

    def press(self, key: str) -> None:
        self.actions += 1
        self.page.keyboard.press(key)


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
