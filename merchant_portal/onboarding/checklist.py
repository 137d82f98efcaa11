"""The onboarding checklist, derived from the merchant's data every time (never stored)."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import ngettext

from ..workflow.reasons import reason_labels
from ..workflow.reviewable import ReviewStatus
from .products.quality import GOOD
from .queries import OnboardingFacts
from .store.models import Store, profile_field_label

S = ReviewStatus


class StepState(StrEnum):
    DONE = "done"
    WAITING = "waiting"
    SENT_BACK = "sent_back"
    TODO = "todo"
    LOCKED = "locked"

    @property
    def label(self) -> str:
        return _STEP_STATE_LABELS[self.value]()


# each said only when shown (saying all five to pick one was most of the checklist's words)
_STEP_STATE_LABELS = {
    "done": lambda: _("Done"),
    "waiting": lambda: _("Waiting for review"),
    "sent_back": lambda: _("Sent back"),
    "todo": lambda: _("To do"),
    "locked": lambda: _("Not yet"),
}


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


# the steps a reviewer decides, and the kind of submission each waits on
REVIEWED_STEPS = {
    "store_approved": "store",
    "first_product_live": "product",
    "activity_registered": "registration",
}


def _duration(hours: float) -> str:
    if hours < 1:
        return _("under an hour")
    if hours < 48:
        whole = round(hours)
        return ngettext("about %(num)d hour", "about %(num)d hours", whole)
    days = round(hours / 24)
    return ngettext("about %(num)d day", "about %(num)d days", days)


def what_comes_next(checklist: Checklist, expected_hours: Callable[[str], float | None]) -> str:
    """When nothing is the merchant's to do: what they are waiting for, how long that
    usually takes (``expected_hours(kind)``, the queue's median), and what it opens."""
    waiting = next((s for s in checklist.steps if s.state == StepState.WAITING), None)
    locked = next((s for s in checklist.steps if s.state == StepState.LOCKED), None)
    if waiting is None and locked is None:
        return _("Every step is done.")
    lines = []
    if waiting is not None:
        kind = REVIEWED_STEPS.get(waiting.key)
        hours = expected_hours(kind) if kind else None
        if hours is not None:
            lines.append(
                _(
                    "Waiting for merchant operations: %(step)s. A decision usually comes in "
                    "%(time)s (the median over the last 30 days).",
                    step=waiting.title,
                    time=_duration(hours),
                )
            )
        else:
            lines.append(
                _(
                    "Waiting for merchant operations: %(step)s. You will be told here and "
                    "by notification when they decide.",
                    step=waiting.title,
                )
            )
    if locked is not None:
        lines.append(_("Then: %(step)s.", step=locked.title))
    return " ".join(lines)


def _feedback(codes, note: str) -> tuple[str, ...]:
    """What a reviewer said with a decision: the reasons, then their note in their words."""
    return tuple(reason_labels(codes)) + (
        (_("Reviewer's note: %(note)s", note=note),) if note else ()
    )


def _profile(store: Store) -> Step:
    missing = store.missing_profile_fields
    if not missing:
        return Step(
            "store_profile",
            _("Fill in your store profile"),
            StepState.DONE,
            _("Your store profile is complete."),
            _("See your store"),
            "store.profile",
        )
    state = StepState.TODO if store.editable else StepState.WAITING
    names = _(", ").join(profile_field_label(name) for name in missing)
    return Step(
        "store_profile",
        _("Fill in your store profile"),
        state,
        _("Still missing: %(fields)s.", fields=names),
        _("Edit your store profile"),
        "store.profile",
    )


def _documents(store: Store, facts: OnboardingFacts) -> Step:
    total = sum(facts.documents.values())
    rejected = facts.documents.get("rejected", 0)
    title = _("Upload your qualification documents")
    if rejected:
        return Step(
            "documents",
            title,
            StepState.SENT_BACK,
            ngettext(
                "%(num)d document was not accepted: upload a replacement.",
                "%(num)d documents were not accepted: upload a replacement.",
                rejected,
            ),
            _("Replace documents"),
            "store.profile",
        )
    if not total and store.status == S.APPROVED:
        return Step("documents", title, StepState.DONE, _("Accepted with your application."))
    if not total:
        return Step(
            "documents",
            title,
            StepState.TODO,
            _("Upload your business licence (PDF or image) for the review."),
            _("Upload documents"),
            "store.profile",
        )
    accepted = facts.documents.get("accepted", 0)
    if accepted == total:
        return Step(
            "documents",
            title,
            StepState.DONE,
            ngettext("%(num)d document accepted.", "%(num)d documents accepted.", total),
        )
    return Step(
        "documents",
        title,
        StepState.DONE,
        ngettext("%(num)d document uploaded.", "%(num)d documents uploaded.", total),
        _("See documents"),
        "store.profile",
    )


def _approval(store: Store, facts: OnboardingFacts, ready: bool) -> Step:
    title = _("Get your store approved")
    if store.status == S.APPROVED:
        return Step(
            "store_approved",
            title,
            StepState.DONE,
            _("Your store is approved: you can list products."),
        )
    if store.status == S.SUBMITTED:
        return Step(
            "store_approved",
            title,
            StepState.WAITING,
            _("Merchant operations are reviewing your store."),
        )
    if store.status == S.REJECTED:
        return Step(
            "store_approved",
            title,
            StepState.SENT_BACK,
            _("Your application was rejected."),
            reasons=_feedback(facts.last_reasons, facts.last_note),
        )
    if store.status == S.CHANGES_REQUESTED:
        return Step(
            "store_approved",
            title,
            StepState.SENT_BACK,
            _("Merchant operations sent your application back: fix it and submit again."),
            _("Fix and resubmit"),
            "store.profile",
            _feedback(facts.last_reasons, facts.last_note),
        )
    if not ready:
        return Step(
            "store_approved",
            title,
            StepState.LOCKED,
            _("Complete the profile and upload a document, then submit for review."),
        )
    return Step(
        "store_approved",
        title,
        StepState.TODO,
        _("Submit your store for review by merchant operations."),
        _("Submit for review"),
        "store.profile",
    )


def _products(store_open: bool, facts: OnboardingFacts) -> list[Step]:
    counts = facts.products
    total = sum(counts.values())
    live = counts.get(S.APPROVED, 0)
    waiting = counts.get(S.SUBMITTED, 0)
    sent_back = counts.get(S.CHANGES_REQUESTED, 0)
    if not store_open:
        locked = _("Products can be listed once the store is approved.")
        return [
            Step("first_product_listed", _("List your first product"), StepState.LOCKED, locked),
            Step("listing_quality", _("Make a listing shoppers trust"), StepState.LOCKED, locked),
            Step("first_product_live", _("Get your first product live"), StepState.LOCKED, locked),
        ]
    # a listing sent back or rejected was listed: the task now is fixing it, not listing one
    if live or waiting or sent_back or counts.get(S.REJECTED, 0):
        listed = Step(
            "first_product_listed",
            _("List your first product"),
            StepState.DONE,
            ngettext(
                "%(num)d product in your catalogue.", "%(num)d products in your catalogue.", total
            ),
            _("See your products"),
            "products.index",
        )
    else:
        listed = Step(
            "first_product_listed",
            _("List your first product"),
            StepState.TODO,
            _("Create a listing and submit it for review, or import a CSV."),
            _("Add a product"),
            "products.new",
        )
    if facts.best_quality >= GOOD:
        quality = Step(
            "listing_quality",
            _("Make a listing shoppers trust"),
            StepState.DONE,
            _("Your best listing scores %(score)s of 100.", score=facts.best_quality),
        )
    else:
        quality = Step(
            "listing_quality",
            _("Make a listing shoppers trust"),
            StepState.TODO,
            _(
                "Raise a listing's quality score to %(good)s (best so far: %(best)s). "
                "The editor says what to change.",
                good=GOOD,
                best=facts.best_quality,
            ),
            _("Improve a listing"),
            "products.index",
        )
    if live:
        first_live = Step(
            "first_product_live",
            _("Get your first product live"),
            StepState.DONE,
            ngettext("%(num)d product on sale.", "%(num)d products on sale.", live),
        )
    elif sent_back:
        codes, note = facts.listing_feedback
        feedback = tuple(reason_labels(codes)) + (
            (_("Reviewer's note: %(note)s", note=note),) if note else ()
        )
        listing = facts.sent_back_listing
        others = sent_back - 1
        first_live = Step(
            "first_product_live",
            _("Get your first product live"),
            StepState.SENT_BACK,
            (
                ngettext(
                    "Merchant operations sent “%(title)s” back (%(num)d more sent back): fix "
                    "what they asked and submit it again.",
                    "Merchant operations sent “%(title)s” back (%(num)d more sent back): fix "
                    "what they asked and submit it again.",
                    others,
                    title=listing[1],
                )
                if listing and others
                else _(
                    "Merchant operations sent “%(title)s” back: fix what they asked and submit "
                    "it again.",
                    title=listing[1],
                )
                if listing
                else ngettext(
                    "%(num)d listing sent back for changes: fix and submit again.",
                    "%(num)d listings sent back for changes: fix and submit again.",
                    sent_back,
                )
            ),
            _("Fix “%(title)s”", title=listing[1]) if listing else _("Fix listings"),
            "products.edit" if listing else "products.index",
            feedback,
            (("product_id", listing[0]),) if listing else (),
        )
    elif waiting:
        first_live = Step(
            "first_product_live",
            _("Get your first product live"),
            StepState.WAITING,
            ngettext(
                "%(num)d listing waiting for review.",
                "%(num)d listings waiting for review.",
                waiting,
            ),
        )
    else:
        first_live = Step(
            "first_product_live",
            _("Get your first product live"),
            StepState.TODO,
            _("Submit a listing for review."),
            _("See your products"),
            "products.index",
        )
    return [listed, quality, first_live]


def _activity(live: bool, facts: OnboardingFacts) -> Step:
    title = _("Join a platform promotion")
    counts = facts.registrations
    if counts.get(S.APPROVED):
        return Step(
            "activity_registered",
            title,
            StepState.DONE,
            ngettext(
                "%(num)d product accepted into promotions.",
                "%(num)d products accepted into promotions.",
                counts[S.APPROVED],
            ),
            _("See promotions"),
            "activities.index",
        )
    if counts.get(S.SUBMITTED):
        return Step(
            "activity_registered",
            title,
            StepState.WAITING,
            _("Your registration is waiting for review."),
            _("See promotions"),
            "activities.index",
        )
    if counts.get(S.CHANGES_REQUESTED) or counts.get(S.REJECTED):
        return Step(
            "activity_registered",
            title,
            StepState.SENT_BACK,
            _("A registration was not accepted; see why and try another product or price."),
            _("See promotions"),
            "activities.registrations",
        )
    if not live:
        return Step(
            "activity_registered",
            title,
            StepState.LOCKED,
            _("Live products can be registered into promotions."),
        )
    return Step(
        "activity_registered",
        title,
        StepState.TODO,
        _("Register a live product into an open promotion."),
        _("See open promotions"),
        "activities.index",
    )


def _ad_plan(store_open: bool, facts: OnboardingFacts) -> Step:
    title = _("Review your ad budget plan")
    made, opened = facts.plans
    if opened:
        return Step(
            "ad_plan_reviewed",
            title,
            StepState.DONE,
            _("You have read your ad budget plan."),
            _("See your plans"),
            "budget.my_plans",
        )
    if made:
        return Step(
            "ad_plan_reviewed",
            title,
            StepState.TODO,
            _("Business operations prepared an ad budget plan for your store: open it."),
            _("Open your plans"),
            "budget.my_plans",
        )
    if not store_open:
        return Step(
            "ad_plan_reviewed",
            title,
            StepState.LOCKED,
            _("Ad budget plans open once your store is approved."),
        )
    return Step(
        "ad_plan_reviewed",
        title,
        StepState.TODO,
        _("Plan how to split an ad budget across the marketplace's placements."),
        _("Plan your ad budget"),
        "budget.self_service_plan",
    )


# Steps past onboarding (first sale, first promotion result), added by the features that know
# them: growth sits above onboarding and registers its steps here (``add_later_steps``).
_LATER_STEPS: list[Callable[[Store], list[Step]]] = []


def add_later_steps(steps: Callable[[Store], list[Step]]) -> None:
    _LATER_STEPS.append(steps)


def later_steps(store: Store) -> list[Step]:
    return [step for steps in _LATER_STEPS for step in steps(store)]


def build_checklist(store: Store, facts: OnboardingFacts) -> Checklist:
    profile = _profile(store)
    documents = _documents(store, facts)
    ready = profile.state == StepState.DONE and sum(facts.documents.values()) > 0
    approval = _approval(store, facts, ready)
    products = _products(store.status == S.APPROVED, facts)
    activity = _activity(facts.products.get(S.APPROVED, 0) > 0, facts)
    ad_plan = _ad_plan(store.status == S.APPROVED, facts)
    return Checklist([profile, documents, approval, *products, activity, ad_plan])
