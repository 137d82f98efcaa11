"""A store's business: what merchants see of their own, and staff of any store."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import FIGURE_READERS, Role, roles_required
from ..audit import audit
from ..extensions import db
from ..forms import EmptyForm
from ..i18n import _
from ..sales.models import ProductWeek
from ..timeutil import market_today
from . import bp
from .benchmarks import peer_benchmarks
from .business import (
    ad_returns,
    last_days,
    product_results,
    promotion_uplift,
    stage_of,
    weekly_trend,
)
from .dashboard import months, refreshed_at
from .health_facts import store_health
from .health_history import health_trend
from .health_line import recall_below
from .lifecycle import Stage
from .queries import own_product_or_404, own_store_or_404, store_or_404
from .selection import demand_table, suggestions
from .summaries import refresh
from .trend_chart import trend_chart

OPS = (Role.REVIEWER, Role.ADMIN)
bp.add_app_template_global(trend_chart)  # the trend macro's geometry (growth/_charts.html)


def trend_charts(weeks) -> list[tuple[str, str, list]]:
    """(title, number format, [(week, value)]) for the four week-by-week charts."""

    def series(value):
        return [(week.week.isoformat(), value(week.totals)) for week in weeks]

    return [
        (_("GMV"), "{:,.0f}", series(lambda t: float(t.gmv))),
        (_("Orders"), "{:,.0f}", series(lambda t: t.orders)),
        (_("Conversion"), "{:.1f}%", series(lambda t: (t.conversion or 0) * 100)),
        (_("Average order value"), "{:,.2f}", series(lambda t: float(t.aov or 0))),
    ]


def _business_page(store):
    today = market_today()
    recent, before = last_days(store.id, today)
    best = product_results(store.id, today, best=True)
    # a small catalogue would otherwise list the same products twice
    worst = [p for p in product_results(store.id, today, best=False) if p not in best]
    return render_template(
        "growth/business.html",
        store=store,
        today=today,
        life=stage_of(store.id, today),
        health=store_health([store.id], today)[store.id],
        recent=recent,
        before=before,
        charts=trend_charts(weekly_trend(store.id, today)),
        best=best,
        worst=worst,
        promotions=promotion_uplift(store.id, today),
        ads=ad_returns(store.id),
        suggestions=suggestions(store.category),
        staff_view=not current_user.is_merchant,
        health_trend=[] if current_user.is_merchant else health_trend(store.id, today),
        recall_below=recall_below(),
        peers=peer_benchmarks(store, today),
    )


@bp.route("/")
@roles_required(Role.MERCHANT, store=FIGURE_READERS)
def business():
    return _business_page(own_store_or_404())


@bp.route("/stores/<int:store_id>")
@roles_required(*OPS)
def store_business(store_id: int):
    return _business_page(store_or_404(store_id))


@bp.route("/products/<int:product_id>")
@roles_required(Role.MERCHANT, store=FIGURE_READERS)
def product(product_id: int):
    product = own_product_or_404(product_id)
    weeks = db.session.scalars(
        select(ProductWeek)
        .where(ProductWeek.product_id == product.id)
        .order_by(ProductWeek.week.desc())
        .limit(26)
    ).all()
    return render_template("growth/product.html", product=product, weeks=list(reversed(weeks)))


@bp.route("/selection")
@roles_required(*OPS)
def selection():
    return render_template(
        "growth/selection.html", suggestions=suggestions(limit=10), demand=demand_table()
    )


@bp.route("/dashboard")
@roles_required(*OPS)
def dashboard():
    history = months()
    return render_template(
        "growth/dashboard.html",
        months=history,
        current=history[-1] if history else None,
        refreshed=refreshed_at(),
        stages=list(Stage),
        stage_names={stage: stage.label for stage in Stage},  # said once, shown ~100 times
        form=EmptyForm(),
    )


@bp.route("/dashboard/refresh", methods=["POST"])
@roles_required(*OPS)
def refresh_dashboard():
    if not EmptyForm().validate_on_submit():
        abort(400)
    counts = refresh(market_today())
    audit(current_user.id, "user", current_user.id, "refresh_growth", detail={"stages": counts})
    db.session.commit()
    flash(_("Stages, moves and category demand recomputed from the latest sales."), "success")
    return redirect(url_for("growth.dashboard"))
