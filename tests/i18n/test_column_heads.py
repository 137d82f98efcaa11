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
