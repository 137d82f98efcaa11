# ruff: noqa: RUF002  (Chinese is written with its full-width punctuation)
"""Chinese sets a space between Chinese text and a filled-in address or number, and none between
two Chinese words: "由 lin@example.com 于", but "由您自己于", not "由 您自己 于"."""

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.i18n.spacing import tight
from merchant_portal.i18n.words import gettext, ngettext

from .. import factories
from ..budget.test_plans import shop_and_catalogue


def test_a_space_beside_a_chinese_word_filled_in_is_dropped():
    said = "由 %(who)s 于 %(when)s 生成"
    # a date begins with a digit (its space kept) and ends with 日 (its space dropped)
    assert tight(said, {"who": "您自己", "when": "2026年12月7日"}) == "由%(who)s于 %(when)s生成"
    assert tight(said, {"who": "lin@example.com", "when": "2026年12月7日 14:00"}) == said
    # only the word's own first and last characters count: its inner spaces are its own
    assert tight("店铺 %(name)s 已通过", {"name": "小米 旗舰店"}) == "店铺%(name)s已通过"
    assert tight("店铺 %(name)s 已通过", {"name": "Oak & Iron"}) == "店铺 %(name)s 已通过"
    assert tight("Run by %(who)s today", {"who": "您自己"}) == "Run by %(who)s today"
    # full-width punctuation sits against Chinese as the characters do
    assert tight("%(store)s 的投放方案", {"store": "小叶茶铺（昆明）"}) == "%(store)s的投放方案"
    assert tight("由 %(who)s 于", {"who": "【旗舰】茶舍"}) == "由%(who)s于"


def test_said_in_python_and_in_a_template_alike(app):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        line = gettext("Run %(when)s by %(who)s · optimising %(objective)s · budget %(budget)s",
                       when="2026年12月7日", who="您自己", objective="收入", budget="¥1,000.00")  # fmt: skip
        assert line.startswith("由您自己于 2026年12月7日生成 · 优化目标：收入")
        counted = ngettext("%(num)d week", "%(num)d weeks", 3)
        assert "3" in counted


def test_a_merchant_reads_their_own_plan_without_stray_spaces(client, auth):
    merchant, store = shop_and_catalogue()
    merchant.locale = "zh_Hans"
    made = factories.make_plan(store, merchant)
    made.kind = "self_service"
    db.session.commit()
    auth.login(merchant.email)
    page = client.get(f"/budget/plans/{made.id}").text
    assert "由您自己于" in page and "由 您自己 于" not in page


def test_a_planner_reads_the_address_set_apart(client, auth):
    _, store = shop_and_catalogue()
    planner = factories.make_user(Role.PLANNER, locale="zh_Hans")
    made = factories.make_plan(store, planner)
    db.session.commit()
    auth.login(planner.email)
    assert f"由 {planner.email} 于" in client.get(f"/budget/plans/{made.id}").text


def test_a_sentence_filled_in_later_keeps_chinese_spacing_too(app):
    # Found by a user pass: "类目页横幅 已达到您设置的最高花费。" (the sentence kept lazy and
    # filled in by hand, outside gettext)
    from types import SimpleNamespace

    from merchant_portal.budget.plans.explain import binding_in_words

    placements = {"banner": SimpleNamespace(label="类目页横幅")}
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        said = binding_in_words({"binding": ["banner.max_spend"]}, {}, placements)
    assert said == ["类目页横幅已达到您设置的最高花费。"], said


def test_a_label_s_full_width_colon_takes_no_second_space(client, auth):
    """ "阶段： 活跃" and "下一步： 填写店铺资料": the full-width colon carries its own space."""
    from merchant_portal.i18n.spacing import before_next

    assert before_next("阶段：") == "阶段：" and before_next("Stage:") == "Stage: "
    merchant, _store = auth.as_merchant()
    merchant.locale = "zh_Hans"
    db.session.commit()
    page = client.get("/onboarding").text
    assert "<strong>下一步：</strong>" in page
    assert "。<a href" in page and "。 <a" not in page  # nor between a sentence and its link
    merchant.locale = "en"
    db.session.commit()
    page = client.get("/onboarding").text
    assert "<strong>Next: </strong>" in page and ". <a href" in page
