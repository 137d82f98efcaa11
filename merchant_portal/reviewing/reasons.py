"""Reason codes reviewers choose from, worded for the merchant who reads them."""

REASONS = {
    "incomplete_profile": "Store profile incomplete or unclear",
    "document_missing": "Qualification document missing",
    "document_unreadable": "Document unreadable or cut off",
    "document_expired": "Document expired or not valid",
    "name_mismatch": "Business name differs from the documents",
    "prohibited_item": "Item not allowed on the marketplace",
    "misleading_title": "Title misleading or promotional",
    "poor_images": "Images missing, blurry or not of the product",
    "description_insufficient": "Description too thin to buy from",
    "price_inconsistent": "Price inconsistent or implausible",
    "discount_not_genuine": "Promotional discount not genuine",
    "stock_insufficient": "Not enough stock for the promotion",
    "other": "Other (see the comment)",
}


def reason_labels(codes: list[str]) -> list[str]:
    return [REASONS.get(code, code) for code in codes]
