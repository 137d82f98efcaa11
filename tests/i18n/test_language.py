"""Which language a person reads: their own choice (account, or session before signing in),
else their browser's, else DEFAULT_LOCALE; mail in the recipient's language; amounts with the
site currency and times in the site time zone."""

from datetime import datetime
from decimal import Decimal

from flask import render_template_string
from flask_babel import refresh
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage

from .. import factories

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


def html_lang(response) -> str:
    return response.text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_browser_language_is_used_until_the_person_chooses(client):
    assert html_lang(client.get("/login", headers=CHINESE)) == "zh-Hans"
    assert html_lang(client.get("/login", headers={"Accept-Language": "en-GB"})) == "en"
    assert html_lang(client.get("/login", headers={"Accept-Language": "fr"})) == "en"  # default


def test_a_visitor_switches_language_before_signing_in(client):
    switched = client.post("/language", data={"locale": "en", "next": "/signup"}, headers=CHINESE)
    assert switched.status_code == 302 and switched.headers["Location"] == "/signup"
    assert html_lang(client.get("/signup", headers=CHINESE)) == "en", "the choice beats the browser"


def test_the_switch_only_goes_back_to_this_site(client):
    switched = client.post("/language", data={"locale": "en", "next": "//evil.example/"})
    assert switched.headers["Location"] == "/"


def test_a_signed_in_choice_is_kept_on_the_account_and_audited(client, auth):
    user = auth.as_role(Role.MERCHANT)
    client.post("/language", data={"locale": "zh_Hans", "next": "/inbox/"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "zh_Hans"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "change_language"))
    assert (event.subject_id, event.from_state, event.to_state) == (user.id, None, "zh_Hans")
    # another device, an English browser: the account's choice wins
    other = client.application.test_client()
    other.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert html_lang(other.get("/inbox/", headers={"Accept-Language": "en"})) == "zh-Hans"


def test_an_unknown_language_changes_nothing(client, auth):
    user = auth.as_role(Role.MERCHANT)
    client.post("/language", data={"locale": "xx", "next": "/"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale is None


def test_mail_goes_out_in_the_recipients_language(client):
    chinese = factories.make_user(Role.MERCHANT, locale="zh_Hans")
    english = factories.make_user(Role.MERCHANT, locale="en")
    db.session.commit()
    for user in (chinese, english):
        client.post("/reset", data={"email": user.email}, headers=CHINESE)  # asked from zh
    subjects = dict(
        db.session.execute(select(OutboxMessage.recipient, OutboxMessage.subject)).all()
    )
    assert subjects[english.email] == "Reset your merchant portal password"
    assert subjects[chinese.email] != "Reset your merchant portal password"
    assert "密码" in subjects[chinese.email]


def render(app, source: str, locale: str, **values) -> str:
    with app.test_request_context(headers={"Accept-Language": locale}):
        refresh()  # the test's app context outlives one request: forget its cached locale
        return render_template_string(source, **values)


def test_amounts_carry_the_site_currency_in_the_readers_locale(app):
    assert render(app, "{{ 1234.5|money }}", "en") == "CN¥1,234.50"
    assert render(app, "{{ 1234.5|money }}", "zh-CN") == "¥1,234.50"
    assert render(app, "{{ value|money }}", "en", value=Decimal("9.9")) == "CN¥9.90"
    assert render(app, "{{ none|money }}", "en", none=None) == "—"


def test_times_are_shown_in_the_site_time_zone(app):
    stored = datetime(2026, 3, 1, 16, 30)  # UTC, as every time is stored
    assert render(app, "{{ t|when }}", "en", t=stored) == "2026-03-02 00:30"  # Asia/Shanghai
    assert render(app, "{{ t|day }}", "zh-CN", t=stored) == "2026年3月2日"
    assert render(app, "{{ t|day }}", "en", t=stored) == "Mar 2, 2026"


def test_numbers_group_digits_in_the_readers_locale(app):
    assert render(app, "{{ 12345|number }}", "en") == "12,345"
    assert render(app, "{{ 0.456|number(1) }}", "en") == "0.5"
    assert render(app, "{{ 37|percent }}", "zh-CN") == "37%"


def test_a_decision_reaches_the_merchant_in_their_language(app):
    from merchant_portal.notifications.models import Notification
    from merchant_portal.workflow.machine import Subject, decide
    from merchant_portal.workflow.reviewable import ReviewStatus

    merchant, store = factories.make_merchant(status=ReviewStatus.SUBMITTED)
    merchant.locale = "zh_Hans"
    reviewer = factories.make_user(Role.REVIEWER, locale="en")
    with app.test_request_context(headers={"Accept-Language": "en"}):  # the reviewer's request
        subject = Subject("store", "店铺入驻申请", merchant, "/onboarding")
        decide(store, subject, "request_changes", reviewer, ["document_missing"], "请补充营业执照")
    notice = db.session.scalar(select(Notification).where(Notification.user_id == merchant.id))
    assert notice.subject == "店铺入驻申请已退回修改"
    assert "原因：缺少资质文件。" in notice.body and "审核备注：请补充营业执照" in notice.body
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == merchant.email))
    assert "在商家后台查看：" in mail.body, "the mail's link line is in Chinese too"


def test_a_change_of_less_than_a_cent_is_no_change(app):
    # Found on a platform run: equal budgets showed a change of "-¥0.00" (a float's -0.000001).
    assert (
        render(app, "{{ -0.000001|money_change }}", "zh-CN") == '<span class="amount">¥0.00</span>'
    )
    assert render(app, "{{ value|money_change }}", "zh-CN", value=Decimal("-0.004")) == (
        '<span class="amount">¥0.00</span>'
    )
    assert render(app, "{{ -12.5|money_change }}", "zh-CN") == '<span class="amount">-¥12.50</span>'
    assert render(app, "{{ 0.006|money_change }}", "zh-CN") == '<span class="amount">+¥0.01</span>'
