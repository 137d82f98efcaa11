from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import (
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ...edit_version import seen_field
from ...forms import (
    BoundedIntegerField,
    FileField,
    FiniteDecimalField,
    MultipleFileField,
    form_key_field,
    one_line,
    strip_text,
)
from ...i18n.lengths import ScriptLength
from ..catalog import all_attribute_names, attribute_specs, attributes_for, category_choices
from ..categories.values import VALUE_MAX, read_values

ATTRIBUTE_MAX = VALUE_MAX
# a category that is not one the marketplace offers (retired, or never one)
UNKNOWN_CATEGORY = LazyString(
    lambda: _("Choose a category from the list: the one given is not offered (any more).")
)


class ProductForm(FlaskForm):
    form_key = form_key_field()
    seen = seen_field()  # services.listing_version
    title = StringField(
        _l("Title"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Give the product a title.")),
            ScriptLength(3, 120, _l("Use 3 to 120 characters.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip_text],
        validators=[Optional(), Length(max=5000, message=_l("At most 5,000 characters."))],
    )
    category = SelectField(
        _l("Category"),
        choices=[],
        validate_choice=True,
        invalid_choice_message=UNKNOWN_CATEGORY,
    )
    price = FiniteDecimalField(
        _l("Price"),
        places=2,
        minimum="0.01",
        maximum=1_000_000,
        message=_l("Enter a price between 0.01 and 1,000,000."),
        validators=[Optional()],
    )
    stock = BoundedIntegerField(
        _l("Stock"),
        minimum=0,
        maximum=1_000_000,
        message=_l("Enter a stock from 0 to 1,000,000."),
        validators=[Optional()],
    )
    save = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the tree is data: its leaves are read when the form is made, not when imported
        self.category.choices = category_choices()

    def attribute_values(self, source=None) -> dict[str, str]:
        """Values of the chosen category's attributes, from fields named attr:<name>, and the
        filled attributes of other categories the editor kept (hidden) when the category
        changed: switching category never wipes what was typed or saved."""
        source = request.form if source is None else source
        return kept_attributes(source, attributes_for(self.category.data))

    def attribute_errors(self, values: dict[str, str]) -> dict[str, str]:
        """Every attribute of the chosen leaf read by its kind; ``values`` take the readings
        (15厘米 → 15, White → 白色), so what is saved is what the problems were about."""
        read, problems = read_values(attribute_specs(self.category.data), values)
        values.update(read)
        for name, value in values.items():
            if name not in problems and len(value) > ATTRIBUTE_MAX:
                problems[name] = _("At most %(max)s characters.", max=ATTRIBUTE_MAX)
        return problems


def kept_attributes(source, names: tuple[str, ...]) -> dict[str, str]:
    """{name: value} for ``names`` (empty when not typed), then every other known attribute
    that has a value."""
    values = {name: _typed(source, name) for name in names}
    for name in all_attribute_names():
        value = _typed(source, name)
        if name not in values and value:
            values[name] = value
    return values


def _typed(source, name: str) -> str:
    """One field's text, or several ticked boxes (an attribute of several values) joined."""
    key = f"attr:{name}"
    many = source.getlist(key) if hasattr(source, "getlist") else [source.get(key)]
    return "、".join(v.strip() for v in many if v and v.strip())


MAX_IMAGES_AT_ONCE = 10


class ImageForm(FlaskForm):
    image = MultipleFileField(
        _l(
            "Add images (PNG, JPEG or WebP, up to 5 MB each, several at once); the main image "
            "square, 800 x 800 pixels or more"
        )
    )
    upload = SubmitField(_l("Upload image"))


class ImportForm(FlaskForm):
    file = FileField(_l("Excel or CSV file"))
    upload = SubmitField(_l("Check and import"))
