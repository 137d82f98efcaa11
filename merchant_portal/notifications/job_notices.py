"""A finished job's starter finds how it ended in their inbox. Registered with the queue: the
queue runs below the inbox and imports it not."""

from ..extensions import db
from ..jobs.models import Job
from ..jobs.state import TELL_STARTER
from .models import Notification


def tell_starter(job: Job, subject: str, body: str) -> None:
    db.session.add(
        Notification(
            user_id=job.started_by_id, subject=subject, body=body, link=job.payload.get("page")
        )
    )


TELL_STARTER.append(tell_starter)
