"""The platform plan: every approved store with a plan, one shared programme.

``request`` builds the optimizer's request from the database, ``run`` carries one run through
(today in a background thread), ``store`` writes each merchant's share and tells them, and
``views`` starts runs and shows their progress.
"""
