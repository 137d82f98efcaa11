"""What auth announces, for the features built on accounts to react to: auth knows no store,
so a new merchant's store is opened by onboarding, listening here."""

from blinker import Namespace

_signals = Namespace()

# sent with the new account (flushed, so it has its id) and the store name typed at sign-up
merchant_signed_up = _signals.signal("merchant-signed-up")

# sent with the account and the acting user (or None) and a reason code, when an account loses
# rights it may have lent to others (deactivated, or out of the admin role): what it issued
# (API tokens) dies with them, revoked by the feature that keeps those things
rights_lost = _signals.signal("rights-lost")
