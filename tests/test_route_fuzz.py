"""Every route, as every kind of user, fed hostile values: no answer may be a server error.

Generated from the app's route map, so a route added later is covered without anyone listing
it. For each route the test knows what to send from two sources found by crawling the app once:
- the query and form keys the view itself reads (requests here record every key looked up in
  ``request.args`` and ``request.form``, WTForms fields included), and
- the fields of every HTML form whose action is that route (hidden ones and the CSRF token too),
  with the values the page offers (options, checkboxes), so that examples also reach the code
  behind validation.
Each path parameter, query parameter and form field then gets hostile values (numbers past any
column, NaN and infinity, digits of other scripts, empty and very long text, SQL and HTML
metacharacters, impossible dates, null bytes) mixed with valid ones, by GET and by POST.

Bounded and deterministic by default (ROUTE_FUZZ_EXAMPLES examples per route and role, fixed
seed); raise ROUTE_FUZZ_EXAMPLES for a longer hunt. The counts are printed at the end.
"""

import io
import json
import os
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from flask import has_request_context, request
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import IntegerConverter

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.budget.models import PlatformRun
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.growth.notebook.models import NotebookTask
from merchant_portal.jobs.models import Job
from merchant_portal.mail import send_mail
from merchant_portal.numbers import NumberSafeMultiDict
from merchant_portal.security import PortalRequest
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories
from .conftest import dispose_engines, empty_every_table, legacy_tree, make_test_app

EXAMPLES = int(os.environ.get("ROUTE_FUZZ_EXAMPLES", "6"))
ROLES = ("anonymous", "merchant", "other_merchant", Role.REVIEWER, Role.PLANNER, Role.ADMIN)

HOSTILE = [
    "99999999999999999999", str(2**31), str(2**63), "9" * 400, "-1", "0", "NaN", "nan",
    "-Infinity", "inf", "1e999", "1e-999", "\u0661\u0662", "\u00b2", "\U0001d7d9\U0001d7da",
    "", " ", "x" * 5000, "' OR 1=1 --", '"; DROP TABLE users; --', "<script>alert(1)</script>",
    "{{7*7}}", "%00", "a\x00b", "2026-02-30", "0000-00-00", "9999-12-31T23:59", "2026-13-01",
    "1.5", "true", "../../etc/passwd", "\u202e", "\ud7ff", "[]", "{}",
    "1e309", str(2**64), "-" + str(2**63), "\uff11\uff12\uff13", "a\u2028b\u2029c", "a\r\nb",
    "\u00a5 39.90", "2\u4e07", "=HYPERLINK(\"x\")", "-0", "0x10", "1_000",
    "\uff19" * 30 + "\u4e07", "\u00a5-0", "1.2\u4e07\u5143", "2026\u5e7411\u67082\u65e5",
]  # fmt: skip

# What a file input is sent: contents that break readers (encodings, the csv module's field
# limit, numbers no column holds, unterminated quotes, files that only look like PDF or PNG).
PRODUCTS_CSV = "title,description,category,price,stock,attributes\n"
RESULTS_CSV = "placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
FILE_CONTENTS = [
    b"", b"\xff\xfe\x00\x00garbage", b"%PDF-1.4\n" + b"\x00" * 64, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    b'title,"unterminated\n\x00', PRODUCTS_CSV.encode(),
    (PRODUCTS_CSV + "Oak board,x,Home & Kitchen,NaN,99999999999999999999,k=v\n").encode(),
    (PRODUCTS_CSV + "Oak board," + "x" * 140_000 + ",Toys,1,1,\n").encode(),
    (RESULTS_CSV + "search_top,2026-02-30,2026-11-07,inf,1e999,-1,\u0661\u0662,NaN\n").encode(),
    (RESULTS_CSV + "search_top,2026-11-01,2026-11-07,1," + "9" * 30 + ",0,0,1\n").encode(),
]  # fmt: skip
FILE_NAMES = ["data.csv", "licence.pdf", "photo.png", "../../etc/passwd", "", "a\x00.csv",
              "a\x00.pdf", "\u202egnp.pdf"]  # fmt: skip
# A body sent as JSON instead of a form: the fields as an object, or values no form takes.
JSON_BODIES = [None, [1], "text", 5, {"rows": [[]]}, "[" * 5000]
FILE_INPUT = "\x00file-input"  # marks a field the page offers as <input type="file">

