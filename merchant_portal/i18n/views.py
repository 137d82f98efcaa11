from flask import redirect, session, url_for
from flask_login import current_user

from ..access import public
from ..audit import audit
from ..extensions import db
from ..next_url import same_site_path
from . import LOCALES, SESSION_KEY, bp
from .forms import LanguageForm


def back_to(target: str | None) -> str:
    """The page the switch was pressed on, read as log-in reads ``next``."""
    return same_site_path(target) or url_for("auth.index")


@bp.route("/language", methods=["POST"])
@public
def switch_language():
    """The header's language switch: kept in the session, and on the account when signed in."""
    form = LanguageForm()
    if not form.validate_on_submit() or form.locale.data not in LOCALES:
        return redirect(back_to(form.next.data))
    locale = form.locale.data
    session[SESSION_KEY] = locale
    if current_user.is_authenticated and current_user.locale != locale:
        user = current_user._get_current_object()
        audit(
            user.id,
            "account",
            user.id,
            "change_language",
            from_state=user.locale,
            to_state=locale,
            detail={"email": user.email},
        )
        user.locale = locale
        db.session.commit()
    return redirect(back_to(form.next.data))
