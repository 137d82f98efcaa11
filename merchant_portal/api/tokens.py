"""Issuing, revoking and checking API tokens."""

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from flask import g, jsonify, request
from sqlalchemy import select

from ..access import ACCESS_ATTRIBUTE, PUBLIC, Role
from ..audit import audit
from ..auth.models import User
from ..auth.signals import rights_lost
from ..extensions import db
from ..security import takes_json
from ..timeutil import utcnow
from .models import ApiToken

PREFIX = "mpt_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(name: str, scopes: list[str], admin: User) -> tuple[ApiToken, str]:
    """The new token and its secret, which is shown once and never stored."""
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise TypeError("scopes is a list of scope names")  # "sales:write" as text passed `in`
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=_digest(secret),
        prefix=secret[:10],
        scopes=scopes,
        created_by_id=admin.id,
    )
    db.session.add(token)
    db.session.flush()
    audit(admin.id, "api_token", token.id, "issue", detail={"name": name, "scopes": scopes})
    return token, secret


def revoke_token(token: ApiToken, admin: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit(admin.id, "api_token", token.id, "revoke", from_state="active", to_state="revoked")


@rights_lost.connect
def _revoke_on_rights_lost(issuer: User, actor: User | None, reason: str) -> None:
    revoke_tokens_issued_by(issuer, actor, reason)


def revoke_tokens_issued_by(issuer: User, actor: User | None, reason: str) -> int:
    """A token carries its issuer's rights: when the admin is deactivated or leaves the admin
    role, every token they issued dies with those rights. Returns how many were revoked."""
    live = db.session.scalars(
        select(ApiToken).where(ApiToken.created_by_id == issuer.id, ApiToken.revoked_at.is_(None))
    ).all()
    for token in live:
        token.revoked_at = utcnow()
        audit(actor.id if actor else None, "api_token", token.id, "revoke",
              from_state="active", to_state="revoked", detail={"reason": reason})  # fmt: skip
    return len(live)


def _issuer_still_may(token: ApiToken) -> bool:
    """Checked on every use too, so a token outlives no change of rights however it came."""
    issuer = db.session.get(User, token.created_by_id)
    return issuer is not None and issuer.active and issuer.role == Role.ADMIN


def _refuse(status: int, message: str):
    response = jsonify(error="unauthorized" if status == 401 else "forbidden", message=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="merchant-portal"'
    return response


def token_required(scope: str) -> Callable[[Callable], Callable]:
    """A bearer token carrying ``scope``: 401 without a live token, 403 without the scope.

    The signed-in session plays no part (the route is open to every role and to nobody),
    which is also why these routes are exempt from CSRF: no cookie authenticates them."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            kind, _, secret = request.headers.get("Authorization", "").partition(" ")
            if kind.lower() != "bearer" or not secret.strip():
                return _refuse(401, "Send the token as 'Authorization: Bearer <token>'.")
            token = db.session.scalar(
                select(ApiToken).where(ApiToken.token_hash == _digest(secret.strip()))
            )
            if token is None or token.revoked_at is not None or not _issuer_still_may(token):
                return _refuse(401, "This token is unknown or was revoked.")
            if scope not in token.scope_list:
                return _refuse(403, f"This token lacks the '{scope}' scope.")
            token.last_used_at = utcnow()
            g.api_token = token
            return view(*args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, PUBLIC)
        return takes_json(guarded)  # an API endpoint: its body is JSON

    return decorator
