"""Accepting a fit: the accepted version moves in two conditional updates in one transaction;
the partial unique index refuses a second accepted version, so of two planners accepting at
once one wins and the other is told (never two accepted, never none in between)."""

from sqlalchemy import exc, select, update

from ...audit import audit
from ...extensions import db
from ...timeutil import utcnow
from .models import ACCEPTED, RETIRED, CurveFit


class AcceptedMeanwhile(Exception):
    """Another planner accepted a version while this one was being accepted."""


class AlreadyAccepted(Exception):
    """This version is the accepted one already (a double click)."""


def accepted_fit() -> CurveFit | None:
    return db.session.scalar(select(CurveFit).where(CurveFit.status == ACCEPTED))


def accept_fit(fit: CurveFit, actor_id: int) -> None:
    """The caller commits. Raises ``AlreadyAccepted`` or ``AcceptedMeanwhile``."""
    if fit.status == ACCEPTED:
        raise AlreadyAccepted(fit.number)
    previous = accepted_fit()
    before = fit.status
    try:
        # never this version itself: a parallel click that had just accepted it was retired
        # here and accepted again, and both clicks wrote their audit event as a success
        db.session.execute(
            update(CurveFit)
            .where(CurveFit.status == ACCEPTED, CurveFit.id != fit.id)
            .values(status=RETIRED)
            .execution_options(synchronize_session=False)
        )
        moved = db.session.execute(
            update(CurveFit)
            .where(CurveFit.id == fit.id, CurveFit.status != ACCEPTED)
            .values(status=ACCEPTED, accepted_at=utcnow(), accepted_by_id=actor_id)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.flush()
    except exc.IntegrityError as error:
        db.session.rollback()
        raise AcceptedMeanwhile() from error
    if not moved:
        db.session.rollback()
        raise AlreadyAccepted(fit.number)
    db.session.expire_all()
    audit(
        actor_id,
        "curve_fit",
        fit.id,
        "accept_curve_fit",
        from_state=before,
        to_state=ACCEPTED,
        detail={
            "fit": fit.number,
            "previous_fit": previous.number if previous is not None else None,
        },
    )
