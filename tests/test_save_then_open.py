"""Save, then open again: every form the portal shows, sent as its page offers it (with valid
values where the page leaves a field empty), and then every page the answer leads to opened.

A merchant who saved a change to a live product and opened its edit page again got a 500 every
time: the stored change kept the price as text. No test walked on after a successful POST;
this one does, for every form of every page of the route map (tests/test_access.py), as every
role, so a form added later is walked too.
"""

import io
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from merchant_portal.access import Role
from merchant_portal.budget.models import PlatformRun
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.mail import send_mail
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories
from .conftest import make_test_app
from .test_access import ROUTES

NEW_MERCHANT = "merchant whose store is still a draft"
ROLES = (Role.MERCHANT, NEW_MERCHANT, Role.REVIEWER, Role.PLANNER, Role.ADMIN)
PDF = factories.MINIMAL_PDF
PRODUCTS_CSV = (
    b"title,description,category,price,stock,attributes\n"
    b"Walnut chopping board 40 cm,Oiled walnut board with juice groove,Home & Kitchen,39.90,12,\n"
)
RESULTS_CSV = (
    b"placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
    b"search_top,2026-11-01,2026-11-07,120.50,5000,150,12,980.00\n"
)
SALES_CSV = (
    b"product_id,day,visitors,orders,units,gmv,refunds\n{live},2026-11-02,100,5,6,239.40,0\n"
)
# What a person would type where the page leaves a field empty, by the field's name.
TYPED = {
    "title": "Walnut chopping board 40 cm",
    "description": "Oiled walnut board with a juice groove, made to last for years.",
    "price": "39.90",
    "stock": "12",
    "email": "new.person@example.com",
    "password": factories.PASSWORD + " 2",
    "new_password": factories.PASSWORD + " 2",
    "confirm": factories.PASSWORD + " 2",
    "current_password": factories.PASSWORD,
    "name": "Spring Market",
    "shipping_policy": "Ships within two working days from Hangzhou.",
    "return_policy": "Returns accepted within seven days, unused.",
    "reason": "The photos do not show the product.",
    "note": "Called, will try again next week.",
    "budget": "1000",
    "spend": "120.50",
    "impressions": "5000",
    "clicks": "150",
    "conversions": "12",
    "revenue": "980.00",
    "period_start": "2026-11-01",
    "period_end": "2026-11-07",
    "discount_pct": "20",
    "promo_price": "29.90",
}
FILES = {"image": (factories.PNG, "photo.png"), "file": None, "document": (PDF, "licence.pdf")}
# Forms whose valid submission must succeed (a redirect or a page), so the walk keeps reaching
# the pages behind them and this test cannot pass by sending nothing valid.
MUST_SUCCEED = {
    "products.edit", "products.new", "products.upload_image", "store.upload_document",
    "review.decide", "budget.import_results", "sales.import_sales", "auth.logout", "i18n.switch_language",
}  # fmt: skip


