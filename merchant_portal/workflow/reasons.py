"""Reason codes reviewers choose from, worded for the merchant who reads them."""

from flask_babel import lazy_gettext as _l

from ..audit.labels import name_detail

REASONS = {
    "incomplete_profile": _l("Store profile incomplete or unclear"),
    "document_missing": _l("Qualification document missing"),
    "document_unreadable": _l("Document unreadable or cut off"),
    "document_expired": _l("Document expired or not valid"),
    "name_mismatch": _l("Business name differs from the documents"),
    "prohibited_item": _l("Item not allowed on the marketplace"),
    "misleading_title": _l("Title misleading or promotional"),
    "poor_images": _l("Images missing, blurry or not of the product"),
    "description_insufficient": _l("Description too thin to buy from"),
    "price_inconsistent": _l("Price inconsistent or implausible"),
    "discount_not_genuine": _l("Promotional discount not genuine"),
    "stock_insufficient": _l("Not enough stock for the promotion"),
    "other": _l("Other (see the comment)"),
}


def reason_labels(codes: list[str]) -> list[str]:
    return [str(REASONS.get(code, code)) for code in codes]


name_detail("reasons", reason_labels)
