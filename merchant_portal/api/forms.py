from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectChoice, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..extensions import db
from ..forms import one_line
from .models import SCOPES, ApiToken


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[
            DataRequired(_l("Name the token, e.g. “marketplace nightly sales”.")),
            Length(max=80, message=_l("At most 80 characters.")),
        ],
        filters=[one_line],
    )
    scopes = SelectMultipleField(
        _l("Scopes"),
        choices=[SelectChoice(code, label) for code, label in SCOPES.items()],
        validators=[DataRequired(_l("Choose at least one scope."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    issue = SubmitField(_l("Issue token"))

    def validate_name(self, field):
        """Names tell live tokens apart in the list; and a page refreshed or a button clicked
        twice would otherwise issue a second token nobody ever copied, live all the same."""
        live = select(ApiToken.id).where(ApiToken.name == field.data, ApiToken.revoked_at.is_(None))
        if db.session.scalar(live) is not None:
            raise ValidationError(
                _(
                    "A live token already has this name (issued just now, if you refreshed "
                    "the page): revoke it first, or name this one differently."
                )
            )