class Forms(HTMLParser):
    """Each <form>: action, method and the values it would send as it stands; a button with
    its own ``formaction`` is one more form, and fields outside a form join it by ``form=``."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.links: set[str] = set()
        self._open: dict | None = None
        self._by_id: dict[str, dict] = {}
        self._select: tuple[dict, str] | None = None
        self._textarea: tuple[dict, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.add(attrs["href"])
        if tag == "form":
            self._open = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").upper(),
                "fields": {},
                "files": set(),
                "also": [],  # other actions its buttons post to
            }
            self.forms.append(self._open)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._open
            return
        if tag == "option" and self._select:
            owner, select = self._select
            value = attrs.get("value") or ""
            # the selected option, else the first real one (not a "Choose..." placeholder)
            if value and ("selected" in attrs or not owner["fields"][select]):
                owner["fields"][select] = value
            return
        form = self._by_id.get(attrs.get("form") or "") or self._open
        if form is None:
            return
        name = attrs.get("name")
        if tag in ("button", "input") and attrs.get("formaction"):
            form["also"].append((attrs["formaction"], name, attrs.get("value") or ""))
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "file":
                form["files"].add(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form["fields"][name] = attrs.get("value") or "y"
                elif kind == "radio":
                    form["fields"].setdefault(name, attrs.get("value") or "")
            elif kind not in ("submit", "button", "image", "reset"):
                form["fields"][name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = (form, name)
            form["fields"].setdefault(name, None)
        elif tag == "textarea" and name:
            self._textarea = (form, name)
            form["fields"][name] = ""
        elif tag == "button" and name and attrs.get("value"):
            form["fields"].setdefault(name, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            form, name = self._textarea
            form["fields"][name] += data

    def every_submission(self) -> list[dict]:
        """Each form once per action its buttons can send it to."""
        found = []
        for form in self.forms:
            found.append(form)
            for action, name, value in form["also"]:
                fields = dict(form["fields"], **({name: value} if name else {}))
                found.append({**form, "action": action, "fields": fields})
        return found


def build_world() -> dict:
    """One object of each kind, staff of each role, and the ids the route map's paths name."""
    owner, store = factories.make_merchant(email="owner@example.com", status=ReviewStatus.APPROVED)
    live = factories.make_product(store, status=ReviewStatus.APPROVED, category="Toys")
    factories.make_image(live)
    draft = factories.make_product(store, title="Linen apron with two pockets", category="Toys")
    image = factories.make_image(draft)
    document = factories.make_document(store)
    waiting = factories.make_product(store, title="Oak serving tray", status=ReviewStatus.SUBMITTED)
    factories.make_image(waiting)
    _applicant, applying = factories.make_merchant(
        email="applicant@example.com", store_name="Applying Store", status=ReviewStatus.SUBMITTED
    )
    factories.make_document(applying)
    _new, opening = factories.make_merchant(email="new@example.com", store_name="New Store")
    activity = factories.make_activity()
    placement = factories.make_placement()
    plan = factories.make_plan(store, owner)
    users = {Role.MERCHANT: owner}
    users.update({role: factories.make_user(role) for role in ROLES[2:]})
    users[NEW_MERCHANT] = _new
    spare = factories.make_user(Role.PLANNER)
    job = Job(kind="product_import", started_by_id=owner.id, status="succeeded")
    db.session.add(job)
    db.session.flush()
    run = PlatformRun(created_by_id=owner.id, objective="revenue")
    db.session.add(run)
    fit = factories.make_curve_fit(store, placement)
    message = send_mail("someone@example.com", "Hello", "Body")
    note = factories.make_notification(owner)
    db.session.commit()
    ids = {
        "own_product": live.id, "draft": draft.id, "own_document": document.id,
        "own_image": image.id, "activity": activity.id, "placement": placement.id,
        "own_plan": plan.id, "some_user": spare.id, "message": message.id, "own_store": store.id,
        "run": run.id, "fit": fit.id, "own_job": job.id, "own_notification": note.id, "token": 999999,
        "waiting": waiting.id, "applying": applying.id, "opening": opening.id,
    }  # fmt: skip
    return {"users": users, "ids": ids}


