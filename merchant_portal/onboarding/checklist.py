"""The onboarding checklist, derived from the merchant's data every time (never stored)."""

from dataclasses import dataclass
from enum import StrEnum

from ..reviewing.reasons import reason_labels
from ..reviewing.reviewable import ReviewStatus
from .products.quality import GOOD
from .queries import OnboardingFacts
from .store.models import Store

S = ReviewStatus


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
    reasons: tuple[str, ...] = ()
    action_args: tuple[tuple[str, int], ...] = ()  # url_for arguments, e.g. the listing's id

    @property
    def action_kwargs(self) -> dict:
        return dict(self.action_args)


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
        """What a reviewer sent back comes first: it is what stands between the merchant and
        selling, and the reviewer is waiting for it. Then the first step still to do."""
        for wanted in (StepState.SENT_BACK, StepState.TODO):
            found = next((s for s in self.steps if s.state == wanted), None)
            if found is not None:
                return found
        return None


def _feedback(codes, note: str) -> tuple[str, ...]:
    """What a reviewer said with a decision: the reasons, then their note in their words."""
    return tuple(reason_labels(codes)) + ((f"Reviewer's note: {note}",) if note else ())


def _profile(store: Store) -> Step:
    missing = store.missing_profile_fields
    if not missing:
        return Step(
            "store_profile",
            "Fill in your store profile",
            StepState.DONE,
            "Your store profile is complete.",
            "See your store",
            "store.profile",
        )
    state = StepState.TODO if store.editable else StepState.WAITING
    names = ", ".join(name.replace("_", " ") for name in missing)
    return Step(
        "store_profile",
        "Fill in your store profile",
        state,
        f"Still missing: {names}.",
        "Edit your store profile",
        "store.profile",
    )


def _documents(store: Store, facts: OnboardingFacts) -> Step:
    total = sum(facts.documents.values())
    rejected = facts.documents.get("rejected", 0)
    title = "Upload your qualification documents"
    if rejected:
        return Step(
            "documents",
            title,
            StepState.SENT_BACK,
            f"{rejected} document(s) were not accepted: upload a replacement.",
            "Replace documents",
            "store.profile",
        )
    if not total and store.status == S.APPROVED:
        return Step("documents", title, StepState.DONE, "Accepted with your application.")
    if not total:
        return Step(
            "documents",
            title,
            StepState.TODO,
            "Upload your business licence (PDF or image) for the review.",
            "Upload documents",
            "store.profile",
        )
    accepted = facts.documents.get("accepted", 0)
    if accepted == total:
        return Step("documents", title, StepState.DONE, f"{total} document(s) accepted.")
    return Step(
        "documents",
        title,
        StepState.DONE,
        f"{total} document(s) uploaded.",
        "See documents",
        "store.profile",
    )


def _approval(store: Store, facts: OnboardingFacts, ready: bool) -> Step:
    title = "Get your store approved"
    if store.status == S.APPROVED:
        return Step(
            "store_approved",
            title,
            StepState.DONE,
            "Your store is approved: you can list products.",
        )
    if store.status == S.SUBMITTED:
        return Step(
            "store_approved",
            title,
            StepState.WAITING,
            "Merchant operations are reviewing your store.",
        )
    if store.status == S.REJECTED:
        return Step(
            "store_approved",
            title,
            StepState.SENT_BACK,
            "Your application was rejected.",
            reasons=_feedback(facts.last_reasons, facts.last_note),
        )
    if store.status == S.CHANGES_REQUESTED:
        return Step(
            "store_approved",
            title,
            StepState.SENT_BACK,
            "Merchant operations sent your application back: fix it and submit again.",
            "Fix and resubmit",
            "store.profile",
            _feedback(facts.last_reasons, facts.last_note),
        )
    if not ready:
        return Step(
            "store_approved",
            title,
            StepState.LOCKED,
            "Complete the profile and upload a document, then submit for review.",
        )
    return Step(
        "store_approved",
        title,
        StepState.TODO,
        "Submit your store for review by merchant operations.",
        "Submit for review",
        "store.profile",
    )


