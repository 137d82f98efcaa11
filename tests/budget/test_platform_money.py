"""Every amount a platform run says in words carries the site's currency, as the tables beside
them do: a Chinese planner read "8,000.00 的预算已全部花完" under "¥8,000.00 花费", the clearing
price "每次点击 1.68 的收入" and the gap's "预计收入为 14,185.87"; the merchant's notice said
"建议您在 8,000.00 的预算中花费 8,000.00"."""

import re

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification

from .. import factories
from .marketplace import text, two_stores_share_scarce_search
from .test_platform_explained import recommendation, run_as_planner

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
BARE_AMOUNT = re.compile(r"(?<![¥\d.,])\d{1,3}(?:,\d{3})*\.\d\d(?!\d)")


def test_a_platform_run_says_amounts_as_money_in_chinese(client, auth):
    ash, _birch = two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    planner = db.session.scalar(select(User).where(User.role == Role.PLANNER))
    planner.locale = "zh_Hans"
    db.session.commit()
    page = client.get(f"/budget/platform/{run.id}", headers=ZH).text
    binding = text(page.split('id="binding"')[1].split("</ul>")[0])
    assert "出清价为每次点击 ¥1.68 的收入" in binding, binding
    quality = text(page.split('id="quality"')[1].split("</section>")[0])
    assert "预计收入为 ¥" in quality and "不可能超过 ¥" in quality, quality
    prices = text(page.split('id="placements"')[1].split("</table>")[0])
    assert "每次点击 ¥1.68" in prices, prices

    share = recommendation(run, ash)
    page = client.get(f"/budget/plans/{share.id}", headers=ZH).text
    limits = text(page.split('id="binding"')[1].split("</ul>")[0])
    assert "¥1,000.00 的预算已全部花完" in limits, limits
    why = text(page.split('id="comparison"')[1].split("</section>")[0])
    assert "每次点击 ¥1.68 的出清价" in why, why

    ash_owner = db.session.get(User, ash.merchant_id)
    notice = db.session.scalar(select(Notification).where(Notification.user_id == ash_owner.id))
    assert "¥1,000.00" in notice.body and BARE_AMOUNT.findall(notice.body) == [], notice.body
