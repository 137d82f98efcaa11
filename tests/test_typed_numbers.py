# ruff: noqa: RUF001  (full-width digits and ¥ are what merchants type)
"""Numbers and dates as merchants type them (issue 21): a price pasted from a Chinese
marketplace, a stock written with separators or 万, full-width digits, dates in the Chinese
way. All read by ``numbers.read_typed_*``; nonsense is still nonsense."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from merchant_portal.extensions import db
from merchant_portal.numbers import read_typed_date, read_typed_decimal, read_typed_int
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

from .onboarding.test_products import GOOD

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("¥39.90", "39.90"), ("￥39.90", "39.90"), ("39.9元", "39.9"), ("20,000", "20000"),
        ("2万", "20000"), ("1.5万", "15000"), ("１２３", "123"), ("１２，０００．５", "12000.5"),
        ("¥2万", "20000"), ("2万元", "20000"), (" 12 ", "12"), ("RMB 10", "10"),
        ("?59.00", "59.00"),  # "¥59.00" in a file Excel saved as GBK
        ("12 元", "12"), ("¥ 12 元", "12"),
    ],
)  # fmt: skip
def test_numbers_as_people_type_them_are_read(typed, number):
    assert read_typed_decimal(typed) == Decimal(number)


@pytest.mark.parametrize(
    "typed", ["1,2,3", "3,00", "NaN", "1e3", "元", "万", "¥", "一千", "12abc", "2万万", "", "1_000"]
)
def test_what_is_not_a_number_stays_not_a_number(typed):
    assert read_typed_decimal(typed) is None


def test_whole_numbers_refuse_fractions_and_hold_the_column():
    assert read_typed_int("1.5万") == 15000
    assert read_typed_int("1.5") is None
    assert read_typed_int("30万万") is None
    assert read_typed_int("100万", 0, 1_000_000) == 1_000_000
    assert read_typed_int("1000万", 0, 1_000_000) is None


def test_a_count_said_with_its_measure_word_is_read():
    assert read_typed_int("100件") == 100
    assert read_typed_int("1.2万件") == 12_000
    assert read_typed_int("３０单") == 30
    assert read_typed_int("500 人") == 500
    assert read_typed_int("件") is None and read_typed_int("100件件") is None
    assert read_typed_int("1.5件") is None


@pytest.mark.parametrize(
    "typed", ["2026/11/01", "2026年11月1日", "2026-11-01", "2026/11/1", "２０２６年１１月１日",
              "2026.11.01", "2026年11月1号"],
)  # fmt: skip
def test_dates_as_people_type_them_are_read(typed):
    assert read_typed_date(typed) == date(2026, 11, 1)


@pytest.mark.parametrize("typed", ["2026-02-30", "11/01/2026", "11月1日", "tomorrow", ""])
def test_dates_that_are_not_one_day_are_not_read(typed):
    assert read_typed_date(typed) is None


def test_a_price_pasted_from_a_marketplace_saves(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post("/products/new", data={**GOOD, "price": "¥39.90", "stock": "1.2万件"})
    assert response.status_code == 302, response.text
    product = db.session.scalar(select(Product))
    assert (product.price, product.stock) == (Decimal("39.90"), 12_000)


def test_a_price_that_is_not_one_says_the_form_to_use_in_chinese(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/products/new", data={**GOOD, "price": "三十九", "stock": "很多"}, headers=ZH
    )
    assert response.status_code == 400
    assert "请输入数字，例如 12.50。" in response.text
    assert 'value="三十九"' in response.text
    assert db.session.scalar(select(Product)) is None


@pytest.mark.parametrize(
    ("field", "typed", "read"),
    [
        ("percent", "5%", Decimal("5")), ("percent", "５％", Decimal("5")),
        ("percent", "5", Decimal("5")), ("rate", "3%", 0.03), ("rate", "3％", 0.03),
        ("rate", "0.03", 0.03),
    ],
)  # fmt: skip
def test_a_field_in_per_cent_reads_the_percent_sign_and_a_rate_reads_a_percentage(
    app, field, typed, read
):
    """A field labelled "(%)" takes "5%" as 5; a rate from 0 to 1 takes "3%" as 0.03 — the
    way 转化率 is quoted in every Chinese back office — not a message asking to retype it."""
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from merchant_portal.forms import FiniteDecimalField, FiniteFloatField

    class Form(FlaskForm):
        percent = FiniteDecimalField("Share (%)", minimum=0, maximum=100, percent=True)
        rate = FiniteFloatField("Rate (0 to 1)", minimum=0, maximum=1)

    with app.test_request_context():
        form = Form(MultiDict({field: typed}), meta={"csrf": False})
        form.validate()
        assert not form[field].errors
        assert form[field].data == pytest.approx(read)
        refused = Form(MultiDict({field: "300%"}), meta={"csrf": False})
        assert not refused.validate()
        assert refused[field].errors


@pytest.mark.parametrize("typed", [" ", "\u3000", "  \t"])
def test_a_required_number_or_date_typed_as_spaces_is_asked_for_not_taken_as_nothing(app, typed):
    """Found by the attack pass: InputRequired let " " through, the field read it as no
    number, and views that need one failed (500) or saved a default. Spaces (a full-width one
    from a Chinese keyboard too) are nothing typed: the field asks for its value."""
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict
    from wtforms.validators import InputRequired

    from merchant_portal.forms import BoundedIntegerField, FiniteDecimalField, TypedDateField

    class Form(FlaskForm):
        budget = FiniteDecimalField("Budget", minimum=0, maximum=10**9,
                                    validators=[InputRequired("Enter the budget.")])  # fmt: skip
        stock = BoundedIntegerField("Stock", minimum=0, maximum=10**6,
                                    validators=[InputRequired("Enter the stock.")])  # fmt: skip
        due_on = TypedDateField("Due", validators=[InputRequired("Enter the due date.")])

    with app.test_request_context():
        form = Form(
            MultiDict({"budget": typed, "stock": typed, "due_on": typed}), meta={"csrf": False}
        )
        assert not form.validate()
        assert form.errors == {"budget": ["Enter the budget."], "stock": ["Enter the stock."],
                               "due_on": ["Enter the due date."]}  # fmt: skip


def test_spaces_in_a_promotions_minimum_discount_are_refused_not_saved_as_zero(client, auth):
    from merchant_portal.access import Role
    from merchant_portal.onboarding.activities.models import Activity

    auth.as_role(Role.ADMIN)
    page = client.get("/admin/activities/new")
    assert page.status_code == 200
    answer = client.post("/admin/activities/new", data={"name": "双十一", "min_discount_pct": " ",
                                                         "min_promo_stock": " "})  # fmt: skip
    assert answer.status_code == 400
    assert db.session.scalar(select(Activity)) is None
