"""What a new Chinese planner ran into on the results page: a week in 9999 (a 500), a week
recorded by hand that could not be deleted, a results file in Excel or with Chinese headers
and placement names refused, a PDF named .csv read as columns, and 2026-11-31 told to use
the format 2026-11-01."""

import io
import re
from datetime import timedelta

from openpyxl import Workbook
from sqlalchemy import delete, select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.budget.results import views as results_views
from merchant_portal.budget.results.forms import this_week
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.budget.test_plans import error_next_to
from tests.budget.test_results_weekly import HEADER, records, setup, upload, week_form

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_a_week_in_9999_or_year_one_is_refused_next_to_the_field(client, auth):
    _, store = setup(auth)
    url = f"/budget/stores/{store.id}/results"
    for typed in ("9999-12-31", "0001-01-01", "2009-12-31"):
        response = client.post(url, data=week_form(typed, clicks=612))
        assert response.status_code == 400, typed
        said = error_next_to(response.text, "week")
        assert "Enter a day from 2010-01-04 to" in said, (typed, said)
        assert 'value="612"' in response.text, "the rest of the form is kept"
    # the week after this one has not begun: no results for it yet
    ahead = (this_week() + timedelta(days=7)).isoformat()
    assert client.post(url, data=week_form(ahead)).status_code == 400
    assert client.post(url, data=week_form(this_week().isoformat())).status_code == 302
    assert len(records()) == 1


def test_a_file_with_a_week_in_9999_names_the_row_and_column(client, auth):
    _, store = setup(auth)
    page = upload(client, store, HEADER + "search_top,2026-11-02,1,0,1,0,1\n"
                  "search_top,9999-12-31,500,0,900,10,450\n")  # fmt: skip
    assert page.status_code == 400
    assert "nothing was imported" in page.text
    assert '<td class="num">3</td><td><code>week</code></td><td>Enter a day from 2010-01-04' in (
        page.text
    )
    assert records() == []


def test_a_day_that_does_not_exist_says_so_in_the_form_and_the_file(client, auth):
    _, store = setup(auth)
    response = client.post(f"/budget/stores/{store.id}/results", data=week_form("2026-11-31"))
    assert "There is no day 2026-11-31: that month has 30 days." in error_next_to(
        response.text, "week"
    )
    page = upload(client, store, HEADER + "search_top,2026-02-29,1,0,1,0,1\n")
    assert "There is no day 2026-02-29: that month has 28 days." in page.text
    page = upload(client, store, HEADER + "search_top,2026-13-01,1,0,1,0,1\n")
    assert "There is no month 13" in page.text
    # a date in no known form still gets the form to use
    page = upload(client, store, HEADER + "search_top,next monday,1,0,1,0,1\n")
    assert "Enter a date like 2026-11-01." in page.text


def test_a_recorded_week_is_deleted_after_a_confirmation_and_audited(client, auth):
    planner, store = setup(auth)
    url = f"/budget/stores/{store.id}/results"
    client.post(url, data=week_form("2026-11-04"))
    (entry,) = records()
    page = client.get(url)
    delete_url = f"/budget/stores/{store.id}/results/{entry.id}/delete"
    assert f'action="{delete_url}' in page.text, "the recorded list offers a delete"
    asked = client.post(delete_url)
    assert "Delete the results of Search top for the week of Nov 2, 2026?" in asked.text
    assert records() != [], "nothing goes before the confirmation"
    done = client.post(delete_url, data={"confirm": "1"}, follow_redirects=True)
    assert "were deleted" in done.text
    assert records() == []
    assert "Nothing yet." in done.text
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "delete_results")
    ).all()
    assert event.actor_id == planner.id and event.detail["week"] == "2026-11-02"


def test_a_week_deleted_from_two_tabs_at_once_is_one_deletion_in_the_trail(
    client, auth, monkeypatch
):
    """Found by the attack pass: four tabs confirming the same deletion at once wrote four
    delete_results events for one week."""
    _, store = setup(auth)
    client.post(f"/budget/stores/{store.id}/results", data=week_form("2026-11-04"))
    (entry,) = records()
    loaded = results_views.get_recorded_or_404

    def loaded_then_deleted_in_another_tab(store_id, record_id):
        found = loaded(store_id, record_id)
        with db.engine.begin() as other_tab:
            other_tab.execute(delete(PerformanceRecord).where(PerformanceRecord.id == record_id))
        return found

    monkeypatch.setattr(results_views, "get_recorded_or_404", loaded_then_deleted_in_another_tab)
    done = client.post(
        f"/budget/stores/{store.id}/results/{entry.id}/delete", data={"confirm": "1"}
    )
    assert done.status_code == 302, "the week is gone either way: no error"
    assert records() == []
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "delete_results"))
    assert events.all() == [], "this tab deleted nothing: the trail says nothing of it"


def test_another_stores_week_cannot_be_deleted_through_this_store(client, auth):
    _, store = setup(auth)
    _, other = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    client.post(f"/budget/stores/{other.id}/results", data=week_form("2026-11-04"))
    (entry,) = records()
    response = client.post(
        f"/budget/stores/{store.id}/results/{entry.id}/delete", data={"confirm": "1"}
    )
    assert response.status_code == 404
    assert len(records()) == 1


