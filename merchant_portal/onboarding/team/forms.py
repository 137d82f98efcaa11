from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired

from ...access import StoreRole
from ...auth.forms import confirm_field, email_field, existing_password_field, new_password_field
from ...auth.models import User
from ...extensions import db
from ...forms import CheckedForm
from .models import StoreMember
from .queries import pending_invitations


def role_field(label=None) -> SelectField:
    # labels are read when the form is built, in the reader's language
    return SelectField(
        label or _l("Role"), validators=[DataRequired(_l("Choose a role."))], validate_choice=True
    )


def fill_roles(field: SelectField) -> None:
    field.choices = [(role.value, role.label) for role in StoreRole]


class InviteForm(CheckedForm):
    email = email_field(_l("Their email"))
    role = role_field()
    submit = SubmitField(_l("Send the invitation"))

    def __init__(self, store_id: int, team_size: int, limit: int, **kwargs):
        super().__init__(**kwargs)
        fill_roles(self.role)
        # no role chosen in advance: the first one listed is Owner, and an owner sent in a hurry
        # could remove the one who invited them
        self.role.choices.insert(0, ("", _l("Choose a role")))
        self.store_id, self.team_size, self.limit = store_id, team_size, limit

    def problems(self) -> dict[str, list[str]]:
        email = self.email.data
        found: dict[str, list[str]] = {}
        if self.team_size >= self.limit:
            self.form_errors.append(
                _l("A team has at most %(num)d members and open invitations.", num=self.limit)
            )
        if not email or self.email.errors:
            return found
        account = db.session.execute(
            select(User, StoreMember.store_id)
            .outerjoin(StoreMember, StoreMember.user_id == User.id)
            .where(User.email == email)
        ).first()
        if account is not None:
            user, store_id = account
            if store_id == self.store_id:
                found["email"] = [_l("%(email)s is already in your team.", email=email)]
            elif store_id is not None or user.is_staff:
                # one store per account: saying so tells nothing an invitation would not
                found["email"] = [_l("This address belongs to another store's account.")]
        if any(i.email == email for i in pending_invitations(self.store_id)):
            found["email"] = [_l("An invitation to this address is already waiting.")]
        return found


class RoleForm(FlaskForm):
    role = role_field(_l("New role"))
    submit = SubmitField(_l("Change role"))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        fill_roles(self.role)


class JoinNewForm(FlaskForm):
    password = new_password_field()
    confirm = confirm_field()
    submit = SubmitField(_l("Join the team"))


class JoinExistingForm(FlaskForm):
    password = existing_password_field(
        _l("Your password"), _l("Enter your password."), _l("That is not your password.")
    )
    submit = SubmitField(_l("Join the team"))
