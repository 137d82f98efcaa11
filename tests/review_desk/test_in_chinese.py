# ruff: noqa: RUF001  (the expected Chinese text uses full-width punctuation, as written)
"""The operations side in Chinese: the queue, the audit trail's words, the sales import's
problems and a job's own messages read in the reader's language; the sales API stays English."""

import ast
import io
from datetime import date
from pathlib import Path

from flask_babel import refresh

import merchant_portal
from merchant_portal.access import Role
from merchant_portal.audit import labels as audit_labels
from merchant_portal.extensions import db
from merchant_portal.jobs.messages import GAVE_UP, gave_up_error
from merchant_portal.jobs.models import Job
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..sales.helpers import bearer, sale

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
PACKAGE = Path(merchant_portal.__file__).parent


def audited_actions() -> dict[str, str]:
    """{action written as a literal (or either branch of a conditional) in audit(): where}."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit"):
                continue
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            if action is None and len(node.args) >= 4:
                action = node.args[3]
            branches = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            for branch in branches:
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    found[branch.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_every_audited_kind_and_action_has_words(app):
    actions = audited_actions()
    assert len(actions) >= 20, "the scan should find the audit calls"
    with app.test_request_context(headers=ZH):
        # the fixture's app context may have cached a locale already (Flask-Babel keeps it on
        # the app context, which this request shares): read the request's own
        refresh()
        named, _state, _detail, _value = audit_labels.audit_words()
        unnamed = {a: where for a, where in actions.items() if named(a) == a.replace("_", " ")}
    assert not unnamed, f"the audit trail shows these actions untranslated: {unnamed}"


def test_the_queue_reads_in_chinese(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_product(store, title="Oak board", status=ReviewStatus.SUBMITTED)
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    page = client.get("/review/", headers=ZH).text
    assert "<h1>审核队列</h1>" in page
    assert '<span class="stat-value">1</span> 个新商品待审核' in page
    assert ">认领</button>" in page and ">通过</button>" in page


def test_the_audit_trail_names_actions_in_chinese(client, auth):
    admin = auth.as_role(Role.ADMIN)
    factories.make_user(Role.PLANNER, email="plan@example.com")
    db.session.commit()
    client.post(
        "/admin/users/new", data={"email": "rita@example.com", "role": "planner"}, headers=ZH
    )
    page = client.get(f"/review/audit?actor={admin.email[:6]}", headers=ZH).text
    assert "创建账号" in page and "create account" not in page.split("<tbody>")[1]


def test_sales_import_problems_in_chinese_and_the_api_in_english(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    admin = auth.as_role(Role.ADMIN)
    csv = f"product_id,day,visitors,orders,units,gmv\n{product.id},2026-10-02,90,3,3,-4\n"
    refused = client.post(
        "/sales/import",
        data={"file": (io.BytesIO(csv.encode()), "sales.csv")},
        content_type="multipart/form-data",
        headers=ZH,
    )
    assert refused.status_code == 400
    assert "发现 1 个问题，未保存任何数据" in refused.text
    assert "gmv 必须在 0 到 1,000,000,000 之间" in refused.text
    api = client.post(
        "/api/v1/sales",
        json={"rows": [sale(product.id, date(2026, 10, 2), gmv="-4")]},
        headers={**bearer(admin), **ZH},
    )
    assert api.status_code == 422
    assert api.json["errors"][0]["message"] == "gmv must be between 0 and 1,000,000,000"


def test_a_job_s_own_messages_read_in_chinese(client, auth):
    planner = auth.as_role(Role.PLANNER)
    job = Job(
        kind="platform_run",
        status="failed",
        started_by_id=planner.id,
        message_code=GAVE_UP,
        message_args={"attempts": 3},
        error=gave_up_error(3),
        attempts=3,
        payload={"title": "平台方案计算"},
    )
    db.session.add(job)
    db.session.commit()
    page = client.get(f"/jobs/{job.id}", headers=ZH).text
    assert "失败：执行任务的进程多次中断" in page
    assert "执行任务的进程已中断 3 次，请在任务页面重试。" in page
    assert ">重试</button>" in page
    english = client.get(f"/jobs/{job.id}").text
    assert "Failed: its worker kept stopping" in english


def test_the_audit_trail_s_details_read_in_chinese(client, auth):
    # Found by a user pass: the details read "address", "True" and "draft" on a Chinese page.
    from merchant_portal.audit.models import audit

    admin = auth.as_role(Role.ADMIN)
    audit(admin.id, "user", admin.id, "sign_in", detail={"address": "127.0.0.1", "cautious": True,
                                                         "was": "draft", "spend": "100.00"})  # fmt: skip
    db.session.commit()
    row = client.get(f"/review/audit?actor={admin.email[:6]}", headers=ZH).text.split("<tbody>")[1]
    for said in ("IP 地址", "保守估计", "是", "原状态", "草稿", "花费"):
        assert said in row, said
    assert "address" not in row and "True" not in row and "draft" not in row
