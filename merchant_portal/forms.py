"""Form pieces shared by every feature.

A refused form keeps everything: views render the refused form object itself again (never a
redirect, never a fresh form), so every typed value comes back, and ``CheckedForm`` finds
every problem in one round, the checks that need several fields or the database included.
"""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


def strip_text(value):
    return value.strip() if isinstance(value, str) else value


def normalise_email(value):
    return value.strip().lower() if isinstance(value, str) else value


class EmptyForm(FlaskForm):
    """For button-only POSTs (log out, deactivate): carries the CSRF token and nothing else."""


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as checkboxes (review reasons, a promotion's categories)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def add_problems(form, problems: dict[str, list[str]]) -> None:
    """Puts each message next to its field, or among the form's own errors when no field has
    that name. A field that already failed its own check keeps only that message: a problem
    found on a value the field could not read would only repeat it in other words."""
    for name, messages in problems.items():
        target = getattr(form, name, None)
        if target is None or not hasattr(target, "errors"):
            form.form_errors.extend(m for m in messages if m not in form.form_errors)
            continue
        if target.errors:
            continue
        target.errors = list(messages)


class CheckedForm(FlaskForm):
    """A form that shows every problem at once: the fields' own checks, then ``problems()``
    (checks across fields, against the database or the optimizer), run even when some field
    failed, so fixing the first round never reveals a second."""

    def problems(self) -> dict[str, list[str]]:
        """{field name: [message]} for what the fields cannot check alone; override."""
        return {}

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        found = {name: messages for name, messages in self.problems().items() if messages}
        add_problems(self, found)
        return fields_ok and not found and not self.form_errors
