# ruff: noqa: RUF001, E501  (Chinese text with its own punctuation, one product a line)
"""A Chinese merchant in the demo: a tea shop that names its store and products in Chinese,
as a Taobao or JD merchant would, and sells in 食品饮料, where a food business licence is
needed (its licence runs out within the month, so the nightly check warns it)."""

import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app

from .access import Role
from .auth.models import User
from .extensions import db
from .onboarding.products.models import Product
from .onboarding.products.quality import assess_product
from .onboarding.store.models import Store, StoreDocument
from .workflow.reviewable import ReviewStatus

EMAIL = "tea.merchant@example.com"
PROFILE = {
    "name": "云岭茶舍",
    "category": "Food & Drink",
    "description": "云南临沧自家茶园的普洱与滇红，春茶手工采摘，传统工艺压制，每批附检测报告。",
    "contact_email": "kefu@example.com",
    "contact_phone": "+86 871 6888 0000",
    "shipping_policy": "下单后48小时内从昆明发货，全国包邮（港澳台及偏远地区除外）。",
    "return_policy": "七天无理由退货",
}
PRODUCTS = [
    # title, description, price, stock, status
    ("云南古树普洱茶饼 357克 生茶", "临沧古树春茶，2023年压制，条索肥壮，回甘持久。", "128.00", 60, "approved"),
    ("滇红金芽 罐装 100克", "凤庆大叶种金芽，汤色红亮，蜜香明显，适合日常冲泡。", "89.00", 120, "approved"),
    ("手工红糖姜茶 12袋装", "云南甘蔗古法熬制红糖，配小黄姜，冲泡即饮。", "39.90", 200, "draft"),
]  # fmt: skip
ATTRIBUTES = {"weight": "357克", "origin": "云南临沧", "best before": "长期存放"}


def _document(store: Store, pdf: bytes, kind: str, name: str, expires_on=None) -> StoreDocument:
    stored_name = f"{secrets.token_hex(16)}.pdf"
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "document"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(pdf)
    return StoreDocument(
        store_id=store.id, kind=kind, original_name=name, stored_name=stored_name,
        content_type="application/pdf", size=len(pdf), verdict="accepted",
        expires_on=expires_on,
    )  # fmt: skip


def seed_chinese_merchant(now: datetime, password_hash: str, pdf: bytes) -> tuple[str, str]:
    """``pdf``: the blank file behind every demo document."""
    user = User(email=EMAIL, role=Role.MERCHANT, password_hash=password_hash, locale="zh_Hans")
    db.session.add(user)
    db.session.flush()
    store = Store(merchant_id=user.id, status=ReviewStatus.APPROVED, **PROFILE)
    store.submitted_at = now - timedelta(days=20)
    db.session.add(store)
    db.session.flush()
    db.session.add(_document(store, pdf, "business_licence", "营业执照.pdf"))
    licence_ends = (now + timedelta(days=20)).date()
    db.session.add(_document(store, pdf, "food_licence", "食品经营许可证.pdf", licence_ends))
    for title, description, price, stock, status in PRODUCTS:
        product = Product(
            store_id=store.id,
            title=title,
            description=description,
            category="Food & Drink",
            price=Decimal(price),
            stock=stock,
            attributes=ATTRIBUTES,
            status=ReviewStatus(status),
            submitted_at=now - timedelta(days=3) if status != "draft" else None,
        )
        product.quality_score = assess_product(product, 0).score
        db.session.add(product)
    return ("merchant", EMAIL)
