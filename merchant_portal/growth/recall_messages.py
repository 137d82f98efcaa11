"""The messages a manager sends in a recall, and their names on the recall form and in the
history (the model names an action by its template without reaching into the recall work)."""

from ..i18n import _l

# Said in the merchant's language when sent: subject, then body (%(store)s, %(reasons)s)
TEMPLATES = {
    "sales_slowing": (
        _l("Your sales have slowed: let's turn it around"),
        _l(
            "Hello %(store)s,\n\nYour GMV has been falling over the last weeks (%(reasons)s). "
            "Your business page shows which products carry your sales and which categories "
            "shoppers are asking for right now. Your account manager will call you in the "
            "next few days to go through it with you."
        ),
    ),
    "restock": (
        _l("Your best sellers are running out"),
        _l(
            "Hello %(store)s,\n\nSome live products are nearly out of stock (%(reasons)s). "
            "Restock them before shoppers find an empty shelf; your business page lists your "
            "best sellers."
        ),
    ),
    "come_back": (
        _l("We miss you on the marketplace"),
        _l(
            "Hello %(store)s,\n\nWe have not seen a sale from your store for a while "
            "(%(reasons)s). Shoppers' demand is growing in some categories: your business page "
            "suggests where. Your account manager can help you relaunch."
        ),
    ),
    "listing_fix": (
        _l("A listing needs your attention"),
        _l(
            "Hello %(store)s,\n\nSomething waits on you (%(reasons)s). Fixing it takes a few "
            "minutes and puts the listing back in front of shoppers."
        ),
    ),
}
TEMPLATE_LABELS = {key: subject for key, (subject, _body) in TEMPLATES.items()}