# Keys each endpoint's view was seen reading (request.args / request.form, WTForms included).
READ_KEYS: dict[str, set[str]] = defaultdict(set)
# Counts for the closing line: requests and values sent per endpoint.
SENT: dict[str, int] = defaultdict(int)
VALUES: dict[str, int] = defaultdict(int)


class RecordingMultiDict(NumberSafeMultiDict):
    """Notes every key a view looks up, so the test learns which parameters each route reads."""

    def _note(self, key) -> None:
        if has_request_context() and request.endpoint and isinstance(key, str):
            READ_KEYS[request.endpoint].add(key)

    def get(self, key, default=None, type=None):
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self._note(key)
        return super().getlist(key, type)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


class RecordingRequest(PortalRequest):
    parameter_storage_class = RecordingMultiDict


class FormFinder(HTMLParser):
    """Every <form>: its action, method, and each field's name with the values offered."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": attrs.get("method", "get").upper(),
                    "fields": defaultdict(set),
                }
            )
        elif tag in ("input", "select", "textarea", "button", "option") and self.forms:
            fields = self.forms[-1]["fields"]
            if tag == "option":
                if self._select is not None:
                    fields[self._select].add(attrs.get("value") or "")
                return
            name = attrs.get("name")
            if tag == "input" and attrs.get("type") == "file" and name:
                fields[name].add(FILE_INPUT)
                return
            if tag == "select":
                self._select = name
            if name:
                fields[name].add(attrs.get("value") or "")

    _select = None


# ---------------------------------------------------------------------------------------------
# The world the routes point at, and a signed-in client per role


def build_world() -> dict:
    legacy_tree()  # the categories a migrated database has (emptied with every table)
    owner, store = factories.make_merchant(email="owner@example.com", status=ReviewStatus.APPROVED)
    other, other_store = factories.make_merchant(
        email="other@example.com", status=ReviewStatus.APPROVED, store_name="Other Store"
    )
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    draft = factories.make_product(store, title="Linen apron with two pockets")
    others_product = factories.make_product(other_store, title="Wool throw blanket 130 x 170")
    document = factories.make_document(store)
    image = factories.make_image(product)
    activity = factories.make_activity()
    placement = factories.make_placement()
    factories.make_placement("feed", channel="display", pricing="cpm", prior_ctr=0.012)
    plan = factories.make_plan(store, owner)
    staff = {role: factories.make_user(role) for role in (Role.REVIEWER, Role.PLANNER, Role.ADMIN)}
    spare = factories.make_user(Role.PLANNER)
    # a run's state is its job's: one finished, and one still under way, holding the lock, so
    # a platform POST is refused instead of starting a run
    done_job = Job(kind="platform_run", started_by_id=owner.id, shared_with_role="planner",
                   status="succeeded", progress=100)  # fmt: skip
    busy_job = Job(kind="platform_run", started_by_id=owner.id, shared_with_role="planner",
                   lock="platform_run", status="running")  # fmt: skip
    db.session.add_all([done_job, busy_job])
    db.session.flush()
    done = PlatformRun(created_by_id=owner.id, objective="revenue", job_id=done_job.id)
    busy = PlatformRun(created_by_id=owner.id, objective="revenue", job_id=busy_job.id)
    db.session.add_all([done, busy])
    message = send_mail("someone@example.com", "Hello", "Body")
    # the reviewer manages the store: the notebook and recall pages open for them
    db.session.add(MerchantAccount(store_id=store.id, manager_id=staff[Role.REVIEWER].id))
    task = NotebookTask(store_id=store.id, owner_id=staff[Role.REVIEWER].id, title="Call back",
                        due_on=factories.market_today())  # fmt: skip
    db.session.add(task)
    db.session.flush()
    users = {"merchant": owner, "other_merchant": other, **staff}
    notes = [factories.make_notification(user) for user in users.values()]
    db.session.commit()
    ids = [
        product.id, draft.id, others_product.id, document.id, image.id, activity.id,
        placement.id, plan.id, spare.id, owner.id, other.id, done.id, busy.id, done_job.id,
        busy_job.id, message.id, store.id, other_store.id, task.id, *(n.id for n in notes),
    ]  # fmt: skip
    return {"users": users, "ids": sorted(set(ids))}


def signed_in_clients(app, users: dict) -> dict:
    """A client per role, its session cookie made as a login would (no password hash to run)."""
    clients = {"anonymous": app.test_client()}
    for role, user in users.items():
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        clients[role] = client
    return clients


# ---------------------------------------------------------------------------------------------
# Crawl once: which keys each view reads, which forms post to it


def endpoint_of(app, path: str, method: str) -> str | None:
    adapter = app.url_map.bind("portal.test")
    try:
        endpoint, _ = adapter.match(urlsplit(path).path, method=method)
    except (NotFound, MethodNotAllowed):
        return None
    except Exception:  # a redirect rule and the like: not a form target to fuzz
        return None
    return endpoint


def concrete_path(rule, ids: list[int]) -> str:
    values = {arg: ids[0] for arg in rule.arguments}
    path = rule.rule
    for arg in rule.arguments:
        path = re.sub(rf"<(?:[^:<>]+:)?{arg}>", str(values[arg]), path)
    return path


def rules(app):
    found = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    # log out last, so that the crawl keeps its sessions until the end
    return sorted(found, key=lambda r: (r.endpoint == "auth.logout", r.rule))


@pytest.fixture(scope="module")
def fuzz_app(database_url):
    app = make_test_app(database_url)
    app.request_class = RecordingRequest
    yield app
    dispose_engines(app)


@pytest.fixture(scope="module")
def discovered(fuzz_app, app):
    """{endpoint: {field: {offered values}}}, from a crawl of every route as every role."""
    fields: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    with fuzz_app.app_context():
        world = build_world()
        ids = world["ids"][:4]  # a few ids per route are enough to find its forms
        clients = signed_in_clients(fuzz_app, world["users"])
        for rule in rules(fuzz_app):
            if "GET" not in rule.methods:
                continue
            for role in ROLES:
                for path in {concrete_path(rule, [i]) for i in ids}:
                    page = clients[role].get(path)
                    if page.mimetype != "text/html":
                        continue
                    finder = FormFinder()
                    finder.feed(page.get_data(as_text=True))
                    for form in finder.forms:
                        target = endpoint_of(fuzz_app, form["action"] or path, form["method"])
                        for name, offered in form["fields"].items() if target else ():
                            fields[target][name] |= offered
        # Then a POST to each route, so the views (and their WTForms) read their form keys.
        for rule in rules(fuzz_app):
            if "POST" not in rule.methods:
                continue
            for user in world["users"].values():  # an earlier POST may have deactivated one
                user.active = True
            db.session.commit()
            clients = signed_in_clients(fuzz_app, world["users"])
            for role in ROLES:
                for path in {concrete_path(rule, [i]) for i in ids}:
                    clients[role].post(path, data={"_probe": "1"})
        db.session.rollback()
        empty_every_table()
        db.session.remove()
    for endpoint, keys in READ_KEYS.items():
        for key in keys:
            fields[endpoint][key] |= set()
    for rule in rules(fuzz_app):  # the tests' app leaves CSRF off, so no form renders its token
        if "POST" in rule.methods:
            fields[rule.endpoint]["csrf_token"] |= set()
    return fields


@pytest.fixture(scope="module", autouse=True)
def report_counts(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and SENT:
        routes = len(SENT)
        reporter.write_line(
            f"route fuzz: {routes} routes x {len(ROLES)} roles, {sum(SENT.values())} requests, "
            f"{sum(VALUES.values())} hostile or valid values sent "
            f"({EXAMPLES} examples per route and role)"
        )


# ---------------------------------------------------------------------------------------------
# The property


def all_endpoints() -> list[str]:
    probe = make_test_app("sqlite://")
    return sorted({r.endpoint for r in probe.url_map.iter_rules()} - {"static"})


def request_strategy(rule, fields: dict[str, set], ids: list[int]):
    methods = sorted({"GET", "POST"} & set(rule.methods))
    value = st.sampled_from(HOSTILE)

    def path_value(arg: str):
        converter = rule._converters.get(arg)
        if isinstance(converter, IntegerConverter):
            return st.one_of(st.sampled_from([str(i) for i in ids]), value)
        return value

    upload = st.tuples(st.sampled_from(FILE_CONTENTS), st.sampled_from(FILE_NAMES))

    def field_value(offered: set):
        if FILE_INPUT in offered:
            return st.one_of(upload, value)
        valid = sorted(v for v in offered if v)
        return st.one_of(value, st.sampled_from(valid)) if valid else value

    def query_value(offered: set):
        return field_value(offered - {FILE_INPUT})

    names = sorted(fields)
    return st.fixed_dictionaries(
        {
            "method": st.sampled_from(methods),
            "path": st.fixed_dictionaries({arg: path_value(arg) for arg in rule.arguments}),
            "query": st.fixed_dictionaries({}, optional={n: query_value(fields[n]) for n in names}),
            "form": st.fixed_dictionaries({}, optional={n: field_value(fields[n]) for n in names}),
            "htmx": st.booleans(),
            "json": st.booleans(),
            # mostly a form; sometimes the same fields, or another value, as a JSON body
            "body": st.sampled_from(["form"] * 4 + ["json_fields", "json_other"]),
            "json_body": st.sampled_from(JSON_BODIES),
        }
    )


def as_request_data(form: dict) -> dict:
    """(contents, file name) pairs become uploads; the rest is sent as typed."""
    return {
        name: (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
        for name, value in form.items()
    }


def body_of(sent: dict) -> dict:
    """What a POST carries: the form, or a JSON body (the fields, or a value no form takes)."""
    if sent["method"] != "POST":
        return {}
    if sent["body"] == "form":
        return {"data": as_request_data(sent["form"])}
    if sent["body"] == "json_fields":
        fields = {k: v for k, v in sent["form"].items() if not isinstance(v, tuple)}
        return {"data": json.dumps(fields), "content_type": "application/json"}
    other = sent["json_body"]
    text = other if isinstance(other, str) and other.startswith("[") else json.dumps(other)
    return {"data": text, "content_type": "application/json"}


def build_path(rule, values: dict[str, str]) -> str:
    path = rule.rule
    for arg, text in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{arg}>", lambda _m, t=text: quote(t, safe=""), path)
    return path


def property_for(endpoint, rule, strategy, role, client):
    @seed(13)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # report as found: no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(sent=strategy)
    def answers_without_server_error(sent):
        path = build_path(rule, sent["path"])
        headers = {}
        if sent["htmx"]:
            headers["HX-Request"] = "true"
        if sent["json"]:
            headers["Accept"] = "application/json"
        response = client.open(
            path,
            method=sent["method"],
            query_string=sent["query"],
            headers=headers,
            **body_of(sent),
        )
        SENT[endpoint] += 1
        VALUES[endpoint] += len(sent["path"]) + len(sent["query"]) + len(sent["form"])
        assert response.status_code < 500, (
            f"{role} {sent['method']} {path} query={sent['query']!r} "
            f"form={sent['form']!r} -> {response.status_code}"
        )

    return answers_without_server_error


@pytest.mark.parametrize("endpoint", all_endpoints())
def test_no_input_reaches_a_server_error(fuzz_app, discovered, endpoint):
    with fuzz_app.app_context():
        world = build_world()
        clients = signed_in_clients(fuzz_app, world["users"])
        (rule,) = [r for r in fuzz_app.url_map.iter_rules() if r.endpoint == endpoint][:1]
        fields = discovered.get(endpoint, {})
        strategy = request_strategy(rule, fields, world["ids"])

        for role in ROLES:
            property_for(endpoint, rule, strategy, role, clients[role])()
        db.session.rollback()
        empty_every_table()
        db.session.remove()


def test_the_crawl_found_what_views_read(discovered):
    """The discovery itself works: a query key, a WTForms field and an HTML-only field."""
    assert "older_than_days" in discovered["review.queue"]
    assert {"price", "stock", "title", "category"} <= set(discovered["products.new"])
    assert "Toys" in discovered["products.new"]["category"]  # the options the page offers
    assert "csrf_token" in discovered["products.new"]
    assert "items" in discovered["review.bulk"]
    assert FILE_INPUT in discovered["products.bulk_import"]["file"]  # sent files, not text


def test_every_user_in_the_world_can_be_signed_in(fuzz_app):
    with fuzz_app.app_context():
        world = build_world()
        clients = signed_in_clients(fuzz_app, world["users"])
        assert clients["merchant"].get("/onboarding").status_code == 200
        assert clients[Role.ADMIN].get("/admin/users").status_code == 200
        assert db.session.scalar(select(User.id).where(User.email == "owner@example.com"))
        db.session.rollback()
        empty_every_table()
        db.session.remove()
