"""Kept only for ``optimizer_words``, which goes with the optimizer's typed problems: the
portal's words live in ``merchant_portal.i18n``."""

from ..i18n import _l  # noqa: F401
