from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from ..forms import BoundedIntegerField, FiniteDecimalField, one_line
from ..i18n.lengths import ScriptLength


class TrustRuleForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Name the rule: merchants read it.")),
            ScriptLength(2, 80, message=_l("Between 2 and 80 characters.")),
        ],
    )
    max_price_change_pct = FiniteDecimalField(
        _l("Price change covered, up or down (%; empty: no price change)"),
        places=2,
        minimum=0,
        maximum=50,
        percent=True,
        message=_l("Between 0% and 50%."),
        validators=[Optional()],
    )
    allow_stock_change = BooleanField(_l("Covers stock changes"), default=True)
    clean_decisions = BoundedIntegerField(
        _l("The merchant's last decisions all approved (how many)"),
        minimum=1,
        maximum=100,
        message=_l("Enter from 1 to 100 decisions."),
        validators=[InputRequired(_l("Enter how many decisions make a clean record."))],
    )
    sample_pct = BoundedIntegerField(
        _l("Still sent to a reviewer as spot checks (%)"),
        minimum=0,
        maximum=100,
        percent=True,
        message=_l("Enter from 0% to 100%."),
        validators=[InputRequired(_l("Enter the share kept for spot checks."))],
    )
    active = BooleanField(_l("In force"), default=True)
    save = SubmitField(_l("Save rule"))

    def validate_allow_stock_change(self, field):
        price = self.max_price_change_pct
        if not field.data and price.data is None and not price.errors:
            raise ValidationError(
                _l("The rule covers nothing: give a price band or tick stock changes.")
            )
