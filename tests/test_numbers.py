"""Numbers typed into forms, URLs, query strings and CSV files: read in one place, so no value
reaches an error page, and each refusal is said next to the field in the form's own words."""

import inspect
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DecimalField, FileField, FloatField, IntegerField

import merchant_portal
from merchant_portal.access import Role
from merchant_portal.budget.models import Placement
from merchant_portal.extensions import db
from merchant_portal.forms import BoundedIntegerField, FiniteDecimalField, FiniteFloatField
from merchant_portal.forms import FileField as UploadField
from merchant_portal.forms import MultipleFileField as UploadsField
from merchant_portal.numbers import DB_INT_MAX, parse_decimal, parse_int
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories

NOT_NUMBERS = [
    "NaN", "nan", "-NaN", "sNaN", "Infinity", "-inf", "inf", "+Infinity", "1e999", "1e3",
    "1_000", "\u0661\u0662", "\u00b2", "12abc", "0x1F", "--1", "1.2.3", "\x00", "\uff11\uff12",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_only_plain_ascii_numbers_are_numbers(text):
    assert parse_decimal(text) is None
    assert parse_int(text) is None


def test_integers_outside_the_database_range_are_not_read():
    assert parse_int(str(DB_INT_MAX)) == DB_INT_MAX
    assert parse_int(str(DB_INT_MAX + 1)) is None
    assert parse_int("9" * 5000) is None  # past Python's own conversion limit, no exception
    assert parse_decimal(" 12.50 ") == Decimal("12.50")


def every_form_class() -> list[type]:
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(merchant_portal.__path__, "merchant_portal."):
        importlib.import_module(module.name)
    found, queue = [], [FlaskForm]
    while queue:
        for sub in queue.pop().__subclasses__():
            queue.append(sub)
            if sub.__module__.startswith("merchant_portal."):
                found.append(sub)
    return found


def test_every_number_field_in_every_form_is_a_bounded_one(app):
    """Forms written later are held to it too: WTForms' own number fields take NaN, infinity
    and numbers no column can store."""
    forms = every_form_class()
    assert len(forms) > 10
    loose = []
    for form in forms:
        for name, unbound in inspect.getmembers(form, lambda m: hasattr(m, "field_class")):
            kind = unbound.field_class
            if issubclass(kind, DecimalField | IntegerField | FloatField) and not issubclass(
                kind, FiniteDecimalField | BoundedIntegerField | FiniteFloatField
            ):
                loose.append(f"{form.__module__}.{form.__name__}.{name}")
            if issubclass(kind, FileField) and not issubclass(kind, UploadField | UploadsField):
                loose.append(f"{form.__module__}.{form.__name__}.{name}")
    assert loose == [], "use the number and file fields of merchant_portal.forms"


@pytest.mark.parametrize(
    "path", ["/products/import", "/budget/stores/{store}/results/import", "/store/documents"]
)
def test_a_file_field_sent_as_text_is_no_file(client, auth, path):
    """Found by the route fuzz: POST /products/import with file=<text> answered 500."""
    user, store = approved_shop_with_placements()
    if path.startswith("/budget"):
        auth.as_role(Role.PLANNER)
    else:
        auth.login(user.email)
    response = client.post(path.format(store=store.id), data={"file": "9223372036854775808"})
    assert response.status_code in (400, 409)


ID_PATHS = [
    "/products/{id}",
    "/products/{id}/edit",
    "/budget/placements/{id}/edit",
    "/budget/plans/{id}",
    "/inbox/{id}",
]


@pytest.mark.parametrize("path", ID_PATHS)
@pytest.mark.parametrize(
    "bad_id", [str(DB_INT_MAX + 1), "99999999999999999999", "9" * 5000, "\u0661\u0662", "\u00b2"]
)
def test_ids_past_the_database_range_answer_404(client, auth, path, bad_id):
    role = Role.MERCHANT if path.startswith(("/products", "/inbox")) else Role.ADMIN
    if role == Role.MERCHANT:
        auth.as_merchant()
    else:
        auth.as_role(role)
    response = client.get(path.format(id=bad_id))
    assert response.status_code == 404
    assert "There is nothing here" in response.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/review/?older_than_days=99999999999", 400),
        ("/review/?older_than_days=\u00b2", 400),
        ("/review/?page=99999999999999999999", 404),
        ("/review/?page=0", 404),
        ("/review/?assignee=\u00b2", 200),  # a filter value that matches nobody
        ("/review/audit?subject_id=99999999999999999999", 400),
        ("/review/audit?page=\u0661", 404),
        ("/budget/placements?page=2147483648", 404),
        ("/budget/compare?a=99999999999999999999&b=1", 404),
        ("/admin/users?page=-1", 404),
    ],
)
def test_query_string_numbers_answer_400_or_404(client, auth, path, status):
    auth.as_role(Role.ADMIN)
    assert client.get(path).status_code == status


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/growth/book?manager=\u00b2", 200),  # a manager nobody is
        ("/growth/book?manager=99999999999999999999", 200),
        ("/growth/assignments?manager=\u00b2", 200),
        ("/growth/assignments?manager=99999999999999999999", 200),
        ("/growth/book?page=\u0661", 404),
        ("/growth/recall?page=99999999999999999999", 404),
    ],
)
def test_query_string_numbers_of_the_growth_pages(client, auth, path, status):
    """Found by the attack pass: each of these answered 500 ("²".isdigit() and int(), or an
    id past the integer reaching the driver), or read Arabic-Indic digits as a page number."""
    auth.as_role(Role.ADMIN)
    assert client.get(path).status_code == status