def client_for(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def page_paths(ids: dict) -> list[tuple[str, str]]:
    """Every page of the route map, the edit and detail pages of a draft as well, each with
    the pattern it was made from (the same in every test, whatever the ids)."""
    patterns = [r.path for r in ROUTES.values() if r.method == "GET"]
    # a one-time link's page signs its visitor out: the walk would go on as nobody
    patterns = [p for p in patterns if not p.startswith(("/reset/", "/signup/"))]
    patterns += ["/products/{draft}", "/products/{draft}/edit"]
    patterns += ["/review/product/{waiting}", "/review/store/{applying}"]
    return sorted({(pattern, pattern.format(**ids)) for pattern in patterns})


# (role, page pattern) -> the endpoints its forms post to, read on the first walk: each test
# then opens only the pages that show its form (every page for every role in each of ~90
# tests was minutes of CI). The world is built the same way in every test.
FORMS_ON: dict[tuple, set[str]] = {}


def endpoint_of(app, path: str, method: str) -> str | None:
    try:
        endpoint, _ = app.url_map.bind("portal.test").match(urlsplit(path).path, method=method)
    except (NotFound, MethodNotAllowed):
        return None
    except Exception:  # a redirect rule: not a form target
        return None
    return endpoint


def post_endpoints() -> list[str]:
    probe = make_test_app("sqlite://")
    return sorted({r.endpoint for r in probe.url_map.iter_rules() if "POST" in r.methods})


def filled(form: dict, action: str, ids: dict) -> dict:
    """The form as sent: what the page offers, what a person types where it offers nothing."""
    data = {}
    for name, value in form["fields"].items():
        data[name] = value if (value or "").strip() else TYPED.get(name, value or "")
    for name in form["files"]:
        contents, filename = FILES.get(name) or (PDF, "licence.pdf")
        if name == "file":
            contents, filename = _csv_for(action)
            contents = contents.replace(b"{live}", str(ids["own_product"]).encode())
        data[name] = (io.BytesIO(contents), filename)
    return data


def _csv_for(action: str) -> tuple[bytes, str]:
    if "/sales/" in action:
        return SALES_CSV, "sales.csv"
    if "/results/" in action:
        return RESULTS_CSV, "results.csv"
    if "/store/" in action:
        return PDF, "licence.pdf"
    return PRODUCTS_CSV, "products.csv"


def same_site(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "portal.test"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def walked(app):
    """{endpoint: [(role, page, status)]}: each form sent once per page and role showing it."""
    world = build_world()
    sent = defaultdict(list)

    def walk(endpoint: str) -> list[str]:
        problems = []
        for role in ROLES:
            client = client_for(app, world["users"][role])
            for pattern, page in page_paths(world["ids"]):
                known = FORMS_ON.get((role, pattern))
                if known is not None and endpoint not in known:
                    continue
                shown = client.get(page)
                if shown.mimetype != "text/html":
                    FORMS_ON.setdefault((role, pattern), set())
                    continue
                finder = Forms()
                finder.feed(shown.get_data(as_text=True))
                forms = finder.every_submission()
                if known is None:
                    FORMS_ON[(role, pattern)] = {
                        endpoint_of(app, f["action"] or page, "POST")
                        for f in forms
                        if f["method"] == "POST"
                    }
                for form in forms:
                    action = form["action"] or page
                    if form["method"] != "POST" or endpoint_of(app, action, "POST") != endpoint:
                        continue
                    answer = client.post(action, data=filled(form, action, world["ids"]))
                    sent[endpoint].append((role, page, answer.status_code))
                    if answer.status_code >= 500:
                        problems.append(f"{role} POST {action} from {page}: {answer.status_code}")
                        continue
                    problems += open_everything_after(client, role, action, page, answer)
                    world["users"][role].active = True  # a form may have deactivated them
                    db.session.commit()
        return problems

    walk.sent = sent
    return walk


def open_everything_after(client, role, action, page, answer) -> list[str]:
    """The page the answer redirects to, every link on it, and the form's own page again."""
    problems = []
    opened = []
    if answer.status_code in (301, 302, 303) and same_site(answer.headers["Location"]):
        opened.append(same_site(answer.headers["Location"]))
    body = answer
    if opened:
        body = client.get(opened[0])
        if body.status_code >= 500:
            return [f"{role} after POST {action}: GET {opened[0]} -> {body.status_code}"]
    if body.mimetype == "text/html":
        finder = Forms()
        finder.feed(body.get_data(as_text=True))
        opened += sorted(p for p in map(same_site, finder.links) if p and p != "/logout")
    opened.append(page)
    for path in opened:
        again = client.get(path)
        if again.status_code >= 500:
            problems.append(f"{role} after POST {action}: GET {path} -> {again.status_code}")
    return problems


@pytest.mark.parametrize("endpoint", post_endpoints())
def test_every_page_after_a_saved_form_opens(walked, endpoint):
    problems = walked(endpoint)
    assert problems == [], "\n".join(problems)
    if endpoint in MUST_SUCCEED:
        answers = [status for _role, _page, status in walked.sent[endpoint]]
        assert any(s in (200, 302, 303) for s in answers), f"no valid {endpoint} form: {answers}"


def test_a_live_products_edit_page_opens_after_a_saved_change(client, auth):
    """The case that started this: save a change to a live product, open its editor again."""
    _user, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, category="Toys")
    db.session.commit()
    saved = client.post(
        f"/products/{product.id}/edit",
        data={"title": "Cast iron skillet 28 cm", "category": "Toys", "price": "39.90",
              "stock": "5", "description": "Pre-seasoned, oven safe."},
    )  # fmt: skip
    assert saved.status_code == 302
    page = client.get(f"/products/{product.id}/edit")
    assert page.status_code == 200
    assert 'value="39.90"' in page.get_data(as_text=True), "the editor shows the saved price"
