"""A new promotion saved twice (a double click, a resent page) is one promotion, and an admin
saving over a colleague's later save is told, the form kept, rather than undoing it."""

import re

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.activities.models import Activity

from .. import factories
from ..conftest import Auth
from ..onboarding.test_two_saves_of_one_listing import posted_at_once, signed_in_twice

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
DOUBLE_11 = {
    "name": "Singles' Day 2027",
    "name_zh": "双11 2027",
    "registration_opens_at": "2027-10-20T00:00",
    "registration_closes_at": "2027-11-05T00:00",
    "starts_at": "2027-11-11T00:00",
    "ends_at": "2027-11-12T00:00",
    "min_discount_pct": "15",
    "min_promo_stock": "50",
}


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page) or re.search(
        rf'type="hidden" name="{name}" value="([^"]*)"', page
    )
    assert found, f"no {name} in the form"
    return found.group(1)


def promotions() -> int:
    return db.session.scalar(select(func.count()).select_from(Activity))


def test_a_double_click_on_save_makes_one_promotion(client, auth):
    auth.as_role(Role.ADMIN)
    key = hidden(client.get("/admin/activities/new").text, "form_key")
    for _ in range(2):
        response = client.post("/admin/activities/new", data={**DOUBLE_11, "form_key": key})
        assert response.status_code == 302
    assert promotions() == 1
    fresh = hidden(client.get("/admin/activities/new").text, "form_key")
    assert fresh != key  # a new render is a new promotion
    client.post("/admin/activities/new",
                data={**DOUBLE_11, "name": "Double 12", "name_zh": "双12", "form_key": fresh})  # fmt: skip
    assert promotions() == 2


def test_saving_over_a_colleagues_later_save_is_refused_and_the_form_kept(client, auth):
    auth.as_role(Role.ADMIN)
    client.post("/admin/activities/new", data=DOUBLE_11)
    activity_id = db.session.scalar(select(Activity.id))
    address = f"/admin/activities/{activity_id}/edit"
    mine, theirs = (hidden(client.get(address).text, "seen") for _ in range(2))
    assert client.post(address, data={**DOUBLE_11, "min_discount_pct": "20", "seen": theirs}
                       ).status_code == 302  # fmt: skip
    typed = {**DOUBLE_11, "min_promo_stock": "80", "seen": mine}
    refused = client.post(address, data=typed, headers=ZH)
    assert refused.status_code == 409
    assert "另一位管理员已保存过这个活动" in refused.text and 'value="80"' in refused.text
    db.session.expire_all()
    kept = db.session.get(Activity, activity_id)
    assert kept.min_discount_pct == 20 and kept.min_promo_stock == 50
    again = client.post(address, data={**typed, "seen": hidden(refused.text, "seen")})
    assert again.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Activity, activity_id)
    assert kept.min_promo_stock == 80 and kept.min_discount_pct == 15  # what the form showed
    # opened afresh after saving, it saves straight away
    assert client.post(address, data={**typed, "seen": hidden(client.get(address).text, "seen")}
                       ).status_code == 302  # fmt: skip


