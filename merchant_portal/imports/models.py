from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

ACTIVE = sa.text("undone_at IS NULL")


class ImportBatch(db.Model):
    """One imported file. The same content can be live once per store and kind: the unique
    index, not a check before the insert, is what refuses the second copy, so two uploads of
    one file at the same moment cannot both land. An undone batch frees its content again."""

    __tablename__ = "import_batches"
    __table_args__ = (
        sa.Index(
            "uq_import_batches_live_content",
            "kind",
            "store_id",
            "content_hash",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # "products" or "results"
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    file_name: Mapped[str] = mapped_column(sa.String(200))
    row_count: Mapped[int]
    # listings of the store a product file changed (the rows it made are row_count)
    changed_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    @property
    def undone(self) -> bool:
        return self.undone_at is not None
