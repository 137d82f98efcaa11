"""Inputs' attributes read exactly as WTForms writes them (the portal writes them faster)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms.widgets.core import html_params as wtforms_html_params

from merchant_portal.html_attributes import html_params

names = st.sampled_from(["id", "name", "type", "value", "class_", "data_open", "aria_label",
                         "checked", "required", "disabled", "for_", "placeholder"])  # fmt: skip
values = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(),
    st.text(max_size=12),
    st.text(max_size=12).map(Markup),  # already-safe text (a label's markup) is not escaped twice
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(names, values, max_size=5))
def test_attributes_match_wtforms(attributes):
    assert html_params(**attributes) == wtforms_html_params(**attributes)


def test_quotes_and_markup_are_escaped_as_wtforms_does():
    attributes = {"value": 'say "hi" & <b>', "title": Markup('<i>"x"</i>'), "checked": True}
    assert html_params(**attributes) == wtforms_html_params(**attributes)
    assert 'value="say &#34;hi&#34; &amp; &lt;b&gt;"' in html_params(**attributes)
