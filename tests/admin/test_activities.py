"""Admins keep the promotions merchants register products in."""

import re

import pytest

from merchant_portal.access import Role


def test_admin_creates_and_edits_a_promotion(client, auth):
    auth.as_role(Role.ADMIN)
    bad = client.post(
        "/admin/activities/new",
        data={
            "name": "Spring",
            "registration_opens_at": "2027-03-10T00:00",
            "registration_closes_at": "2027-03-01T00:00",
            "starts_at": "2027-03-20T00:00",
            "ends_at": "2027-03-15T00:00",
            "min_discount_pct": "95",
            "min_promo_stock": "5",
        },
    )
    assert bad.status_code == 400
    assert "Registration must close after it opens." in bad.text
    assert "The promotion must end after it starts." in bad.text
    assert "Between 0% and 90%." in bad.text and 'value="Spring"' in bad.text
    good = client.post(
        "/admin/activities/new",
        data={
            "name": "Spring Garden Days",
            "registration_opens_at": "2027-03-01T00:00",
            "registration_closes_at": "2027-03-10T00:00",
            "starts_at": "2027-03-20T00:00",
            "ends_at": "2027-03-27T00:00",
            "categories": ["Garden"],
            "min_discount_pct": "20",
            "min_promo_stock": "15",
            "max_products_per_store": "3",
        },
    )
    assert good.status_code == 302
    assert "Spring Garden Days" in client.get("/admin/activities").text


def test_a_promotion_typed_at_midnight_in_beijing_reads_midnight_everywhere(client, auth):
    """双11 starts at 00:00 on the marketplace's clock: stored in UTC (16:00 the day before),
    shown at 00:00 to merchants and back in the admin's form, so saving again moves nothing."""
    from datetime import datetime

    from sqlalchemy import select

    from merchant_portal.extensions import db
    from merchant_portal.onboarding.activities.models import Activity

    auth.as_role(Role.ADMIN)
    typed = {
        "name": "双11 全球狂欢节",
        "registration_opens_at": "2027-10-20T10:00",
        "registration_closes_at": "2027-11-05T23:59",
        "starts_at": "2027-11-11T00:00",
        "ends_at": "2027-11-11T23:59",
        "min_discount_pct": "15",
        "min_promo_stock": "10",
    }
    assert client.post("/admin/activities/new", data=typed).status_code == 302
    activity = db.session.scalar(select(Activity).where(Activity.name == typed["name"]))
    assert activity.starts_at == datetime(2027, 11, 10, 16, 0)
    form = client.get(f"/admin/activities/{activity.id}/edit").text
    assert 'value="2027-11-11T00:00"' in form and 'value="2027-11-05T23:59"' in form
    assert re.search(r'id="times-zone">Times in China[^<]*Time\.<', form)
    assert client.post(f"/admin/activities/{activity.id}/edit", data=typed).status_code == 302
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).starts_at == datetime(2027, 11, 10, 16, 0)
    listing = client.get("/admin/activities").text
    assert "2027-11-11 00:00 to 2027-11-11 23:59" in listing


@pytest.mark.parametrize(
    "typed", ["0001-01-01T08:00", "1900-01-01T00:05", "2100-01-01T00:00", "215000-01-01T00:00"]
)
def test_a_time_outside_this_century_is_refused_next_to_its_field(client, auth, typed):
    auth.as_role(Role.ADMIN)
    form = {
        "name": "Odd years",
        "registration_opens_at": typed,
        "registration_closes_at": "2027-11-05T23:59",
        "starts_at": "2027-11-11T00:00",
        "ends_at": "2027-11-11T23:59",
        "min_discount_pct": "15",
        "min_promo_stock": "10",
    }
    refused = client.post("/admin/activities/new", data=form)
    assert refused.status_code == 400
    assert "Enter a time between 2000 and 2099." in refused.text
    assert f'value="{typed}"' in refused.text, "kept as typed"


def test_promotion_number_zero_is_no_promotion(client, auth):
    auth.as_role(Role.ADMIN)
    assert client.get("/admin/activities/0/edit").status_code == 404
    assert client.post("/admin/activities/0/edit", data={"name": "x"}).status_code == 404


def test_the_promotions_list_names_categories_as_the_reader_reads_them(client, auth):
    from merchant_portal.extensions import db
    from tests import factories

    auth.as_role(Role.ADMIN)
    factories.make_activity(name="Garden days", name_zh="园艺节", categories=["Garden"])
    db.session.commit()
    page = client.get("/admin/activities", headers={"Accept-Language": "zh-CN"}).text
    assert "园艺家居" in page and "园艺节" in page


def test_registration_closing_after_the_promotion_started_is_refused(client, auth):
    auth.as_role(Role.ADMIN)
    form = {
        "name": "Late door",
        "registration_opens_at": "2027-12-01T10:00",
        "registration_closes_at": "2027-12-26T00:00",
        "starts_at": "2027-12-25T00:00",
        "ends_at": "2027-12-27T00:00",
        "min_discount_pct": "15",
        "min_promo_stock": "10",
    }
    refused = client.post("/admin/activities/new", data=form)
    assert refused.status_code == 400
    assert "Registration must close by the time the promotion starts." in refused.text
    form["registration_closes_at"] = "2027-12-25T00:00"
    assert client.post("/admin/activities/new", data=form).status_code == 302


def test_a_category_sent_twice_is_one_and_an_unknown_one_is_said(client, auth):
    from sqlalchemy import select

    from merchant_portal.extensions import db
    from merchant_portal.onboarding.activities.models import Activity

    auth.as_role(Role.ADMIN)
    form = {
        "name": "Garden week",
        "registration_opens_at": "2027-12-01T10:00",
        "registration_closes_at": "2027-12-20T00:00",
        "starts_at": "2027-12-25T00:00",
        "ends_at": "2027-12-27T00:00",
        "min_discount_pct": "15",
        "min_promo_stock": "10",
    }
    unknown = client.post("/admin/activities/new", data={**form, "categories": ["Nowhere"]})
    assert unknown.status_code == 400 and 'class="errors"' in unknown.text.split("<legend>")[1]
    twice = client.post("/admin/activities/new", data={**form, "categories": ["Garden", "Garden"]})
    assert twice.status_code == 302
    saved = db.session.scalar(select(Activity).where(Activity.name == "Garden week"))
    assert saved.categories == ["Garden"]