@pytest.mark.parametrize("bad_id", ["99999999999999999999", "\u0661\u0662", "\u00b2", "0"])
def test_ids_in_query_strings_and_forms_answer_404(client, auth, bad_id):
    """Found by the attack pass: ``request.args.get(…, type=int)`` took Arabic-Indic digits and sent ids past
    the integer to the driver (500)."""
    user, store = approved_shop_with_placements()
    auth.login(user.email)
    response = client.get(f"/products/attributes?category=Toys&product_id={bad_id}")
    assert response.status_code == 404
    auth.logout()
    auth.as_role(Role.PLANNER)
    response = client.post(f"/budget/stores/{store.id}/replan", data={"plan_id": bad_id})
    assert response.status_code == 404


@pytest.mark.parametrize("text", [*NOT_NUMBERS, str(DB_INT_MAX + 1), "9" * 5000])
def test_type_int_in_every_request_reads_through_parse_int(app, text):
    """The request class holds ``type=int`` to what parse_int reads, for views written later."""
    with app.test_request_context("/", query_string={"n": text}, method="POST", data={"n": text}):
        from flask import request

        assert request.args.get("n", type=int) is None
        assert request.form.get("n", -1, type=int) == -1
        assert request.args.getlist("n", type=int) == []
    with app.test_request_context("/?n=12&n=x"):
        from flask import request

        assert request.args.get("n", type=int) == 12
        assert request.args.getlist("n", type=int) == [12]


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf", "1e3", "\u0661\u0662"])
def test_product_price_that_is_not_a_number_is_said_next_to_the_field(client, auth, value):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/products/new",
        data={"title": "Cast iron skillet 26 cm", "category": "Home & Kitchen", "price": value},
    )
    assert response.status_code in (200, 400)
    assert "Enter a number, like 12.50." in response.text
    assert db.session.scalar(select(Product.id)) is None


def test_numbers_out_of_range_are_said_in_the_forms_words(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/products/new",
        data={
            "title": "Cast iron skillet 26 cm",
            "category": "Home & Kitchen",
            "price": "100000000000000000000000000000000",
            "stock": str(DB_INT_MAX + 1),
        },
    )
    assert "Enter a price between 0.01 and 1,000,000." in response.text
    assert "Enter a stock from 0 to 1,000,000." in response.text
    assert 'value="100000000000000000000000000000000"' in response.text  # kept as typed


def test_a_price_with_more_decimals_than_kept_is_refused_not_rounded(client, auth):
    """128.005 was saved as 128.00 without a word: the merchant says which it is."""
    auth.as_merchant(status=ReviewStatus.APPROVED)
    data = {"title": "Cast iron skillet 26 cm", "category": "Home & Kitchen", "price": "128.005"}
    response = client.post("/products/new", data=data)
    assert response.status_code == 400
    assert "Use at most 2 decimal places." in response.text
    assert 'value="128.005"' in response.text
    assert db.session.scalar(select(Product.id)) is None
    client.post("/products/new", data={**data, "price": "128.000"})  # zeros say nothing more
    assert db.session.scalar(select(Product.price)) == Decimal("128.00")


PLACEMENT = {
    "code": "feed", "name": "Feed", "channel": "display", "pricing": "cpc", "price": "0.80",
    "prior_cvr": "0.05", "prior_aov": "60", "prior_strength": "100",
}  # fmt: skip


@pytest.mark.parametrize("price", ["Infinity", "inf", "NaN", "1e999", "100000000"])
def test_a_placement_cannot_be_saved_with_an_infinite_price(client, auth, price):
    auth.as_role(Role.PLANNER)
    response = client.post("/budget/placements/new", data={**PLACEMENT, "price": price})
    assert response.status_code == 400
    assert db.session.scalar(select(Placement.id)) is None


def test_a_placement_stored_with_an_infinite_price_can_still_be_corrected(client, auth):
    """Rows saved before these checks: the edit page shows the value instead of failing."""
    if db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL's numeric(12, 4) column cannot hold infinity: no such row exists")
    placement = factories.make_placement("feed", price=Decimal("Infinity"))
    db.session.commit()
    auth.as_role(Role.PLANNER)
    page = client.get(f"/budget/placements/{placement.id}/edit")
    assert page.status_code == 200 and 'value="Infinity"' in page.text
    saved = client.post(f"/budget/placements/{placement.id}/edit", data=PLACEMENT)
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).price == Decimal("0.80")


