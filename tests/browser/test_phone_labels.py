"""On a phone, in Chinese, a label is one piece: the header's 消息中心 and 退出登录 and a table's
column heads (类目, 质量分) stood one character a line, since Chinese may break between any two
characters; a crowded table scrolls sideways instead."""

from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in

LINES = """(selector) => [...document.querySelectorAll(selector)].map((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    return [element.innerText.trim(), tops.size];
  })"""


def test_header_links_and_column_heads_stay_on_one_line_on_a_phone(page):
    user, store = factories.make_merchant("cha@example.com", store_name="张三的茶叶铺",
                                          status=ReviewStatus.APPROVED)  # fmt: skip
    user.locale = "zh_Hans"
    for i in range(3):
        factories.make_product(
            store, title=f"花草茶 第{i}号 100克 袋装 新品", category="Food & Drink"
        )
    db.session.commit()
    log_in(page, "cha@example.com")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/products/")
    labels = page.evaluate(LINES, ".topbar nav a, .account > a, .account button, .table th")
    assert labels and all(lines == 1 for _text, lines in labels), labels
