from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

SCOPES = {"sales:write": _l("Send daily sales (POST /api/v1/sales)")}


class ApiToken(db.Model):
    """A machine credential issued by an admin. Only a hash of the secret is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    # SHA-256 of a 256-bit random secret: nothing to brute-force, so no slow hash is needed
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))  # shown so people can tell tokens apart
    scopes: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    @property
    def scope_list(self) -> list[str]:
        """The scopes as a list of names; anything else stored grants nothing (a string
        "sales:write" tested with ``in`` matched "sales" too)."""
        if not isinstance(self.scopes, list):
            return []
        return [scope for scope in self.scopes if isinstance(scope, str) and scope in SCOPES]

    @property
    def active(self) -> bool:
        return self.revoked_at is None
