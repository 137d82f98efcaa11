from flask import render_template

from ..access import Role, roles_required
from ..pagination import paginate
from . import bp
from .checklist import build_checklist
from .queries import current_store, get_product_or_404, product_counts_by_status, store_products


@bp.route("/onboarding")
@roles_required(Role.MERCHANT)
def checklist():
    store = current_store()
    checklist = build_checklist(store, product_counts_by_status(store))
    return render_template("onboarding/checklist.html", store=store, checklist=checklist)


@bp.route("/products")
@roles_required(Role.MERCHANT)
def products():
    store = current_store()
    page = paginate(store_products(store))
    return render_template("onboarding/products.html", store=store, page=page)


@bp.route("/products/<int:product_id>")
@roles_required(Role.MERCHANT)
def product(product_id: int):
    return render_template("onboarding/product.html", product=get_product_or_404(product_id))
