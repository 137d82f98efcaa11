"""A promotion has a name per language: merchants on Chinese pages read 冬季家居特卖, on
English ones "Winter Home Sale"; without a Chinese name the English one shows."""

from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}


def test_each_page_reads_the_promotions_name_in_its_language(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    winter = factories.make_activity(name="Winter Home Sale", name_zh="冬季家居特卖")
    factories.make_activity(name="Spring Garden Days")
    db.session.commit()
    chinese = client.get("/activities/", headers=ZH).text
    assert "冬季家居特卖" in chinese and "Winter Home Sale" not in chinese
    assert "Spring Garden Days" in chinese, "no Chinese name: the English one"
    english = client.get(f"/activities/{winter.id}", headers=EN).text
    assert "<h1>Winter Home Sale</h1>" in english and "冬季家居特卖" not in english
