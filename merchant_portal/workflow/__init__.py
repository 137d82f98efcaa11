"""The review workflow every reviewable thing shares: the states and their columns
(``reviewable``), the one state machine (``machine``), reasons and the review record.

Features (onboarding, admin) import this package; the review desk (``review_desk/``) imports
the features and this package; this package imports no feature but ``auth.models`` (actors)
and ``notifications`` (telling the merchant). The audit trail is ``merchant_portal.audit``.
"""
