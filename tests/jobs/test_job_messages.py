# ruff: noqa: RUF001  (the Chinese uses full-width punctuation, as written)
"""A job's message is stored as a code and its arguments and said in the language of whoever
reads the job's page: a merchant who imported in Chinese and reads in English, or the other
way round, reads it in theirs (it used to be stored in the words of whoever started it)."""

from merchant_portal.extensions import db
from merchant_portal.jobs.messages import say
from merchant_portal.jobs.models import Job

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}


def test_an_import_s_closing_message_reads_in_the_reader_s_language(client, auth):
    merchant, _store = auth.as_merchant()
    done = say("product_import.done", num=3)
    job = Job(kind="product_import", status="succeeded", started_by_id=merchant.id, progress=100,
              message_code=done.code, message_args=done.args, payload={"title": "Import"})  # fmt: skip
    db.session.add(job)
    db.session.commit()
    english = client.get(f"/jobs/{job.id}", headers=EN).text
    assert "Imported 3 products as drafts. Add images, then submit them." in english
    chinese = client.get(f"/jobs/{job.id}", headers=ZH).text
    assert "已导入 3 个商品（草稿）。请添加图片后提交审核。" in chinese
    assert "Imported" not in chinese


def test_a_row_stored_before_codes_shows_its_words_as_written(client, auth):
    merchant, _store = auth.as_merchant()
    job = Job(kind="product_import", status="succeeded", started_by_id=merchant.id,
              message_code="as_written", message_args={"text": "已导入 2 个商品"})  # fmt: skip
    db.session.add(job)
    db.session.commit()
    assert "已导入 2 个商品" in client.get(f"/jobs/{job.id}", headers=EN).text


def test_a_job_s_title_and_link_read_in_the_reader_s_language(
    client, auth, parked_queue, app, monkeypatch
):
    # Found by a new user: an import started in Chinese was titled "商品导入" on the English
    # page (the title was stored in the starter's words), and the page said "started" (已于…开始)
    # above "waiting to start".
    import io

    from merchant_portal.onboarding.products.import_job import product_import_task
    from merchant_portal.workflow.reviewable import ReviewStatus

    monkeypatch.setitem(app.config, "IMPORT_INLINE_ROWS", 1)
    auth.as_merchant(status=ReviewStatus.APPROVED)
    rows = "".join(
        f"Cast iron skillet {i} cm,Pre-seasoned,Home & Kitchen,34.90,40,\n" for i in range(3)
    )
    csv = ("title,description,category,price,stock,attributes\n" + rows).encode()
    started = client.post("/products/import", headers=ZH, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(csv), "file.csv")})  # fmt: skip
    page = started.headers["Location"]
    chinese = client.get(page, headers=ZH).text
    assert "<h1>商品导入</h1>" in chinese and "提交" in chinese and "开始。" not in chinese
    assert "<h1>Product import</h1>" in client.get(page, headers=EN).text
    product_import_task.call_local(int(page.rsplit("/", 1)[1]))
    db.session.expire_all()
    english = client.get(page, headers=EN).text
    assert "Show the products" in english and "商品" not in english


def test_a_job_stored_with_a_worded_title_reads_in_the_reader_s_language(client, auth):
    merchant, _store = auth.as_merchant()
    job = Job(kind="product_import", status="succeeded", started_by_id=merchant.id,
              payload={"title": "商品导入", "next": "/products/", "next_label": "查看商品"})  # fmt: skip
    db.session.add(job)
    db.session.commit()
    english = client.get(f"/jobs/{job.id}", headers=EN).text
    assert "<h1>Product import</h1>" in english and "Show the products" in english


BROKEN_MESSAGES = [
    ("no_such.code", {"x": 1}),
    ("platform_run.told", {"bogus": 1}),  # the arguments a later version renamed
    ("platform_run.told", {"told": "3", "total": "many"}),  # text where a number goes
    ("platform_run.done", [1, 2]),  # not an object at all
    ("gave_up", {"attempts": "three"}),
    ("gave_up", None),
    ("failed", {}),
]


def test_a_job_row_with_an_unknown_code_or_bad_arguments_still_renders(client, auth):
    """A row written by another version (or by hand) must not take the job's page down."""
    merchant, _store = auth.as_merchant()
    jobs = [
        Job(
            kind="platform_run",
            status="failed",
            started_by_id=merchant.id,
            message_code=code,
            message_args=args,
            error="boom",
        )
        for code, args in BROKEN_MESSAGES
    ]
    db.session.add_all(jobs)
    db.session.commit()
    for job, (code, _args) in zip(jobs, BROKEN_MESSAGES, strict=True):
        for headers in (EN, ZH):
            page = client.get(f"/jobs/{job.id}", headers=headers)
            assert page.status_code == 200, (code, _args, headers)


def test_a_job_of_a_kind_no_longer_run_shows_and_is_not_retried(client, auth):
    merchant, _store = auth.as_merchant()
    job = Job(kind="retired_kind", status="failed", started_by_id=merchant.id,
              message_code="retired_kind.done", message_args={})  # fmt: skip
    db.session.add(job)
    db.session.commit()
    assert client.get(f"/jobs/{job.id}", headers=EN).status_code == 200
    answer = client.post(f"/jobs/{job.id}/retry", follow_redirects=True, headers=EN)
    assert answer.status_code == 200
    assert "Only a failed, interrupted or cancelled job can be retried." in answer.text
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "failed"


def test_a_job_s_words_outside_a_request_are_in_the_language_the_job_was_started_in(
    app, monkeypatch
):
    # Found by an attack pass: on a Chinese site, an English planner's notice of a finished
    # run read "正在通知商家平台运行 1 的结果: finished": the worker (no request) says the
    # subject in the job's language (force_locale), and the portal's words overrode it with
    # the site's.
    from flask_babel import force_locale

    from merchant_portal.jobs.messages import message_in_words

    monkeypatch.setitem(app.config, "DEFAULT_LOCALE", "zh_Hans")
    import merchant_portal.budget.platform.publish  # noqa: F401  (its words)

    job = Job(kind="platform_publish", status="succeeded",
              payload={"locale": "en", "title_code": "platform_publish.title",
                       "title_args": {"id": 1}})  # fmt: skip
    done = say("platform_publish.done", told=13, left=0)
    with app.app_context():
        with force_locale("en"):
            title, body = job.title_text, message_in_words(done.code, done.args)
        site_title = job.title_text  # no language asked for: the site's
    assert title.startswith("Telling merchants of platform run 1"), title
    assert body.startswith("Done: 13 told"), body
    assert "平台运行 1" in site_title
