"""The second of two reviewers deciding the same item is told who decided and when, keeps the
reasons and note they typed, and is offered the decided item; nothing asks them to refresh a
page that already shows the new state."""

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
NOTE = "The licence photo is cut off at the bottom; please upload the whole page."


def test_the_late_reviewer_keeps_their_reasons_and_note(client, auth, app):
    _, store = factories.make_merchant(store_name="Harbour Teas", status=ReviewStatus.SUBMITTED)
    factories.make_user(Role.REVIEWER, email="rita@example.com")
    db.session.commit()
    first = app.test_client()
    first.post("/login", data={"email": "rita@example.com", "password": factories.PASSWORD})
    assert first.post(f"/review/store/{store.id}/decide",
                      data={"decision": "approve", "seen": "submitted"}).status_code == 302  # fmt: skip
    auth.as_role(Role.REVIEWER)
    late = client.post(f"/review/store/{store.id}/decide", data={
        "decision": "request_changes", "reasons": ["document_unreadable"], "comment": NOTE,
        "seen": "submitted"}, headers=ZH)  # fmt: skip
    assert late.status_code == 409
    panel = late.text.split('id="late-decision"')[1].split("</section>")[0]
    assert "rita@example.com" in panel, panel
    assert NOTE in panel, "the note typed was lost"
    assert "资质文件不清晰或不完整" in panel, "the reasons were lost"
    assert f'href="/review/store/{store.id}"' in panel
    assert "刷新" not in late.text and "reload" not in late.text.lower()
    assert db.session.get(type(store), store.id).status == ReviewStatus.APPROVED


def test_a_late_approve_in_the_queue_says_who_decided_without_asking_to_reload(client, auth, app):
    _, store = factories.make_merchant(store_name="Harbour Teas", status=ReviewStatus.SUBMITTED)
    factories.make_user(Role.REVIEWER, email="rita@example.com")
    db.session.commit()
    first = app.test_client()
    first.post("/login", data={"email": "rita@example.com", "password": factories.PASSWORD})
    first.post(
        f"/review/store/{store.id}/decide", data={"decision": "approve", "seen": "submitted"}
    )
    auth.as_role(Role.REVIEWER)
    row = client.post(f"/review/store/{store.id}/decide",
                      data={"decision": "approve", "seen": "submitted"},
                      headers={"HX-Request": "true"})  # fmt: skip
    assert row.status_code == 409
    assert "rita@example.com" in row.text and "already approved" in row.text
    assert "reload" not in row.text.lower()
