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

from ..forms import CheckboxList, strip_text
from ..reviewing.reasons import REASONS
from ..reviewing.workflow import DECISIONS

DECISION_LABELS = {"approve": "Approve", "request_changes": "Request changes", "reject": "Reject"}


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Decision",
        choices=[SelectChoice(d, DECISION_LABELS[d]) for d in DECISIONS],
        validators=[InputRequired("Choose a decision.")],
    )
    reasons = CheckboxList("Reasons", choices=[SelectChoice(k, v) for k, v in REASONS.items()])
    comment = TextAreaField(
        "Note to the merchant",
        filters=[strip_text],
        validators=[Length(max=2000, message="At most 2,000 characters.")],
    )
    seen = HiddenField()  # the state the reviewer was looking at
    submit = SubmitField("Record decision")

    def validate_reasons(self, field):
        if self.decision.data in ("request_changes", "reject") and not field.data:
            raise ValidationError(
                "Choose at least one reason: the merchant needs to know what to fix."
            )

    def validate_comment(self, field):
        if self.decision.data in ("request_changes", "reject") and not field.data:
            raise ValidationError("Write a note the merchant will read: what exactly to change.")


class BulkDecisionForm(DecisionForm):
    items = SelectMultipleField("Submissions", choices=[], validate_choice=False)


class DocumentVerdictForm(FlaskForm):
    verdict = RadioField(
        "Verdict",
        choices=[SelectChoice("accepted", "Accept"), SelectChoice("rejected", "Reject")],
        validators=[InputRequired("Accept or reject the document.")],
    )
    note = StringField(
        "Why (shown to the merchant)", filters=[strip_text], validators=[Length(max=300)]
    )
    save = SubmitField("Save")

    def validate_note(self, field):
        if self.verdict.data == "rejected" and not field.data:
            raise ValidationError("Say why the document is not accepted.")
