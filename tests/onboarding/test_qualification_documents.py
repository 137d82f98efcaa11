# ruff: noqa: RUF001  (Chinese is written with its full-width punctuation)
"""Qualification documents a category needs (a food licence for 食品饮料), with expiry dates:
a listing there is refused while the store lacks the document, the merchant is told a month
ahead and once it lapses (the account manager too), and a lapsed licence takes the store's
listings there out of promotions."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.demo import MINIMAL_PDF
from merchant_portal.extensions import db
from merchant_portal.growth.document_expiry import check_documents
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.store.models import StoreDocument
from merchant_portal.timeutil import market_today
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}
TODAY = market_today()


def licence(store, valid_until: date | None, verdict="accepted"):
    document = factories.make_document(store, kind="food_licence", verdict=verdict)
    document.expires_on = valid_until
    db.session.flush()
    return document


def food_listing(store, status=ReviewStatus.DRAFT):
    product = factories.make_product(
        store, title="云南古树普洱茶饼 357克", category="Food & Drink", status=status
    )
    factories.make_image(product)
    db.session.commit()
    return product


def notices(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def test_a_food_listing_without_a_food_licence_is_refused_naming_the_licence(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = food_listing(store)
    response = client.post(f"/products/{product.id}/submit", headers=ZH, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "食品经营许可证" in page and "食品饮料" in page, "the refusal names the licence"
    assert db.session.get(type(product), product.id).status == ReviewStatus.DRAFT


def test_the_listing_page_says_so_before_the_merchant_submits(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = food_listing(store)
    page = client.get(f"/products/{product.id}", headers=EN).get_data(as_text=True)
    assert (
        'id="qualification-problem"' in page and "your store needs Food business licence." in page
    )


def test_a_valid_licence_lets_the_listing_through(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    licence(store, TODAY + timedelta(days=200))
    product = food_listing(store)
    client.post(f"/products/{product.id}/submit")
    assert db.session.get(type(product), product.id).status == ReviewStatus.SUBMITTED


def test_a_lapsed_licence_is_no_licence_and_says_until_when(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    licence(store, date(2026, 1, 31))
    product = food_listing(store)
    page = client.post(
        f"/products/{product.id}/submit", headers=EN, follow_redirects=True
    ).get_data(as_text=True)
    assert "Food business licence was valid until January 31, 2026" in page
    assert db.session.get(type(product), product.id).status == ReviewStatus.DRAFT


def test_a_refused_licence_does_not_count(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    licence(store, None, verdict="rejected")
    product = food_listing(store)
    client.post(f"/products/{product.id}/submit")
    assert db.session.get(type(product), product.id).status == ReviewStatus.DRAFT


def test_the_merchant_types_the_expiry_date_as_printed(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/store/documents",
        headers=ZH,
        data={
            "kind": "food_licence",
            "expires_on": "2027年6月30日",
            "file": (io.BytesIO(MINIMAL_PDF), "食品经营许可证.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, "an approved store adds a renewed licence"
    document = db.session.scalar(select(StoreDocument))
    assert (document.kind, document.expires_on) == ("food_licence", date(2027, 6, 30))
    page = client.get("/store/", headers=ZH).get_data(as_text=True)
    assert "食品经营许可证" in page and "2027年6月30日" in page
    # an approved store's profile was not in the request: nothing is said of saving it
    assert "文件已上传，商家运营会进行审核。" in page and "店铺资料已按您填写的内容保存" not in page
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[-1]
    assert event.action == "upload_document" and event.detail["expires_on"] == "2027-06-30"


def test_an_unreadable_expiry_date_is_refused_next_to_the_field(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/store/documents",
        headers=EN,
        data={
            "kind": "food_licence",
            "expires_on": "next summer",
            "file": (io.BytesIO(MINIMAL_PDF), "licence.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Enter a date like 2026-11-01." in response.text
    assert db.session.scalar(select(StoreDocument)) is None


def test_the_reviewer_corrects_the_date_the_merchant_typed(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.SUBMITTED)
    document = licence(store, date(2030, 1, 1), verdict=None)
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    client.post(
        f"/review/documents/{document.id}",
        data={"verdict": "accepted", "note": "", "expires_on": "2027/3/31"},
    )
    db.session.refresh(document)
    assert (document.verdict, document.expires_on) == ("accepted", date(2027, 3, 31))
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events if e.subject_kind == "store"] == [
        "correct_document_expiry",
        "document_accepted",
    ]


@pytest.fixture
def managed_store():
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    merchant.locale = "zh_Hans"
    manager = factories.make_user(Role.REVIEWER, locale="en")
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    return merchant, manager, store


def test_a_lapsed_licence_is_told_to_merchant_and_manager_once(managed_store):
    merchant, manager, store = managed_store
    licence(store, TODAY - timedelta(days=1))
    db.session.commit()
    assert check_documents(TODAY).lapsed == 1
    db.session.commit()
    assert check_documents(TODAY).lapsed == 0, "the second run tells no one again"
    db.session.commit()
    [to_merchant] = notices(merchant)
    [to_manager] = notices(manager)
    assert to_merchant.subject == "您的食品经营许可证已过期", "in the merchant's language"
    assert "promotions" in to_manager.body and store.name in to_manager.subject
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events if e.subject_kind == "store"] == ["document_lapsed"]


def test_a_month_ahead_the_merchant_is_warned_and_then_told_when_it_lapses(managed_store):
    merchant, manager, store = managed_store
    document = licence(store, TODAY + timedelta(days=10))
    db.session.commit()
    assert check_documents(TODAY).expiring == 1
    assert check_documents(TODAY + timedelta(days=11)).lapsed == 1
    db.session.commit()
    assert [n.key for n in notices(merchant)] == [
        f"document-expiring:{document.id}",
        f"document-lapsed:{document.id}",
    ]
    assert len(notices(manager)) == 1, "the manager hears of the lapse only"


def test_a_renewed_licence_silences_the_old_one(managed_store):
    merchant, _, store = managed_store
    licence(store, TODAY - timedelta(days=3))
    licence(store, TODAY + timedelta(days=365), verdict=None)
    db.session.commit()
    assert check_documents(TODAY).lapsed == 0
    assert notices(merchant) == []


def test_a_lapsed_licence_takes_food_listings_out_of_promotions(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    licence(store, TODAY - timedelta(days=1))
    product = food_listing(store, status=ReviewStatus.APPROVED)
    product.price, product.stock = Decimal("100.00"), 50
    activity = factories.make_activity(min_discount_pct=Decimal(10), min_promo_stock=1)
    db.session.commit()
    response = client.post(
        f"/activities/{activity.id}",
        headers=EN,
        data={"product": product.id, "promo_price": "80", "promo_stock": "5"},
    )
    assert response.status_code == 400
    assert "Qualification documents" in response.text
    assert "Food business licence was valid until" in response.text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("0001-01-01", "This document has already expired: upload the renewed one."),
        (str(TODAY - timedelta(days=1)), "This document has already expired"),
        ("9999-12-31", "That is more than 50 years ahead"),
        (str(TODAY + timedelta(days=365 * 51)), "That is more than 50 years ahead"),
    ],
    ids=["year 1", "yesterday", "year 9999", "51 years ahead"],
)
def test_an_expiry_date_past_or_far_ahead_is_refused_next_to_the_field(client, auth, typed, said):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    upload = {"kind": "food_licence", "expires_on": typed,
              "file": (io.BytesIO(MINIMAL_PDF), "licence.pdf")}  # fmt: skip
    response = client.post("/store/documents", headers=EN, data=upload,
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 400 and said in response.text
    assert f'value="{typed}"' in response.text, "what was typed is kept"
    assert '<option selected value="food_licence">' in response.text
    assert db.session.scalar(select(StoreDocument)) is None


def test_the_merchant_is_told_an_expired_document_in_chinese(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    upload = {"kind": "food_licence", "expires_on": "2025年11月1日",
              "file": (io.BytesIO(MINIMAL_PDF), "licence.pdf")}  # fmt: skip
    response = client.post("/store/documents", headers=ZH, data=upload,
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 400 and "该证件已过期\uff1a请上传更新后的证件。" in response.text
    today = {**upload, "expires_on": str(TODAY), "file": (io.BytesIO(MINIMAL_PDF), "l.pdf")}
    assert client.post("/store/documents", data=today,
                       content_type="multipart/form-data").status_code == 302  # fmt: skip


def test_the_reviewer_records_a_past_date_as_printed_and_the_document_shows_lapsed(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.SUBMITTED)
    document = licence(store, date(2030, 1, 1), verdict=None)
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    url = f"/review/documents/{document.id}"
    for typed in ("0001-01-01", "1999-12-31", "9999-12-31"):
        refused = client.post(url, headers=EN,
                              data={"verdict": "accepted", "note": "ok", "expires_on": typed})  # fmt: skip
        assert refused.status_code == 400
        assert "Enter the date printed on the document, from 2000-01-01 to" in refused.text
        assert f'value="{typed}"' in refused.text and 'value="ok"' in refused.text
    db.session.refresh(document)
    assert (document.verdict, document.expires_on) == (None, date(2030, 1, 1))
    client.post(url, data={"verdict": "accepted", "note": "", "expires_on": "2025-11-01"})
    db.session.refresh(document)
    assert document.expires_on == date(2025, 11, 1) and document.verdict == "accepted"
    page = client.get(f"/review/store/{store.id}", headers=EN).text
    assert "Lapsed: the date printed has passed" in page


def test_a_very_long_file_name_keeps_its_extension(client, auth):
    # Found by an attack pass: a 500-character name cut at 200 lost ".pdf" and was refused.
    auth.as_merchant(status=ReviewStatus.APPROVED)
    name = "食品经营许可证" * 70 + ".pdf"
    response = client.post(
        "/store/documents",
        headers=ZH,
        data={"kind": "food_licence", "expires_on": "2027-06-30",
              "file": (io.BytesIO(MINIMAL_PDF), name)},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302
    kept = db.session.scalar(select(StoreDocument.original_name))
    assert len(kept) <= 200 and kept.endswith(".pdf") and kept.startswith("食品经营许可证")
