from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..forms import FiniteDecimalField, TypedDateField, form_key_field, strip_text
from ..i18n import _l
from ..numbers import parse_int
from ..timeutil import market_today
from .models import RECALL_KINDS
from .recall_messages import TEMPLATE_LABELS

SNOOZE_MAX_DAYS = 90


class RecallForm(FlaskForm):
    kind = RadioField(
        _l("What did you do?"),
        choices=[
            SelectChoice(k, v)
            for k, v in {
                "message": _l("Send a message"),
                "call": _l("Log a call"),
                "snooze": _l("Snooze"),
            }.items()
        ],
        validators=[InputRequired(_l("Choose an action."))],
    )
    template = SelectField(
        _l("Message"),
        choices=[SelectChoice("", _l("Choose a message"))]
        + [SelectChoice(k, v) for k, v in TEMPLATE_LABELS.items()],
        validate_choice=False,
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)], filters=[strip_text])
    snooze_until = TypedDateField(_l("Snooze until"), validators=[Optional()])
    form_key = form_key_field()
    record = SubmitField(_l("Record"))

    def validate_template(self, field):
        # any other value is no message (one 5,000 characters long answered 500 on PostgreSQL)
        if (self.kind.data == "message" or field.data) and field.data not in TEMPLATE_LABELS:
            raise ValidationError(_l("Choose the message to send."))

    def validate_note(self, field):
        if self.kind.data == "call" and not field.data:
            raise ValidationError(_l("Say what the call was about and what was agreed."))

    def validate(self, extra_validators=None) -> bool:
        # checked after the fields: Optional() on the date stops its own chain when empty
        valid = super().validate(extra_validators)
        if self.kind.data != "snooze" or self.snooze_until.errors:
            return valid
        today, until = market_today(), self.snooze_until.data
        if until is None:
            self.snooze_until.errors = [
                _l("Choose the date to bring the merchant back to the list.")
            ]
        elif not today < until <= today + timedelta(days=SNOOZE_MAX_DAYS):
            self.snooze_until.errors = [
                _l("Choose a date in the next %(num)d days.", num=SNOOZE_MAX_DAYS)
            ]
        else:
            return valid
        return False


assert set(RECALL_KINDS) == {"message", "call", "snooze"}


class AssignForm(FlaskForm):
    stores = SelectMultipleField(_l("Merchants"), choices=[], validate_choice=False)
    manager = SelectField(_l("Account manager"), choices=[], validate_choice=False)
    target = FiniteDecimalField(
        _l("Monthly GMV target (leave empty to keep)"),
        places=2,
        minimum=0,
        maximum=1_000_000_000,
        message=_l("Enter 0 to 1,000,000,000."),
        validators=[Optional()],
    )
    assign = SubmitField(_l("Apply to the ticked merchants"))
    # unassigning is its own button: a dropdown left at its default must never unassign
    unassign = SubmitField(_l("Unassign the ticked merchants"))

    def validate_stores(self, field):
        if not field.data or not all(parse_int(value, 1) for value in field.data):
            raise ValidationError(_l("Tick at least one merchant."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        nothing = not self.manager.data and self.target.data is None and not self.target.errors
        if self.assign.data and nothing:
            self.manager.errors = [
                _l("Choose a manager or type a target: as it is, nothing would change.")
            ]
            return False
        return valid


class MoveBookForm(FlaskForm):
    source = SelectField(_l("Move every merchant of"), choices=[], validate_choice=False)
    destination = SelectField(_l("to"), choices=[], validate_choice=False)
    move = SubmitField(_l("Move the whole book"))

    def validate_destination(self, field):
        if field.data == self.source.data:
            raise ValidationError(_l("Choose another manager to move the book to."))
