from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import ALL_ROLES, ALL_STORE_ROLES, roles_required
from ..extensions import db
from ..pagination import paginate
from ..timeutil import utcnow
from . import bp
from .models import Notification
from .queries import forget_unread


def get_notification_or_404(notification_id: int) -> Notification:
    notification = db.session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == current_user.id
        )
    )
    if notification is None:
        abort(404)
    return notification


@bp.route("/")
@roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)
def inbox():
    query = (
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return render_template("notifications/inbox.html", page=paginate(query))


@bp.route("/<int:notification_id>")
@roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)
def message(notification_id: int):
    notification = get_notification_or_404(notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
        forget_unread()
    return render_template("notifications/message.html", notification=notification)


@bp.route("/<int:notification_id>/open")
@roles_required(*ALL_ROLES, store=ALL_STORE_ROLES)
def follow(notification_id: int):
    notification = get_notification_or_404(notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return redirect(notification.link or url_for("notifications.inbox"))
