from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..forms import FiniteDecimalField, strip_text
from ..numbers import parse_int
from ..timeutil import utcnow
from .models import RECALL_KINDS
from .recall import TEMPLATE_LABELS

SNOOZE_MAX_DAYS = 90


class RecallForm(FlaskForm):
    kind = RadioField(
        "What did you do?",
        choices=[
            SelectChoice(k, v)
            for k, v in {
                "message": "Send a message",
                "call": "Log a call",
                "snooze": "Snooze",
            }.items()
        ],
        validators=[InputRequired("Choose an action.")],
    )
    template = SelectField(
        "Message",
        choices=[SelectChoice("", "Choose a message")]
        + [SelectChoice(k, v) for k, v in TEMPLATE_LABELS.items()],
        validate_choice=False,
    )
    note = TextAreaField("Note", validators=[Length(max=2000)], filters=[strip_text])
    snooze_until = DateField("Snooze until", validators=[Optional()])
    record = SubmitField("Record")

    def validate_template(self, field):
        # any other value is no message (one 5,000 characters long answered 500 on PostgreSQL)
        if (self.kind.data == "message" or field.data) and field.data not in TEMPLATE_LABELS:
            raise ValidationError("Choose the message to send.")

    def validate_note(self, field):
        if self.kind.data == "call" and not field.data:
            raise ValidationError("Say what the call was about and what was agreed.")

    def validate(self, extra_validators=None) -> bool:
        # checked after the fields: Optional() on the date stops its own chain when empty
        valid = super().validate(extra_validators)
        if self.kind.data != "snooze" or self.snooze_until.errors:
            return valid
        today, until = utcnow().date(), self.snooze_until.data
        if until is None:
            self.snooze_until.errors = ["Choose the date to bring the merchant back to the list."]
        elif not today < until <= today + timedelta(days=SNOOZE_MAX_DAYS):
            self.snooze_until.errors = [f"Choose a date in the next {SNOOZE_MAX_DAYS} days."]
        else:
            return valid
        return False


assert set(RECALL_KINDS) == {"message", "call", "snooze"}


class AssignForm(FlaskForm):
    stores = SelectMultipleField("Merchants", choices=[], validate_choice=False)
    manager = SelectField("Account manager", choices=[], validate_choice=False)
    target = FiniteDecimalField(
        "Monthly GMV target (leave empty to keep)",
        minimum=0,
        maximum=1_000_000_000,
        message="Enter 0 to 1,000,000,000.",
        validators=[Optional()],
    )
    assign = SubmitField("Apply to the ticked merchants")

    def validate_stores(self, field):
        if not field.data or not all(parse_int(value, 1) for value in field.data):
            raise ValidationError("Tick at least one merchant.")


class MoveBookForm(FlaskForm):
    source = SelectField("Move every merchant of", choices=[], validate_choice=False)
    destination = SelectField("to", choices=[], validate_choice=False)
    move = SubmitField("Move the whole book")

    def validate_destination(self, field):
        if field.data == self.source.data:
            raise ValidationError("Choose another manager to move the book to.")
