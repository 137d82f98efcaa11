"""Changes to a store's team. Each stages its changes; the view commits once.

The store keeps an owner whatever two owners do at the same moment: a demotion, a removal or a
leaving is one conditional statement ("…while another owner remains"), run after taking the
store's row lock, so the second of two owners demoting each other waits, then finds no other
owner and is refused. A check in Python before the write would let both through.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from ...access import StoreRole
from ...audit import audit
from ...auth.models import User, new_session_token
from ...auth.signals import rights_lost
from ...extensions import db
from ...mail import send_mail
from ...timeutil import utcnow
from ...transitions import write_lock_first
from ..store.models import Store
from .models import StoreInvitation, StoreMember

INVITATION_LIFETIME = timedelta(days=7)
# members and open invitations together: a team's page lists them all without paging
TEAM_LIMIT = 30


class LastOwner(Exception):
    """The change would leave the store without an owner."""


class InvitationGone(Exception):
    """Expired, revoked or already used (possibly a moment ago, by another request)."""


class AlreadyInAStore(Exception):
    """The account belongs to a store already: one store per account."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invite(store: Store, email: str, role: StoreRole, actor: User) -> StoreInvitation:
    """Stages the invitation and mails its link (in the portal's language for a stranger)."""
    secret = secrets.token_urlsafe(32)
    invitation = StoreInvitation(
        store_id=store.id,
        email=email,
        role=role,
        token_hash=_hash(secret),
        invited_by_id=actor.id,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    link = url_for("team.join_store", token=secret, _external=True)
    send_mail(
        email,
        _("%(person)s invites you to run “%(store)s”", person=actor.email, store=store.name),
        _(
            "%(person)s invites you to join the team of the store “%(store)s” on the merchant "
            "portal, as %(role)s.\n\nAccept here (the link works once, for %(days)d days):\n"
            "%(link)s\n\nIf you did not expect this, ignore this message.\n",
            person=actor.email,
            store=store.name,
            role=role.label,
            days=INVITATION_LIFETIME.days,
            link=link,
        ),
    )
    audit(actor_id=actor.id, subject_kind="team", subject_id=store.id, action="invite_member",
          to_state=role.value, detail={"email": email, "invitation": invitation.id})  # fmt: skip
    return invitation


def invitation_for(secret: str) -> StoreInvitation | None:
    """The invitation a link names, whatever its state (the page says why it no longer works)."""
    if not secret or len(secret) > 100:
        return None
    return db.session.scalar(
        select(StoreInvitation).where(StoreInvitation.token_hash == _hash(secret))
    )


def revoke(invitation: StoreInvitation, actor: User) -> bool:
    moved = db.session.execute(
        update(StoreInvitation)
        .where(
            StoreInvitation.id == invitation.id,
            StoreInvitation.accepted_at.is_(None),
            StoreInvitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return False
    audit(actor_id=actor.id, subject_kind="team", subject_id=invitation.store_id,
          action="revoke_invitation", detail={"email": invitation.email})  # fmt: skip
    return True


def join(invitation: StoreInvitation, user: User) -> StoreMember:
    """The invitation used once: a second use (the link opened twice, forwarded, or sent twice
    at once) raises InvitationGone and changes nothing."""
    used = db.session.execute(
        update(StoreInvitation)
        .where(
            StoreInvitation.id == invitation.id,
            StoreInvitation.accepted_at.is_(None),
            StoreInvitation.revoked_at.is_(None),
            StoreInvitation.expires_at > utcnow(),
        )
        .values(accepted_at=utcnow(), accepted_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        raise InvitationGone(invitation.id)
    member = StoreMember(store_id=invitation.store_id, user_id=user.id, role=invitation.role)
    savepoint = db.session.begin_nested()
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError:  # the account joined a store meanwhile
        savepoint.rollback()
        raise AlreadyInAStore(user.id) from None
    savepoint.commit()
    audit(actor_id=user.id, subject_kind="team", subject_id=invitation.store_id, action="join",
          to_state=invitation.role.value,
          detail={"email": user.email, "invitation": invitation.id})  # fmt: skip
    return member


def _lock_the_team(store_id: int) -> None:
    """Team changes of one store wait for each other (the store's row lock; SQLite's write
    lock), so each conditional statement below sees the last one's outcome."""
    write_lock_first(StoreMember)
    db.session.execute(select(Store.id).where(Store.id == store_id).with_for_update())


def _another_owner_remains(member: StoreMember):
    other = aliased(StoreMember)
    return exists().where(
        other.store_id == member.store_id,
        other.role == StoreRole.OWNER,
        other.id != member.id,
    )


def change_role(member: StoreMember, role: StoreRole, actor: User) -> bool:
    """False when the member already has ``role``; raises LastOwner for the last owner."""
    _lock_the_team(member.store_id)
    was = db.session.scalar(select(StoreMember.role).where(StoreMember.id == member.id))
    if was is None or was == role:
        return False
    keeps_an_owner = [StoreMember.id == member.id]
    if role != StoreRole.OWNER:
        keeps_an_owner.append(
            or_(StoreMember.role != StoreRole.OWNER, _another_owner_remains(member))
        )
    moved = db.session.execute(
        update(StoreMember)
        .where(*keeps_an_owner)
        .values(role=role)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise LastOwner(member.id)
    db.session.expire(member, ["role"])
    audit(actor_id=actor.id, subject_kind="team", subject_id=member.store_id,
          action="change_member_role", from_state=was.value, to_state=role.value,
          detail={"member": member.user_id})  # fmt: skip
    return True


def remove(member: StoreMember, actor: User) -> None:
    """Takes the member out of the store and signs them out everywhere (a new session token);
    what they issued dies with their rights. Raises LastOwner for the last owner."""
    store_id, user_id = member.store_id, member.user_id
    _lock_the_team(store_id)
    gone = db.session.execute(
        delete(StoreMember)
        .where(
            StoreMember.id == member.id,
            or_(StoreMember.role != StoreRole.OWNER, _another_owner_remains(member)),
        )
        .execution_options(synchronize_session=False)
    )
    if gone.rowcount != 1:
        raise LastOwner(member.id)
    db.session.expunge(member)
    user = db.session.get(User, user_id)
    user.session_token = new_session_token()
    rights_lost.send(user, actor=actor, reason="removed from store")
    _hand_over_the_store(store_id, user_id)
    audit(actor_id=actor.id, subject_kind="team", subject_id=store_id,
          action="leave_store" if actor.id == user_id else "remove_member",
          detail={"member": user_id, "email": user.email})  # fmt: skip


def _hand_over_the_store(store_id: int, leaving_user_id: int) -> None:
    """The store's notices go to its merchant: when that person leaves, to the longest-standing
    owner (there is one: the last owner cannot leave)."""
    store = db.session.get(Store, store_id)
    if store.merchant_id != leaving_user_id:
        return
    store.merchant_id = db.session.scalar(
        select(StoreMember.user_id)
        .where(StoreMember.store_id == store_id, StoreMember.role == StoreRole.OWNER)
        .order_by(StoreMember.joined_at, StoreMember.id)
        .limit(1)
    )
