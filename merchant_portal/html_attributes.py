"""Form inputs' HTML attributes written with plain strings, escaped as WTForms escapes them.

WTForms writes each attribute of each input through ``Markup.format``, markupsafe's
pure-Python string formatter: the review queue's bulk form (a radio button per decision, a box
per reason) and its rows' hidden CSRF fields spent about a sixth of the page's CPU there. The
text is the same to the character (tests/test_html_attributes.py compares the two)."""

from markupsafe import Markup, escape
from wtforms.widgets import Button, Input
from wtforms.widgets.core import clean_key

QUOTE, QUOTE_ENTITY = '"', "&quot;"


def html_params(**attributes) -> Markup:
    """``wtforms.widgets.html_params``: sorted by name, ``True`` as a bare attribute,
    ``False`` left out, names and values escaped."""
    params = []
    for key, value in sorted(attributes.items()):
        key = clean_key(key)
        if value is True:
            params.append(key)
        elif value is not False:
            text = str(escape(value)).replace(QUOTE, QUOTE_ENTITY)
            params.append(f'{escape(key)}="{text}"')
    return Markup(" ".join(params))  # noqa: S704 (every name and value escaped above)


def write_attributes_quickly() -> None:
    # ``html_params`` on Input and Button is WTForms' own hook for this: every input widget
    # (hidden, text, checkbox, radio, submit…) writes its attributes through it
    Input.html_params = staticmethod(html_params)
    Button.html_params = staticmethod(html_params)
