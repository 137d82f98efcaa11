"""The templates' ``_``, ``gettext``, ``ngettext`` and ``pgettext``: Jinja's newstyle gettext
(jinja2.ext: the catalogue's text is trusted markup, and what is filled in is escaped), said
through the kept translations (``words.translations``) and with Chinese spacing kept
(``spacing.tight``) before anything is filled in."""

from flask_babel import get_locale
from jinja2 import pass_context
from markupsafe import Markup

from .spacing import before_next, tight
from .words import translations


def _filled(context, said: str, variables: dict):
    said = tight(said, variables)
    if context.eval_ctx.autoescape:
        said = Markup(said)  # noqa: S704 -- the catalogue's own text, as Jinja's gettext takes it
    # always a format string, as in Jinja's newstyle gettext ("%%" is written "%%")
    return said % variables


@pass_context
def gettext(__context, __string: str, **variables):
    return _filled(__context, translations().ugettext(__string), variables)


@pass_context
def ngettext(__context, __singular: str, __plural: str, __num: int, **variables):
    variables.setdefault("num", __num)
    return _filled(__context, translations().ungettext(__singular, __plural, __num), variables)


@pass_context
def pgettext(__context, __string_ctx: str, __string: str, **variables):
    variables.setdefault("context", __string_ctx)
    return _filled(__context, translations().upgettext(__string_ctx, __string), variables)


@pass_context
def npgettext(__context, __string_ctx: str, __singular: str, __plural: str, __num: int,
              **variables):  # fmt: skip
    variables.setdefault("context", __string_ctx)
    variables.setdefault("num", __num)
    said = translations().unpgettext(__string_ctx, __singular, __plural, __num)
    return _filled(__context, said, variables)


def sentence_space() -> str:
    """What stands between two sentences a template sets side by side: a space, none in
    Chinese (a sentence there ends in 。, which carries its own)."""
    return "" if str(get_locale() or "").startswith("zh") else " "


def install(env) -> None:
    """In place of ``env.install_gettext_callables(..., newstyle=True)``."""
    env.install_gettext_callables(gettext, ngettext, newstyle=False, pgettext=pgettext,
                                  npgettext=npgettext)  # fmt: skip
    env.newstyle_gettext = True
    env.filters["before_next"] = before_next
    env.globals["sentence_space"] = sentence_space
