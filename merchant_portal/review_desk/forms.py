from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import CheckboxList, TypedDateField, one_line, strip_text
from ..onboarding.store.models import EARLIEST_EXPIRY, latest_expiry
from ..timeutil import market_today
from ..workflow.machine import DECISIONS
from ..workflow.reasons import REASONS

DECISION_LABELS = {
    "approve": _l("Approve"),
    "request_changes": _l("Request changes"),
    "reject": _l("Reject"),
}


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice(d, DECISION_LABELS[d]) for d in DECISIONS],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    reasons = CheckboxList(_l("Reasons"), choices=[SelectChoice(k, v) for k, v in REASONS.items()])
    comment = TextAreaField(
        _l("Note to the merchant"),
        filters=[strip_text],
        validators=[Length(max=2000, message=_l("At most 2,000 characters."))],
    )
    seen = HiddenField()  # the state the reviewer was looking at
    submit = SubmitField(_l("Record decision"))

    def validate_reasons(self, field):
        if self.decision.data in ("request_changes", "reject") and not field.data:
            raise ValidationError(
                _l("Choose at least one reason: the merchant needs to know what to fix.")
            )

    def validate_comment(self, field):
        if self.decision.data in ("request_changes", "reject") and not field.data:
            raise ValidationError(
                _l("Write a note the merchant will read: what exactly to change.")
            )


class BulkDecisionForm(DecisionForm):
    items = SelectMultipleField(_l("Submissions"), choices=[], validate_choice=False)


class DocumentVerdictForm(FlaskForm):
    verdict = RadioField(
        _l("Verdict"),
        choices=[
            SelectChoice("accepted", _l("Accept")),
            SelectChoice("rejected", _l("Reject")),
        ],
        validators=[InputRequired(_l("Accept or reject the document."))],
    )
    note = StringField(
        _l("Why (shown to the merchant)"), filters=[one_line], validators=[Length(max=300)]
    )
    # the date printed on the document, as the reviewer reads it (the merchant typed it)
    expires_on = TypedDateField(_l("Valid until"))
    save = SubmitField(_l("Save"))

    def validate_note(self, field):
        if self.verdict.data == "rejected" and not field.data:
            raise ValidationError(_l("Say why the document is not accepted."))

    def validate_expires_on(self, field):
        # a date already past is recorded as printed: the document is then lapsed
        last = latest_expiry(market_today())
        if field.data and not EARLIEST_EXPIRY <= field.data <= last:
            raise ValidationError(
                _l("Enter the date printed on the document, from %(first)s to %(last)s.",
                   first=EARLIEST_EXPIRY.isoformat(), last=last.isoformat())
            )  # fmt: skip