def _products(store_open: bool, facts: OnboardingFacts) -> list[Step]:
    counts = facts.products
    total = sum(counts.values())
    live = counts.get(S.APPROVED, 0)
    waiting = counts.get(S.SUBMITTED, 0)
    sent_back = counts.get(S.CHANGES_REQUESTED, 0)
    if not store_open:
        locked = "Products can be listed once the store is approved."
        return [
            Step("first_product_listed", "List your first product", StepState.LOCKED, locked),
            Step("listing_quality", "Make a listing shoppers trust", StepState.LOCKED, locked),
            Step("first_product_live", "Get your first product live", StepState.LOCKED, locked),
        ]
    # a listing sent back or rejected was listed: the task now is fixing it, not listing one
    if live or waiting or sent_back or counts.get(S.REJECTED, 0):
        listed = Step(
            "first_product_listed",
            "List your first product",
            StepState.DONE,
            f"{total} product(s) in your catalogue.",
            "See your products",
            "products.index",
        )
    else:
        listed = Step(
            "first_product_listed",
            "List your first product",
            StepState.TODO,
            "Create a listing and submit it for review, or import a CSV.",
            "Add a product",
            "products.new",
        )
    if facts.best_quality >= GOOD:
        quality = Step(
            "listing_quality",
            "Make a listing shoppers trust",
            StepState.DONE,
            f"Your best listing scores {facts.best_quality} of 100.",
        )
    else:
        quality = Step(
            "listing_quality",
            "Make a listing shoppers trust",
            StepState.TODO,
            f"Raise a listing's quality score to {GOOD} (best so far: "
            f"{facts.best_quality}). The editor says what to change.",
            "Improve a listing",
            "products.index",
        )
    if live:
        first_live = Step(
            "first_product_live",
            "Get your first product live",
            StepState.DONE,
            f"{live} product(s) on sale.",
        )
    elif sent_back:
        codes, note = facts.listing_feedback
        feedback = tuple(reason_labels(codes)) + ((f"Reviewer's note: {note}",) if note else ())
        listing = facts.sent_back_listing
        others = f" ({sent_back - 1} more sent back)" if sent_back > 1 else ""
        first_live = Step(
            "first_product_live",
            "Get your first product live",
            StepState.SENT_BACK,
            (
                f"Merchant operations sent “{listing[1]}” back{others}: fix what they asked "
                "and submit it again."
                if listing
                else f"{sent_back} listing(s) sent back for changes: fix and submit again."
            ),
            f"Fix “{listing[1]}”" if listing else "Fix listings",
            "products.edit" if listing else "products.index",
            feedback,
            (("product_id", listing[0]),) if listing else (),
        )
    elif waiting:
        first_live = Step(
            "first_product_live",
            "Get your first product live",
            StepState.WAITING,
            f"{waiting} listing(s) waiting for review.",
        )
    else:
        first_live = Step(
            "first_product_live",
            "Get your first product live",
            StepState.TODO,
            "Submit a listing for review.",
            "See your products",
            "products.index",
        )
    return [listed, quality, first_live]


def _activity(live: bool, facts: OnboardingFacts) -> Step:
    title = "Join a platform promotion"
    counts = facts.registrations
    if counts.get(S.APPROVED):
        return Step(
            "activity_registered",
            title,
            StepState.DONE,
            f"{counts[S.APPROVED]} product(s) accepted into promotions.",
            "See promotions",
            "activities.index",
        )
    if counts.get(S.SUBMITTED):
        return Step(
            "activity_registered",
            title,
            StepState.WAITING,
            "Your registration is waiting for review.",
            "See promotions",
            "activities.index",
        )
    if counts.get(S.CHANGES_REQUESTED) or counts.get(S.REJECTED):
        return Step(
            "activity_registered",
            title,
            StepState.SENT_BACK,
            "A registration was not accepted; see why and try another product or price.",
            "See promotions",
            "activities.registrations",
        )
    if not live:
        return Step(
            "activity_registered",
            title,
            StepState.LOCKED,
            "Live products can be registered into promotions.",
        )
    return Step(
        "activity_registered",
        title,
        StepState.TODO,
        "Register a live product into an open promotion.",
        "See open promotions",
        "activities.index",
    )


def _ad_plan(store_open: bool, facts: OnboardingFacts) -> Step:
    title = "Review your ad budget plan"
    made, opened = facts.plans
    if opened:
        return Step(
            "ad_plan_reviewed",
            title,
            StepState.DONE,
            "You have read your ad budget plan.",
            "See your plans",
            "budget.my_plans",
        )
    if made:
        return Step(
            "ad_plan_reviewed",
            title,
            StepState.TODO,
            "Business operations prepared an ad budget plan for your store: open it.",
            "Open your plans",
            "budget.my_plans",
        )
    if not store_open:
        return Step(
            "ad_plan_reviewed",
            title,
            StepState.LOCKED,
            "Ad budget plans open once your store is approved.",
        )
    return Step(
        "ad_plan_reviewed",
        title,
        StepState.TODO,
        "Plan how to split an ad budget across the marketplace's placements.",
        "Plan your ad budget",
        "budget.self_service_plan",
    )


def build_checklist(store: Store, facts: OnboardingFacts) -> Checklist:
    profile = _profile(store)
    documents = _documents(store, facts)
    ready = profile.state == StepState.DONE and sum(facts.documents.values()) > 0
    approval = _approval(store, facts, ready)
    products = _products(store.status == S.APPROVED, facts)
    activity = _activity(facts.products.get(S.APPROVED, 0) > 0, facts)
    ad_plan = _ad_plan(store.status == S.APPROVED, facts)
    return Checklist([profile, documents, approval, *products, activity, ad_plan])
