from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ...forms import FileField, normalise_email, strip_text
from ..catalog import category_choices
from .models import DOCUMENT_KINDS


def text(label: str, low: int, high: int, required: bool = False, area: bool = False):
    field = TextAreaField if area else StringField
    first = DataRequired(f"Enter the {label.lower()}.") if required else Optional()
    return field(
        label,
        filters=[strip_text],
        validators=[first, Length(low, high, f"Use {low} to {high} characters.")],
    )


class StoreProfileForm(FlaskForm):
    name = text("Store name", 2, 80, required=True)
    category = SelectField("Main category", choices=category_choices(), validate_choice=True)
    description = text("Description", 20, 2000, area=True)
    contact_email = EmailField(
        "Contact email for shoppers",
        filters=[normalise_email],
        validators=[Optional(), Length(max=254), Email("Enter a valid email address.")],
    )
    contact_phone = StringField(
        "Contact phone",
        filters=[strip_text],
        validators=[
            Optional(),
            Length(max=40, message="At most 40 characters."),
            Regexp(
                r"^\+?[0-9 ()\-]{6,}$",
                message="Digits, spaces, + ( ) - only, like +44 20 7946 0000.",
            ),
        ],
    )
    shipping_policy = text("Shipping policy", 10, 2000, area=True)
    return_policy = text("Return policy", 10, 2000, area=True)
    submit = SubmitField("Save profile")


class DocumentForm(FlaskForm):
    kind = SelectField(
        "Document",
        choices=[SelectChoice(key, label) for key, label in DOCUMENT_KINDS.items()],
        validate_choice=True,
    )
    file = FileField("File (PDF, PNG or JPEG, up to 10 MB)")
    upload = SubmitField("Upload")
