"""The review core every feature shares: the states and their columns (``reviewable``), the
one state machine (``workflow``), reasons, the review record and the audit trail.

Features (onboarding, budget, admin, auth, notifications) import this package; the review desk
(``review/``) imports the features and this package; this package imports no feature but
``auth.models`` (actors) and ``notifications`` (telling the merchant).
"""