def approved_shop_with_placements():
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement("search_top", half_spend=Decimal(3000))
    factories.make_placement("feed", channel="display", pricing="cpm", price=Decimal(12),
                             prior_ctr=0.012)  # fmt: skip
    db.session.commit()
    return merchant, store


def test_a_maximum_spend_of_0_on_a_saturated_placement_plans(client, auth):
    """It divided by zero in the optimizer: reachable by any merchant on the self-service form."""
    user, _store = approved_shop_with_placements()
    auth.login(user.email)
    response = client.post(
        "/budget/my-plans/new",
        data={"budget": "1000", "objective": "revenue", "max:search_top": "0"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Plan ready." in response.text


@pytest.mark.parametrize("value", ["NaN", "-Infinity", "\u00b2", "1e999", "-1"])
def test_plan_limits_that_are_not_numbers_are_said_next_to_them(client, auth, value):
    _user, store = approved_shop_with_placements()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "1000", "objective": "revenue", "max:search_top": value},
    )
    assert response.status_code == 400
    assert "Maximum spend: enter a number" in response.text
    assert f'value="{value}"' in response.text


def test_results_counts_past_the_column_are_refused_next_to_the_field(client, auth):
    _user, store = approved_shop_with_placements()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/results",
        data={
            "placement": "search_top",
            "period_start": "2026-11-01",
            "period_end": "2026-11-07",
            "spend": "10",
            "impressions": "0",
            "clicks": str(DB_INT_MAX + 5),
            "conversions": str(DB_INT_MAX + 1),
            "revenue": "NaN",
        },
    )
    assert response.status_code == 400
    assert f"Enter from 0 to {DB_INT_MAX:,}." in response.text
    assert "Enter a number, like 12.50." in response.text


def test_a_csv_cell_past_the_csv_modules_limit_is_a_row_error(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    text = "title,description,category,price,stock,attributes\n"
    text += "Linen apron,Stonewashed,Home & Kitchen,24.00,25,\n"
    text += "Oak board," + "x" * 200_000 + ",Home & Kitchen,3,10,\n"
    response = client.post(
        "/products/import",
        data={"file": (io.BytesIO(text.encode()), "products.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert re.search(r'<td class="num">3</td><td><code>file</code></td>\s*<td>a cell is longer',
                     response.text)  # fmt: skip
    assert db.session.scalar(select(Product.id)) is None


def test_a_plan_kept_under_looser_rules_still_shows_and_replans_without_error(client, auth):
    """A maximum spend of 0.001 was accepted before the optimizer refused amounts below a cent."""
    _user, store = approved_shop_with_placements()
    planner = auth.as_role(Role.PLANNER)
    kept = factories.make_plan(store, planner)
    kept.request = {
        **kept.request,
        "placements": [{**kept.request["placements"][0], "max_spend": 0.001}],
    }
    factories.make_result(store, planner)
    db.session.commit()
    assert client.get(f"/budget/plans/{kept.id}").status_code == 200
    replanned = client.post(f"/budget/stores/{store.id}/replan", follow_redirects=True)
    assert replanned.status_code == 200 and "run a new plan" in replanned.text


def test_no_code_reads_a_number_with_str_digit_tests():
    """``"²".isdigit()`` is true and ``int("²")`` fails: the managers' book, the assignments page
    and the sales API all answered 500 that way. Numbers are read by merchant_portal.numbers."""
    root = Path(merchant_portal.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "numbers.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.is(digit|numeric|decimal)\(\)", line)
    ]
    assert found == [], "use parse_int / int_arg / id_arg from merchant_portal.numbers"


def test_every_one_line_field_in_every_form_takes_a_name_as_one_line(app):
    """Found by the attack pass: CR/LF and U+202E went into store, placement and rule names,
    portal-wide, and then into every list and mail that shows them."""
    from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField

    from merchant_portal.forms import one_line

    loose = []
    for form in every_form_class():
        for name, unbound in inspect.getmembers(form, lambda m: hasattr(m, "field_class")):
            kind = unbound.field_class
            if not issubclass(kind, StringField) or issubclass(
                kind, TextAreaField | PasswordField | EmailField | HiddenField
            ):
                continue
            if one_line not in (unbound.kwargs.get("filters") or ()):
                loose.append(f"{form.__module__}.{form.__name__}.{name}")
    assert loose == [], "one-line text fields take filters=[one_line] (merchant_portal.forms)"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("花盆\r\n", "花盆"), ("Shop\tA", "Shop A"), ("a\u202egnp.exe", "agnp.exe"),
     ("\u2066店\u2069", "店"), ("  两个  空格  ", "两个  空格"), ("\x00x", "x")],
)  # fmt: skip
def test_a_one_line_name_keeps_its_words_and_loses_breaks_and_direction_marks(typed, kept):
    from merchant_portal.forms import one_line

    assert one_line(typed) == kept