def test_the_same_new_promotion_sent_twice_at_once_is_one(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two saves cannot interleave there")
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    clients = signed_in_twice(app, admin.email)
    for round_ in range(4):
        form = {**DOUBLE_11, "name": f"Flash sale {round_}", "name_zh": f"闪购 {round_}",
                "form_key": f"{round_:032x}"}  # fmt: skip
        statuses = posted_at_once(clients, "/admin/activities/new", [form, form])
        assert statuses == [302, 302], statuses
        assert promotions() == round_ + 1


def test_a_double_click_on_saving_an_edit_is_one_save_not_a_conflict(client, auth):
    from merchant_portal.audit import AuditEvent

    auth.as_role(Role.ADMIN)
    client.post("/admin/activities/new", data=DOUBLE_11)
    activity_id = db.session.scalar(select(Activity.id))
    address = f"/admin/activities/{activity_id}/edit"
    typed = {**DOUBLE_11, "min_promo_stock": "45", "seen": hidden(client.get(address).text, "seen")}
    first, second = client.post(address, data=typed), client.post(address, data=typed)
    assert (first.status_code, second.status_code) == (302, 302)
    edits = db.session.scalar(select(func.count()).where(AuditEvent.action == "edit_activity"))
    assert edits == 1


def test_a_new_promotions_form_sent_again_changed_saves_the_change(client, auth):
    # Found by a user pass: Save, Back, a typo mended, Save again said "saved" and kept the
    # first text (the form's key found the promotion it had made, and stopped there).
    auth.as_role(Role.ADMIN)
    key = hidden(client.get("/admin/activities/new").text, "form_key")
    client.post("/admin/activities/new", data={**DOUBLE_11, "name_zh": "双十一", "form_key": key})
    again = client.post("/admin/activities/new", data={**DOUBLE_11, "form_key": key},
                        headers=ZH, follow_redirects=True)  # fmt: skip
    assert "活动“双11 2027”已保存" in again.text
    assert promotions() == 1
    assert db.session.scalar(select(Activity.name_zh)) == "双11 2027"


def test_a_new_promotions_form_sent_again_does_not_undo_a_colleagues_edit(app, client, auth):
    auth.as_role(Role.ADMIN)
    key = hidden(client.get("/admin/activities/new").text, "form_key")
    client.post("/admin/activities/new", data={**DOUBLE_11, "form_key": key})
    activity_id = db.session.scalar(select(Activity.id))
    address = f"/admin/activities/{activity_id}/edit"
    colleague = app.test_client()  # another admin edits the promotion this form made
    Auth(colleague).as_role(Role.ADMIN)
    seen = hidden(colleague.get(address).text, "seen")
    colleague.post(address, data={**DOUBLE_11, "min_discount_pct": "20", "seen": seen})
    # this admin's own edit is theirs to overwrite by resending the form; the colleague's is not
    refused = client.post("/admin/activities/new", headers=ZH,
                          data={**DOUBLE_11, "min_promo_stock": "80", "form_key": key})  # fmt: skip
    assert refused.status_code == 409 and 'value="80"' in refused.text
    assert "这个表单已创建过活动“双11 2027”" in refused.text
    db.session.expire_all()
    kept = db.session.get(Activity, activity_id)
    assert kept.min_discount_pct == 20 and kept.min_promo_stock == 50 and promotions() == 1


def test_the_new_promotion_form_names_the_one_just_made_and_links_to_it(client, auth):
    # Found by a user pass in Chromium: Back after saving fetched the form afresh (a new
    # form key), the typed name came back, and saving again made a second promotion.
    auth.as_role(Role.ADMIN)
    assert 'id="just-created"' not in client.get("/admin/activities/new").text
    client.post("/admin/activities/new", data=DOUBLE_11)
    activity_id = db.session.scalar(select(Activity.id))
    page = client.get("/admin/activities/new", headers=ZH).text
    assert 'id="just-created"' in page and "“双11 2027”" in page
    assert f"/admin/activities/{activity_id}/edit" in page.split('id="just-created"')[1]


def test_a_fresh_form_saved_with_the_name_just_made_is_refused_and_kept(client, auth):
    # Found by the second user pass: after Back, Chromium refilled the fresh form, and saving
    # it (the discount changed) made a second 双十二 beside the first.
    auth.as_role(Role.ADMIN)
    client.post("/admin/activities/new", data=DOUBLE_11)
    fresh = hidden(client.get("/admin/activities/new").text, "form_key")
    refused = client.post("/admin/activities/new", headers=ZH,
                          data={**DOUBLE_11, "min_discount_pct": "25", "form_key": fresh})  # fmt: skip
    assert refused.status_code == 409 and promotions() == 1
    assert "“双11 2027”" in refused.text and 'value="25"' in refused.text
    other = client.post("/admin/activities/new", data={
        **DOUBLE_11, "name": "Double 12", "name_zh": "双12", "form_key": fresh})  # fmt: skip
    assert other.status_code == 302 and promotions() == 2  # another name is another promotion
