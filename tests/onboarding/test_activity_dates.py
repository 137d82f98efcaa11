"""An activity's page shows its own dates (when registration is open, when it runs), and
promotion times read to the minute, as people write them: no seconds."""

import re
from datetime import datetime

from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")


def test_an_activitys_page_shows_its_windows_without_seconds(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    activity = factories.make_activity(
        name="Spring Sale",
        registration_opens_at=datetime(2027, 3, 1, 2, 30, 45),
        registration_closes_at=datetime(2027, 3, 5, 2, 30, 45),
        starts_at=datetime(2027, 3, 10, 2, 0, 0),
        ends_at=datetime(2027, 3, 20, 2, 0, 0),
    )
    db.session.commit()
    page = client.get(f"/activities/{activity.id}").text
    dates = re.search(r'<dl class="facts" id="activity-dates">.*?</dl>', page, re.S).group(0)
    for day in ("Mar 1, 2027", "Mar 5, 2027", "Mar 10, 2027", "Mar 20, 2027"):
        assert day in dates
    assert not SECONDS.search(page), SECONDS.search(page)

    chinese = client.get(f"/activities/{activity.id}", headers={"Accept-Language": "zh"}).text
    assert "2027年3月10日" in chinese and not SECONDS.search(chinese)


def test_the_promotions_list_shows_times_without_seconds(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    factories.make_activity(name="Spring Sale", starts_at=datetime(2027, 3, 10, 2, 0, 0))
    db.session.commit()
    page = client.get("/activities/").text
    assert "Spring Sale" in page and "Mar 10, 2027" in page
    assert not SECONDS.search(page)
