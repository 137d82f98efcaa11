"""Names in the order a Chinese reader looks them up: by pinyin (阿里, 北京, 茶舍, 张三, 中国),
as PostgreSQL sorts them under ICU's Chinese collation ``zh-u-co-pinyin`` (named ``pinyin``
here). By code point, the order SQLite and PostgreSQL's default give, 中国 came before 阿里:
no order at all to a Chinese reader. SQLite (development and tests) has no such collation and
keeps its own order; ``in_name_order`` writes the collation only for PostgreSQL.

The collation is created by the migration that brought it (PostgreSQL only) and, for a schema
made by ``create_all`` (the tests), before the tables (``CREATE_COLLATION``)."""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ..extensions import db

COLLATION = "pinyin"
CREATE_COLLATION = sa.DDL(
    f"CREATE COLLATION IF NOT EXISTS {COLLATION} (provider = icu, locale = 'zh-u-co-pinyin')"
)


sa.event.listen(db.metadata, "before_create", CREATE_COLLATION.execute_if(dialect="postgresql"))


class in_name_order(FunctionElement):
    """``column`` as ORDER BY (or a window's order) should compare it: by pinyin."""

    type = sa.String()
    inherit_cache = True


@compiles(in_name_order)
def _as_stored(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(in_name_order, "postgresql")
def _by_pinyin(element, compiler, **kw) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE {COLLATION}"


def compared(object_, name, type_, reflected, compare_to) -> bool:
    """Alembic's ``include_object``: the pinyin indexes are PostgreSQL's alone and written by
    hand in their migration (reflection loses an index column's collation, so autogenerate
    would drop and re-add them on every run)."""
    return not (type_ == "index" and object_.info.get("postgresql_only"))
