# ruff: noqa: RUF001  (the Chinese text uses full-width punctuation, as written)
"""An amount in a table is one piece: the difference column beside a store's own plan showed
"+" on one line and "¥1,469.92" on the next in Chinese (a line may break before "¥")."""

import pytest

LINES = """(amount) => {
  document.documentElement.lang = "zh-Hans";
  const table = document.createElement("table");
  table.className = "table compact";
  table.innerHTML = `<tbody><tr><td>预估转化数据不同：转化率：店铺自有方案为 3.00%</td>
    <td class="num" id="amount">${amount}</td></tr></tbody>`;
  table.style.width = "120px";  // a crowded table, as the comparison is
  document.querySelector("main").append(table);
  const range = document.createRange();
  range.selectNodeContents(document.getElementById("amount"));
  const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  table.remove();
  return tops.size;
}"""


@pytest.mark.parametrize("amount", ["+¥1,469.92", "-¥1,019.67", "-CN¥1,019.67", "3,307 次点击"])
def test_an_amount_stays_on_one_line(page, amount):
    page.goto("/login")
    assert page.evaluate(LINES, amount) == 1
