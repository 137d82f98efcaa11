from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...forms import CheckedForm, TypedDateField, form_key_field, one_line, strip_text
from ...i18n import _l
from ...timeutil import market_today
from .contact_checks import normal_phone, normal_wechat
from .models import ENTRY_KINDS

TASK_MAX_DAYS = 366


class ContactForm(CheckedForm):
    person = StringField(_l("Contact person"), validators=[Length(max=80)], filters=[one_line])
    phone = StringField(_l("Phone"), validators=[Length(max=40)], filters=[one_line])
    wechat = StringField(_l("WeChat"), validators=[Length(max=40)], filters=[one_line])
    save = SubmitField(_l("Save contact"))

    def problems(self) -> dict[str, list[str]]:
        found = {}
        if self.phone.data and not normal_phone(self.phone.data):
            found["phone"] = [
                _l("Enter a mobile like 138 0013 8000 or a landline like 010-12345678.")
            ]
        if self.wechat.data and not normal_wechat(self.wechat.data):
            found["wechat"] = [
                _l(
                    "A WeChat ID has 6 to 20 letters, digits, _ or -, starting with a letter; "
                    "or enter the mobile number it is registered with."
                )
            ]
        return found


class EntryForm(FlaskForm):
    kind = SelectField(
        _l("Kind of entry"),
        choices=[SelectChoice(k, v) for k, v in ENTRY_KINDS.items()],
        validators=[InputRequired(_l("Choose what to write down."))],
    )
    body = TextAreaField(
        _l("What was said"),
        validators=[DataRequired(_l("Write what was said or agreed.")), Length(max=4000)],
        filters=[strip_text],
    )
    form_key = form_key_field()
    add = SubmitField(_l("Add to the timeline"))


class TaskForm(CheckedForm):
    title = StringField(
        _l("Task"),
        validators=[DataRequired(_l("Say what is to be done.")), Length(max=200)],
        filters=[one_line],
    )
    due_on = TypedDateField(_l("Due"), validators=[InputRequired(_l("Enter the due date."))])
    remind_on = TypedDateField(_l("Remind me on"), validators=[Optional()])
    form_key = form_key_field()
    create = SubmitField(_l("Add task"))

    def problems(self) -> dict[str, list[str]]:
        today = market_today()
        found = {}
        if self.due_on.data and not (
            today - timedelta(days=1) <= self.due_on.data <= today + timedelta(TASK_MAX_DAYS)
        ):
            found["due_on"] = [_l("Choose a day from today to a year ahead.")]
        remind = self.remind_on.data
        if remind and self.due_on.data and remind > self.due_on.data:
            found["remind_on"] = [_l("A reminder comes on or before the due date.")]
        elif remind and remind < today - timedelta(days=1):
            found["remind_on"] = [_l("Choose a day from today.")]
        return found
