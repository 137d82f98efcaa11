# ruff: noqa: RUF001  (the merchant types Chinese, with Chinese punctuation)
"""A Chinese merchant's listing (issue 21), in Chromium: an .xlsx saved from a Taobao-style
sheet imported through the page, then a title with absolute terms typed in the editor, the
Advertising Law named and the terms highlighted as she types."""

import io

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.ad_terms import SEED_TERMS, AbsoluteTerm
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_review_journey import log_in


def png(width: int, height: int) -> bytes:
    """A real PNG of that size, for the browser to read (one grey row repeated)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\x00" + b"\x80" * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def sheet() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["宝贝标题", "类目", "一口价", "库存数量", "材质", "尺寸"])
    book.active.append(
        ["陶瓷花盆 北欧简约 带托盘 15厘米", "园艺家居", "￥39.90", "1.2万", "陶瓷", "15厘米"]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_chinese_merchant_imports_a_sheet_and_is_warned_of_absolute_terms(page):
    db.session.add_all(AbsoluteTerm(term=term) for term in SEED_TERMS)
    merchant, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    merchant.locale = "zh_Hans"
    db.session.commit()
    log_in(page, merchant.email)
    page.goto("/products/import")
    page.get_by_label("Excel 或 CSV 文件").set_input_files(
        {"name": "淘宝商品.xlsx", "mimeType": "application/octet-stream", "buffer": sheet()}
    )
    page.get_by_role("button", name="校验并导入").click()
    expect(page.get_by_text("陶瓷花盆 北欧简约 带托盘 15厘米")).to_be_visible()
    expect(page.locator("table")).to_contain_text("园艺家居")
    db.session.expire_all()
    pot = db.session.scalar(select(Product))
    assert (str(pot.price), pot.stock, pot.attributes["material"]) == ("39.90", 12000, "陶瓷")

    page.goto(f"/products/{pot.id}/edit")
    page.get_by_label("标题").fill("全网最低价 第一品牌 陶瓷花盆！！")
    quality = page.locator("#quality")
    expect(quality).to_contain_text("请删除《广告法》禁止的绝对化用语")
    expect(quality.locator("mark")).to_have_text(["全网最低价", "第一品牌"])
    page.get_by_label("标题").fill("陶瓷花盆 北欧简约 带托盘 15厘米 高温烧制")
    expect(quality.locator("mark")).to_have_count(0)

    # an oblong photo is questioned before it is uploaded, then both go up at once
    page.goto(f"/products/{pot.id}")
    page.locator("input[type=file]").set_input_files(
        [
            {"name": "侧面.png", "mimeType": "image/png", "buffer": png(1200, 900)},
            {"name": "正面.png", "mimeType": "image/png", "buffer": png(1000, 1000)},
        ]
    )
    expect(page.locator("#image-size-warning")).to_contain_text("侧面.png 为 1200 × 900")
    page.get_by_role("button", name="上传图片").click()
    expect(page.get_by_text("已添加 2 张图片。")).to_be_visible()
    expect(page.locator("#quality")).to_contain_text("主图为 1200 × 900")
    page.get_by_role("button", name="设为主图").click()
    expect(page.get_by_text("已设为主图")).to_be_visible()
    expect(page.locator("#quality")).not_to_contain_text("主图为 1200")
    assert page.console_errors == []
