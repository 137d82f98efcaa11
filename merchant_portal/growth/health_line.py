"""The health line: the score under which a store joins the recall worklist and its manager
is told. Admins set it on a page; until they do, the configuration's ``HEALTH_RECALL_BELOW``
holds. Every change is audited with the line before and after."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow
from .models import GrowthSetting

NAME = "health_recall_below"
LOWEST, HIGHEST = 1, 1000  # a line at 0 recalls nobody; scores run to 1000


# built once: the business page and the books read the line on every view
_LINE = select(GrowthSetting.value).where(GrowthSetting.name == NAME)


def recall_below() -> int:
    """The line in force: the admins' setting, else the configured default."""
    value = db.session.scalar(_LINE)
    return int(current_app.config["HEALTH_RECALL_BELOW"]) if value is None else value


def set_recall_below(value: int, admin: User) -> bool:
    """False when the line already was ``value``. One statement writes it (the row made if
    missing, by the database); the caller commits."""
    before = recall_below()
    if value == before:
        return False
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(GrowthSetting).values(
        name=NAME, value=value, updated_by_id=admin.id, updated_at=utcnow()
    )
    setting_id = db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["name"],
            set_={"value": value, "updated_by_id": admin.id, "updated_at": utcnow()},
        ).returning(GrowthSetting.id)
    ).scalar_one()
    audit(admin.id, "setting", setting_id, "set_health_line",
          detail={"previous_line": before, "line": value})  # fmt: skip
    return True
