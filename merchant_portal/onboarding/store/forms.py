from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ...forms import FileField, TypedDateField, normalise_email, one_line, strip_text
from ...i18n.lengths import ScriptLength
from ...timeutil import market_today
from ..catalog import broad_category_choices
from ..categories.kinds import document_kinds
from .models import EXPIRY_YEARS, latest_expiry


def text(label, low: int, high: int, required=None, area: bool = False):
    """``required``: the message when it is left empty (the field is optional without one)."""
    field = TextAreaField if area else StringField
    first = DataRequired(required) if required else Optional()
    return field(
        label,
        filters=[strip_text if area else one_line],
        validators=[
            first,
            # 七天无理由退货 is a whole return policy: Chinese counts 2 a character
            ScriptLength(low, high),
        ],
    )


class StoreProfileForm(FlaskForm):
    name = text(_l("Store name"), 2, 80, required=_l("Enter the store name."))
    category = SelectField(_l("Main category"), choices=[], validate_choice=True)
    description = text(_l("Description"), 20, 2000, area=True)
    contact_email = EmailField(
        _l("Contact email for shoppers"),
        filters=[normalise_email],
        validators=[Optional(), Length(max=254), Email(_l("Enter a valid email address."))],
    )
    contact_phone = StringField(
        _l("Contact phone"),
        filters=[one_line],
        validators=[
            Optional(),
            Length(max=40, message=_l("At most 40 characters.")),
            Regexp(
                r"^\+?[0-9 ()\-]{6,}$",
                message=_l("Digits, spaces, + ( ) - only, like +44 20 7946 0000."),
            ),
        ],
    )
    shipping_policy = text(_l("Shipping policy"), 10, 2000, area=True)
    return_policy = text(_l("Return policy"), 10, 2000, area=True)
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = broad_category_choices(_l("Choose a category"))


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Document"), choices=[], validate_choice=True)
    file = FileField(_l("File (PDF, PNG or JPEG, up to 10 MB)"))
    expires_on = TypedDateField(
        _l("Valid until (as printed on the document; leave empty if it does not expire)"),
        validators=[Optional()],
    )
    upload = SubmitField(_l("Upload"))

    def validate_expires_on(self, field):
        today = market_today()
        if field.data and field.data < today:
            raise ValidationError(_l("This document has already expired: upload the renewed one."))
        if field.data and field.data > latest_expiry(today):
            raise ValidationError(
                _l("That is more than %(years)s years ahead: enter the date printed on the "
                   "document.", years=EXPIRY_YEARS)
            )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the kinds are data: read when the form is made
        self.kind.choices = [SelectChoice(k.code, k.label) for k in document_kinds().values()]
