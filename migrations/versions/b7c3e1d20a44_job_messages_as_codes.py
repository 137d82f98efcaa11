"""jobs.message_code + message_args: a job's message as a code and its arguments, not a sentence

A job's progress and closing message were stored as English (or the starter's language) and
matched back to a translation by regular expressions when shown. Rows already stored keep their
words as written (code ``as_written``), or the queue's own code where the sentence was one of
the queue's.

Revision ID: b7c3e1d20a44
Revises: 6d7f475becbc
Create Date: 2026-12-06 02:40:00.000000

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "b7c3e1d20a44"
down_revision = "6d7f475becbc"
branch_labels = None
depends_on = None

QUEUE_CODES = {
    "Waiting to start": "waiting",
    "Waiting to start again": "waiting_again",
    "Cancelled; what was already saved stays.": "cancelled",
    "The worker running this job stopped; resuming": "resuming",
    "Failed: its worker kept stopping": "gave_up",
}
FAILED_PREFIX = "Failed: "

jobs = sa.table(
    "jobs",
    sa.column("id", sa.Integer),
    sa.column("message", sa.String),
    sa.column("message_code", sa.String),
    sa.column("message_args", sa.JSON),
    sa.column("attempts", sa.Integer),
)


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("message_code", sa.String(length=60), nullable=False, server_default="waiting")
        )
        batch_op.add_column(sa.Column("message_args", sa.JSON(), nullable=True))
    connection = op.get_bind()
    for job_id, message, attempts in connection.execute(
        sa.select(jobs.c.id, jobs.c.message, jobs.c.attempts)
    ).all():
        if message in QUEUE_CODES:
            code = QUEUE_CODES[message]
            args = {"attempts": attempts} if code == "gave_up" else {}
        elif message and message.startswith(FAILED_PREFIX):
            code, args = "failed", {"error": message.removeprefix(FAILED_PREFIX)}
        else:
            code, args = "as_written", {"text": message or ""}
        connection.execute(
            jobs.update().where(jobs.c.id == job_id).values(message_code=code, message_args=args)
        )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.alter_column("message_args", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("message")


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("message", sa.String(length=200), nullable=False, server_default="")
        )
    connection = op.get_bind()
    said = {code: words for words, code in QUEUE_CODES.items()}
    for job_id, code, args in connection.execute(
        sa.select(jobs.c.id, jobs.c.message_code, jobs.c.message_args)
    ).all():
        args = json.loads(args) if isinstance(args, str) else (args or {})
        text = said.get(code) or args.get("text") or code
        if code == "failed":
            text = FAILED_PREFIX + str(args.get("error", ""))
        connection.execute(jobs.update().where(jobs.c.id == job_id).values(message=text[:200]))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("message_code")
        batch_op.drop_column("message_args")