def test_a_merchant_cannot_delete_results(client, auth):
    _, store = setup(auth)
    client.post(f"/budget/stores/{store.id}/results", data=week_form("2026-11-04"))
    (entry,) = records()
    client.post("/logout")
    auth.as_role(Role.MERCHANT)
    response = client.post(
        f"/budget/stores/{store.id}/results/{entry.id}/delete", data={"confirm": "1"}
    )
    assert response.status_code in (403, 404)
    assert len(records()) == 1


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(client, store, raw: bytes, name: str):
    return client.post(
        f"/budget/stores/{store.id}/results/import",
        data={"file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
        headers=ZH,
    )


def test_an_excel_file_with_chinese_headers_and_placement_names_imports(client, auth):
    _, store = setup(auth)
    factories.make_placement(code="feed", name="Feed", name_zh="信息流")
    db.session.commit()
    raw = xlsx(
        [
            ["广告位", "周", "花费", "展现", "点击", "转化", "收入"],
            ["信息流", "2026-11-02", 500, 0, 900, 10, 450],
            ["Search top", "2026/11/10", 400, 0, 500, 8, 300],
        ]
    )
    page = send(client, store, raw, "结果.xlsx")
    assert page.status_code == 200, page.text
    assert [(r.week.isoformat(), r.clicks) for r in records()] == [
        ("2026-11-02", 900),
        ("2026-11-09", 500),
    ]


def test_an_unknown_placement_is_named_in_chinese_with_the_codes_and_names(client, auth):
    _, store = setup(auth)
    raw = "广告位,周,花费,展现,点击,转化,收入\n首页横幅,2026-11-02,1,0,1,0,1\n".encode()
    page = send(client, store, raw, "结果.csv")
    assert page.status_code == 400
    assert "<code>广告位</code>" in page.text, "the column as the file names it"
    assert "search_top (Search top)" in page.text
    assert "Use a placement" not in page.text, "said in Chinese"


def test_a_pdf_named_csv_is_refused_as_not_a_table(client, auth):
    _, store = setup(auth)
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>\nstream\x00\x01\x02\x9c\xff"
    for raw in (pdf, bytes(range(256)) * 8):
        page = upload_raw = send(client, store, raw, "weeks.csv")
        assert upload_raw.status_code == 400
        assert "CSV" in page.text and "不是" in page.text, page.text[-2000:]
        assert "unknown column" not in page.text and "未知" not in page.text
        problem_row = re.search(
            r'id="import-problems".*?<tbody><tr><td class="num">(.*?)</td>', page.text, re.S
        )
        assert problem_row.group(1) == "整个文件", "a problem of the whole file names no row 0"
    assert records() == []


def test_a_first_day_without_a_last_day_is_told_by_form_and_file_not_a_500(client, auth):
    # An attack pass: period_start alone reached the database without its end (NOT NULL).
    _, store = setup(auth)
    response = client.post(
        f"/budget/stores/{store.id}/results", data=week_form("", period_start="2026-11-02")
    )
    assert response.status_code == 400, "the page's form has no last day: refused, not saved"
    legacy = "placement,period_start,spend,impressions,clicks,conversions,revenue\n"
    page = upload(client, store, legacy + "search_top,2026-11-02,10,100,10,1,20\n")
    assert page.status_code == 400 and "Enter the last day." in page.text
    assert records() == []


def test_an_excel_file_past_the_row_limit_is_refused_not_cut_short(client, auth, monkeypatch):
    # An attack pass: a row after the 50,001st was dropped and the import said it succeeded.
    import merchant_portal.budget.results.csv_import as csv_import

    monkeypatch.setattr(csv_import, "MAX_ROWS", 3)
    _, store = setup(auth)
    weeks = ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"]
    raw = xlsx([["placement", "week", "spend", "impressions", "clicks", "conversions",
                 "revenue"], *[["search_top", w, 10, 100, 10, 1, 20] for w in weeks]])  # fmt: skip
    page = send(client, store, raw, "weeks.xlsx")
    assert page.status_code == 400 and "每个文件最多 3 行" in page.text
    assert records() == [], "all or nothing"


def test_a_file_with_wrong_columns_is_told_in_chinese_which_columns_it_lacks(client, auth):
    """The problems listed placement, week, period_start … spend: codes a Chinese planner's
    file, written with 广告位 and 花费, never used."""
    _, store = setup(auth)
    raw = "广告位,日期,金额,点击量\n搜索结果顶部,2026-11-02,100,5\n".encode("gbk")
    page = send(client, store, raw, "结果.csv")
    assert page.status_code == 400
    problems = page.text.split('id="import-problems"')[1].split("</section>")[0]
    assert "<code>金额</code>" in problems, "the unknown column as the file names it"
    assert "广告位、周、" in problems and "花费" in problems, "the columns it may use, in Chinese"
    assert "<code>花费</code>" in problems and "<code>收入</code>" in problems, "the ones it lacks"
    for code in ("spend", "revenue", "period_start", "placement, week"):
        assert code not in problems, f"{code!r} on a Chinese page"
    assert records() == []


def test_a_refused_week_says_every_problem_at_the_top_with_links_to_the_fields(client, auth):
    # A new-user pass: the problems showed only under each field, mid-page, with the page
    # opened again at its top
    _, store = setup(auth)
    refused = client.post(
        f"/budget/stores/{store.id}/results", data=week_form("2026-11-02", spend="abc", clicks="-5")
    )
    assert refused.status_code == 400
    top = refused.text.split('id="refusal"')[1].split("</div>")[0]
    assert top.count("<li>") == 2, "both problems, said at once"
    assert 'href="#spend"' in top and 'href="#clicks"' in top
    assert refused.text.index('id="refusal"') < refused.text.index('name="placement"')
    assert records() == []
