"""The onboarding checklist, derived from the merchant's data every time (never stored)."""

from dataclasses import dataclass
from enum import StrEnum

from ..reviewable import ReviewStatus
from .models import Store

PROFILE_FIELDS = ("category", "description", "contact_email", "shipping_policy", "return_policy")


class StepState(StrEnum):
    DONE = "done"
    WAITING = "waiting"
    SENT_BACK = "sent_back"
    TODO = "todo"
    LOCKED = "locked"

    @property
    def label(self) -> str:
        return {
            "done": "Done",
            "waiting": "Waiting for review",
            "sent_back": "Sent back",
            "todo": "To do",
            "locked": "Not yet",
        }[self.value]


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: StepState
    explanation: str
    action_label: str | None = None
    action_endpoint: str | None = None


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done_count(self) -> int:
        return sum(step.state == StepState.DONE for step in self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.steps))

    @property
    def next_step(self) -> Step | None:
        return next(
            (s for s in self.steps if s.state in (StepState.SENT_BACK, StepState.TODO)), None
        )


def _missing_profile_fields(store: Store) -> list[str]:
    return [name for name in PROFILE_FIELDS if not getattr(store, name)]


def build_checklist(store: Store, product_counts: dict[ReviewStatus, int]) -> Checklist:
    missing = _missing_profile_fields(store)
    profile = Step(
        "store_profile",
        "Fill in your store profile",
        StepState.DONE if not missing else StepState.TODO,
        "Category, description, contact and your shipping and return policies."
        if missing
        else "Your store profile is complete.",
    )

    approval_state = {
        ReviewStatus.DRAFT: StepState.TODO if not missing else StepState.LOCKED,
        ReviewStatus.SUBMITTED: StepState.WAITING,
        ReviewStatus.APPROVED: StepState.DONE,
        ReviewStatus.CHANGES_REQUESTED: StepState.SENT_BACK,
        ReviewStatus.REJECTED: StepState.SENT_BACK,
    }[store.status]
    approval = Step(
        "store_approved",
        "Get your store approved",
        approval_state,
        {
            StepState.LOCKED: "Complete the profile first, then submit it for review.",
            StepState.TODO: "Submit your store for review by merchant operations.",
            StepState.WAITING: "Merchant operations are reviewing your store.",
            StepState.DONE: "Your store is approved: you can list products.",
            StepState.SENT_BACK: "Merchant operations sent your application back.",
        }[approval_state],
    )

    store_open = store.status == ReviewStatus.APPROVED
    total = sum(product_counts.values())
    live = product_counts.get(ReviewStatus.APPROVED, 0)
    waiting = product_counts.get(ReviewStatus.SUBMITTED, 0)
    sent_back = product_counts.get(ReviewStatus.CHANGES_REQUESTED, 0)

    if not store_open:
        listed_state = StepState.LOCKED
    elif live or waiting:
        listed_state = StepState.DONE
    else:
        listed_state = StepState.TODO
    listed = Step(
        "first_product_listed",
        "List your first product",
        listed_state,
        "Products can be listed once the store is approved."
        if not store_open
        else f"{total} product(s) in your catalogue.",
        "See your products" if store_open else None,
        "onboarding.products" if store_open else None,
    )

    if live:
        live_state = StepState.DONE
    elif sent_back:
        live_state = StepState.SENT_BACK
    elif waiting:
        live_state = StepState.WAITING
    else:
        live_state = StepState.LOCKED if not store_open else StepState.TODO
    first_live = Step(
        "first_product_live",
        "Get your first product live",
        live_state,
        {
            StepState.DONE: f"{live} product(s) on sale.",
            StepState.SENT_BACK: f"{sent_back} listing(s) sent back for changes.",
            StepState.WAITING: f"{waiting} listing(s) waiting for review.",
            StepState.TODO: "Submit a listing for review.",
            StepState.LOCKED: "A listing goes live once merchant operations approve it.",
        }[live_state],
    )
    return Checklist([profile, approval, listed, first_live])
