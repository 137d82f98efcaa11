from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_currency, format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ...access import LISTING_ROLES, Role, roles_required
from ...extensions import db
from ...i18n.name_order import in_name_order
from ...pagination import paginate
from ...timeutil import market_today, utcnow
from ...transitions import read_locked
from ...workflow.reviewable import ReviewStatus
from ..products.models import Product
from ..queries import current_store
from ..store.qualifications import lacking_documents
from . import bp
from .eligibility import check_eligibility, describe_rules, window_notice
from .forms import RegistrationForm
from .models import Activity, ActivityRegistration
from .services import existing_registration, register, registrations_in, reviewer_feedback


@bp.route("/")
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def index():
    now = utcnow()
    query = (
        select(Activity)
        .where(Activity.registration_closes_at >= now)
        .order_by(Activity.registration_closes_at, Activity.id)
    )
    page = paginate(query)
    return render_template(
        "activities/index.html",
        page=page,
        now=now,
        rules={a.id: describe_rules(a) for a in page.items},
    )


def get_activity_or_404(activity_id: int) -> Activity:
    return db.session.get(Activity, activity_id) or abort(404)


def live_products(store) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.store_id == store.id, Product.status == ReviewStatus.APPROVED)
            .order_by(in_name_order(Product.title), Product.id)
        )
    )


@bp.route("/<int:activity_id>", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def detail(activity_id: int):
    activity = get_activity_or_404(activity_id)
    store = current_store()
    products = live_products(store)
    form = RegistrationForm()
    form.product.choices = [(0, _("Choose a live product"))] + [
        (
            p.id,
            _(
                "%(title)s — %(price)s, %(stock)s in stock",
                title=p.title,
                price=format_currency(p.price, current_app.config["CURRENCY"]),
                stock=format_decimal(p.stock),
            ),
        )
        for p in products
    ]
    checks = []
    if form.validate_on_submit():
        product = next((p for p in products if p.id == form.product.data), None)
        if product is None:
            form.product.errors.append(_("Choose one of your live products."))
        else:
            if existing_registration(activity.id, product.id) is not None:
                # a double click or a retried POST: the registration exists, say so
                flash(_("This product is already registered in this activity."), "info")
                return redirect(url_for("activities.registrations"))
            # the store's registrations counted under its row's lock: two products sent at
            # once each counted the other's not yet there, and both passed a cap of one
            read_locked(store)
            checks = check_eligibility(
                activity,
                store,
                product,
                form.promo_price.data,
                form.promo_stock.data,
                registrations_in(activity.id, store.id),
                utcnow(),
                lacking_documents(store.id, product.category, market_today()),
            )
            failed = [c for c in checks if not c.met]
            if not failed:
                try:
                    register(
                        activity,
                        store,
                        product,
                        form.promo_price.data,
                        form.promo_stock.data,
                        current_user,
                    )
                    db.session.commit()
                except IntegrityError:  # the same form, sent twice at once: the other won
                    db.session.rollback()
                    flash(_("This product is already registered in this activity."), "info")
                    return redirect(url_for("activities.registrations"))
                flash(
                    _(
                        "Registered for %(promotion)s. Merchant operations will review it.",
                        promotion=activity.label,
                    ),
                    "success",
                )
                return redirect(url_for("activities.registrations"))
            for check in failed:
                if check.field:
                    getattr(form, check.field).errors.append(
                        _("%(rule)s: %(detail)s.", rule=check.rule, detail=check.detail)
                    )
    status = 400 if form.errors or any(not c.met for c in checks) else 200
    return (
        render_template(
            "activities/detail.html",
            activity=activity,
            form=form,
            checks=checks,
            rules=describe_rules(activity),
            has_products=bool(products),
            now=utcnow(),
            # outside the window the form would only be refused: say when, instead of it
            shut=window_notice(activity, utcnow()),
        ),
        status,
    )


@bp.route("/registrations")
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def registrations():
    store = current_store()
    query = (
        select(ActivityRegistration)
        .options(
            joinedload(ActivityRegistration.activity), joinedload(ActivityRegistration.product)
        )
        .where(ActivityRegistration.store_id == store.id)
        .order_by(ActivityRegistration.created_at.desc(), ActivityRegistration.id.desc())
    )
    page = paginate(query)
    return render_template(
        "activities/registrations.html", page=page, feedback=reviewer_feedback(page.items)
    )
