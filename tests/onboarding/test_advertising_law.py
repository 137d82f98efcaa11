# ruff: noqa: RUF001, RUF002  (the Chinese text uses full-width punctuation, as merchants type it)
"""The Advertising Law in the quality score (issue 21): a title "全网最低价 第一品牌 …" kept
full marks for "no promotional words", though 最低价 and 第一 are absolute terms the law
bans. The terms are data admins keep; the score names and highlights them. Lengths count a
Chinese character as Chinese marketplaces do."""

import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.ad_terms import SEED_TERMS, AbsoluteTerm
from merchant_portal.onboarding.products.quality import assess
from merchant_portal.workflow.reviewable import ReviewStatus

from .test_products import GOOD

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
CHINESE_LISTING = {
    **GOOD,
    "title": "全网最低价 第一品牌 铸铁平底锅26厘米 预开锅 无涂层",
    "description": "预开锅铸铁，拿到即可烹饪。直径26厘米，深5厘米，可进烤箱260度。" * 3,
}


def seed_terms() -> None:
    db.session.add_all(AbsoluteTerm(term=term) for term in SEED_TERMS)
    db.session.commit()


def check(report, key):
    return next(c for c in report.checks if c.rule.key == key)


def test_absolute_terms_lose_the_rules_points_and_are_named():
    report = assess("全网最低价 第一品牌 铸铁平底锅26厘米", "", "Toys", 1, 1, {}, 0, SEED_TERMS)
    terms = check(report, "absolute_terms")
    assert terms.earned == 0
    assert "“全网最低价”, “第一品牌” in the title" in terms.hint
    assert ("全网最低价", True) in terms.marked[0][1]
    clean = assess("铸铁平底锅26厘米 预开锅 无涂层", "", "Toys", 1, 1, {}, 0, SEED_TERMS)
    assert check(clean, "absolute_terms").met


def test_english_terms_are_whole_words_in_any_width():
    found = check(
        assess("Ｎｏ．１ skillet, the best", "", None, 1, 1, {}, 0, SEED_TERMS), "absolute_terms"
    )
    assert "“Ｎｏ．１”" in found.hint and "“the best”" in found.hint
    # "best" inside another word, "#1" inside "#12": not the terms
    assert check(assess("Bestow skillet #12 cast iron", "", None, 1, 1, {}, 0, SEED_TERMS),
                 "absolute_terms").met  # fmt: skip
    # the promotional-words rule does not name again what the law rule names
    title_clean = check(assess("Best skillet", "", None, 1, 1, {}, 0, SEED_TERMS), "title_clean")
    assert title_clean.met


def test_a_fibre_s_full_share_is_its_label_not_a_claim():
    """面料：100%纯棉 is what the garment standards ask a label to say."""
    for text in ("面料：100%纯棉", "成分 １００％ 桑蚕丝", "100% cotton tee", "百分之百羊毛",
                 "100%新疆长绒棉", "面料 100%澳洲美利奴羊毛", "成分：棉100%",
                 "面料：聚酯纤维100%", "含棉量100%"):  # fmt: skip
        report = assess("纯棉圆领短袖T恤 男女同款 夏季", text, None, 1, 1, {}, 0, SEED_TERMS)
        assert check(report, "absolute_terms").met, text
    report = assess("100%满意 纯棉T恤", "好评100%，100%正品", None, 1, 1, {}, 0, SEED_TERMS)
    assert not check(report, "absolute_terms").met
    # a word between the share and the fibre keeps the claim
    report = assess(
        "100%满意纯棉T恤 男女同款", "纯棉面料，透气舒适。", None, 1, 1, {}, 0, SEED_TERMS
    )
    assert not check(report, "absolute_terms").met


def test_terms_in_the_description_are_shown_where_they_stand():
    description = "选用优质生铁。" * 10 + "国家级工艺，100%手工打磨。" + "适合燃气灶。" * 10
    terms = check(assess("铸铁平底锅26厘米", description, None, 1, 1, {}, 0, SEED_TERMS),
                  "absolute_terms")  # fmt: skip
    _label, pieces = terms.marked[0]
    assert [text for text, term in pieces if term] == ["国家级", "100%"]
    assert pieces[0][0].startswith("…")  # the long text around them is cut


