"""Store health: one score from what the portal knows, each problem with its fix and points;
the merchant sees it, managers sort and filter by it, and a poor score puts the store on the
recall worklist."""

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import update

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.health import HealthFacts, health
from merchant_portal.growth.health_facts import health_facts
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.onboarding.store.models import StoreDocument
from merchant_portal.sales.models import StoreWeek
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories
from ..query_counter import count_queries
from .builders import sell_daily


def today():
    return factories.market_today()


def test_a_clean_store_scores_full_marks():
    assert health(HealthFacts()).score == 1000 and health(HealthFacts()).problems == ()


def test_each_problem_costs_points_and_says_what_fixes_it():
    facts = HealthFacts(sent_back=2, oldest_send_back_days=12, refused_recently=1,
                        documents_rejected=1, gmv_recent=Decimal(600), gmv_before=Decimal(1000),
                        refunds_recent=Decimal(60))  # fmt: skip
    result = health(facts)
    points = {p.code: p.points for p in result.problems}
    assert points == {"sent_back": 60, "send_back_unanswered": 75, "refused": 40,
                      "documents": 100, "refunds": 150, "gmv_falling": 80}  # fmt: skip
    assert result.score == 1000 - sum(points.values()) == 495
    assert [p.points for p in result.problems] == sorted(points.values(), reverse=True)
    assert result.needs_recall and result.band == "poor"
    assert all(str(p.fix) for p in result.problems)


def test_the_score_never_goes_below_zero():
    worst = HealthFacts(sent_back=50, oldest_send_back_days=400, refused_recently=50,
                        documents_rejected=9, gmv_recent=Decimal(1), gmv_before=Decimal(10**6),
                        refunds_recent=Decimal(1))  # fmt: skip
    assert health(worst).score == 0


def troubled_store(name="Oak & Iron"):
    """Two listings sent back ten days ago, one refused, a licence not accepted, refunds 12%."""
    user, store = factories.make_merchant(status=S.APPROVED, store_name=name)
    ten_days_ago = factories.utcnow() - timedelta(days=10)
    for title in ("Board", "Spoon"):
        factories.make_product(store, title=title, status=S.CHANGES_REQUESTED,
                               decided_at=ten_days_ago)  # fmt: skip
    factories.make_product(store, title="Knife", status=S.REJECTED, decided_at=ten_days_ago)
    factories.make_document(store, verdict="rejected")
    live = factories.make_product(store, title="Pan", status=S.APPROVED)
    start = today() - timedelta(days=today().weekday() + 28)
    sell_daily(live, start, 28, gmv=100.0)
    db.session.execute(update(StoreWeek).values(refunds=StoreWeek.gmv * Decimal("0.12")))
    db.session.commit()
    return user, store


def test_facts_come_from_the_store_in_bulk():
    _, store = troubled_store()
    _, clean = factories.make_merchant(status=S.APPROVED, store_name="Clean")
    db.session.commit()
    ids = [store.id, clean.id]
    with count_queries() as statements:
        facts = health_facts(ids, today())
    assert len(statements) == 2
    mine = facts[store.id]
    assert (mine.sent_back, mine.refused_recently, mine.documents_rejected) == (2, 1, 1)
    assert mine.oldest_send_back_days == 10
    assert mine.gmv_recent == Decimal("2800.00") and mine.refunds_recent == Decimal("336.00")
    assert facts[clean.id] == HealthFacts()


def test_the_merchant_sees_the_score_with_fixes_on_business_and_checklist(client, auth):
    user, _ = troubled_store()
    auth.login(user.email)
    page = client.get("/growth/").text
    section = page.split('id="health"', 1)[1].split("</section>", 1)[0]
    # 60 + 65 + 40 + 100 + 210: two send-backs, 10 days unanswered, one refusal, a document,
    # refunds of 12%
    assert "525 of 1000" in section
    assert "refunds are 12% of GMV over 4 weeks" in section and "+210" in section
    assert 'href="/store/"' in section  # the document's fix links to where it is fixed
    checklist = client.get("/onboarding").text
    assert "Keep your store healthy" in checklist and "Health 525 of 1000" in checklist
    chinese = client.get("/growth/", headers={"Accept-Language": "zh-CN"}).text
    assert "店铺健康分" in chinese and "Store health" not in chinese


def test_managers_sort_and_filter_their_book_by_health(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, poor = troubled_store("Poorly")
    _, clean = factories.make_merchant(status=S.APPROVED, store_name="Spotless")
    for store in (poor, clean):
        db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    page = client.get("/growth/book?sort=health").text
    assert page.index("Poorly") < page.index("Spotless")  # the worst first
    assert "525" in page
    # the sorted column's header turns the order round (it linked to the same order before)
    flip = re.search(r'href="([^"]*sort=health[^"]*)"[^>]*aria-sort="ascending"', page)
    assert flip and "dir=desc" in flip.group(1)
    turned = client.get(flip.group(1).replace("&amp;", "&")).text
    assert turned.index("Spotless") < turned.index("Poorly")
    assert re.search(r'href="[^"]*dir=asc[^"]*"[^>]*aria-sort="descending"', turned)
    filtered = client.get("/growth/book?health_below=600").text
    assert "Poorly" in filtered and "Spotless" not in filtered
    for typed in ("-5", "六百", "50%", "abc"):  # said next to the field, the typing kept
        refused = client.get("/growth/book", query_string={"health_below": typed})
        assert refused.status_code == 200
        assert "Enter a score from 1 to 1000, like 600." in refused.text
        assert f'value="{typed}"' in refused.text


def test_a_poor_score_puts_a_steady_store_on_the_recall_worklist(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, poor = troubled_store("Poorly")
    db.session.add(MerchantAccount(store_id=poor.id, manager_id=manager.id))
    db.session.commit()
    worklist = client.get("/growth/recall").text.split('id="worklist"', 1)[1]
    assert "Poorly" in worklist
    assert "health 525, below 600: refunds are 12% of GMV over 4 weeks" in worklist


def test_documents_accepted_cost_nothing():
    _, store = factories.make_merchant(status=S.APPROVED)
    factories.make_document(store, verdict="accepted")
    db.session.commit()
    assert health_facts([store.id], today())[store.id].documents_rejected == 0
    assert db.session.query(StoreDocument).count() == 1
