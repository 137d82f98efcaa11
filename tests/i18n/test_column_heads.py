"""A table's column heads are told apart in Chinese too: the platform runs' table headed two
columns 状态 (its job's status and whether it is published; English said Status and State)."""

import re

import pytest

from merchant_portal.access import Role

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
PAGES = {
    Role.PLANNER: ["/budget/platform", "/budget/plans", "/budget/placements"],
    Role.REVIEWER: ["/review/", "/growth/book", "/growth/recall", "/review/dashboard"],
    Role.ADMIN: ["/admin/users", "/review/audit", "/admin/outbox", "/admin/api-tokens"],
}
HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)


@pytest.mark.parametrize("role", list(PAGES))
def test_no_two_column_heads_of_a_table_read_the_same(client, auth, role):
    auth.as_role(role)
    repeated = {}
    for path in PAGES[role]:
        page = client.get(path, headers=ZH)
        assert page.status_code == 200, path
        for head in HEAD.findall(page.text):
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in CELL.findall(head)]
            cells = [c for c in cells if c]
            if len(cells) != len(set(cells)):
                repeated[path] = cells
    assert not repeated, repeated


def test_the_chinese_audit_trail_names_coded_values_and_uses_chinese_colons(client, auth):
    # Found on the trail: a half-width colon after 任务完成, "→ done", platform_publish, revenue.
    from merchant_portal.audit import audit
    from merchant_portal.extensions import db

    auth.as_role(Role.ADMIN)
    audit(None, "job", 1, "job_succeeded", from_state="running", to_state="done",
          detail={"kind": "platform_publish"})  # fmt: skip
    audit(None, "platform_run", 1, "start_platform_run", detail={"objective": "revenue"})
    db.session.commit()
    page = client.get("/review/audit", headers=ZH).text
    for raw in ("platform_publish", "revenue", "→ done", ": "):
        assert raw not in page.split("<tbody>")[1], raw
    assert "运行中 → 已完成" in page and "收入" in page