def test_full_width_punctuation_runs_are_decoration():
    assert not check(assess("铸铁平底锅！！超值", "", None, 1, 1, {}, 0, ()), "title_clean").met
    assert not check(assess("铸铁平底锅？？？", "", None, 1, 1, {}, 0, ()), "title_clean").met
    assert check(assess("铸铁平底锅，26厘米", "", None, 1, 1, {}, 0, ()), "title_clean").met


def test_a_chinese_title_counts_two_a_character_toward_60():
    ok = check(assess("铸铁平底锅26厘米预开锅无涂层燃气电磁炉通用", "", None, 1, 1, {}, 0, ()),
               "title_length")  # fmt: skip
    assert ok.met  # 19 Chinese characters and 2 digits: 40
    long = check(assess("铸铁平底锅" * 7, "", None, 1, 1, {}, 0, ()), "title_length")
    assert long.hint.startswith("Shorten the title by 5 Chinese characters")  # 70 → 60
    short = check(assess("平底锅", "", None, 1, 1, {}, 0, ()), "title_length")
    assert short.hint.startswith("Lengthen the title by 7 Chinese characters")  # 6 → 20


def test_the_editor_highlights_the_terms_and_explains_the_law_in_chinese(client, auth):
    seed_terms()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    panel = client.post("/products/quality", data=CHINESE_LISTING, headers=ZH).text
    assert "<mark>全网最低价</mark>" in panel and "<mark>第一品牌</mark>" in panel
    assert "广告法" in panel
    saved = client.post("/products/new", data=CHINESE_LISTING)
    assert saved.status_code == 302
    clean = client.post(
        "/products/quality", data={**CHINESE_LISTING, "title": "铸铁平底锅26厘米 预开锅 无涂层"}
    ).text
    assert "<mark>" not in clean


def test_admins_keep_the_list_and_the_score_follows(client, auth):
    auth.as_role(Role.ADMIN)
    added = client.post("/admin/ad-terms", data={"term": "爆款"}, follow_redirects=True)
    assert "“爆款” added" in added.text
    again = client.post("/admin/ad-terms", data={"term": " 爆款 "})
    assert again.status_code == 400 and "on the list already" in again.text
    assert db.session.scalar(select(func.count()).select_from(AbsoluteTerm)) == 1
    term = db.session.scalar(select(AbsoluteTerm))
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_kind == "ad_term")
    )
    assert list(events) == ["add_ad_term"]
    page = client.get("/admin/ad-terms", headers=ZH).text
    assert "爆款" in page and "广告法" in page
    removed = client.post(f"/admin/ad-terms/{term.id}/remove", follow_redirects=True)
    assert "removed" in removed.text
    assert db.session.scalar(select(func.count()).select_from(AbsoluteTerm)) == 0


def test_the_merchant_sees_a_term_an_admin_added(client, auth):
    db.session.add(AbsoluteTerm(term="爆款"))
    db.session.commit()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    panel = client.post("/products/quality", data={**GOOD, "title": "爆款 铸铁平底锅 26 cm"}).text
    assert "<mark>爆款</mark>" in panel


def test_a_seven_character_chinese_return_policy_is_a_return_policy(client, auth):
    auth.as_merchant(status=ReviewStatus.DRAFT)
    response = client.post(
        "/store/",
        data={"name": "青石家居", "return_policy": "七天无理由退货", "shipping_policy": "包邮",
              "description": "短"},
        headers=ZH,
    )  # fmt: skip
    assert "七天无理由退货" in response.text
    errors = dict(
        re.findall(r'<ul class="errors" id="([a-z_]+)-errors"><li>(.*?)</li>', response.text)
    )
    assert "return_policy" not in errors
    # two characters are too few, and the message counts in Chinese characters
    assert errors["shipping_policy"] == "请至少写 5 个汉字（或 10 个字母）。"
