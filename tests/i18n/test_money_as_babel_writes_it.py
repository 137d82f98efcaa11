"""Money in a page is written as Babel writes it, to the character, in both languages: the
portal writes the common case itself (Babel took a fifth of the book's CPU) and must not
drift from it — rounding half to even on the amount's decimal text, the minus, the grouping."""

from decimal import Decimal

from flask_babel import force_locale, format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from merchant_portal.i18n.words import PRECISE_MONEY, money

AMOUNTS = st.one_of(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=3),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([0.0, -0.0, 0.005, 0.015, 0.025, 2.675, -2.675, 1e-9, -1e-9, 999.995]),
)


@settings(max_examples=400, deadline=None)
@given(amount=AMOUNTS)
def test_money_is_what_babel_writes(app, amount):
    for language in ("zh_Hans", "en"):
        with app.test_request_context(), force_locale(language):
            assert money(amount) == format_currency(amount, app.config["CURRENCY"]), (
                language,
                amount,
            )


PRICES = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.decimals(min_value=0, max_value=100, allow_nan=False, places=6),
    st.sampled_from([0.0061, 0.00005, 0.00015, 1.23455, 1.005, 0.1, 12.5, -0.00005]),
)


@settings(max_examples=400, deadline=None)
@given(price=PRICES)
def test_a_precise_price_is_what_babel_writes(app, price):
    """A clearing price, two to four decimals (the run page writes a hundred)."""
    precise = {"format": PRECISE_MONEY, "currency_digits": False}
    for language in ("zh_Hans", "en"):
        with app.test_request_context(), force_locale(language):
            said = format_currency(price, app.config["CURRENCY"], **precise)
            assert money(price, precise=True) == said, (language, price)


def test_what_babel_cannot_say_so_plainly_still_reads(app):
    with app.test_request_context(), force_locale("zh_Hans"):
        assert money(float("inf")) == format_currency(float("inf"), "CNY")
        assert money(Decimal("1234.5")) == "¥1,234.50"
        assert money(-1234.5) == "-¥1,234.50"
