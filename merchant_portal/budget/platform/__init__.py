"""The platform plan: every approved store with a plan, one shared programme.

``request`` builds the optimizer's request from the database, ``run`` carries one run through
(today in a background thread), ``store`` writes each merchant's share and tells them, and
``views`` starts runs and shows their progress. The optimizer's answer is read only in
``answer``; ``facts`` works out what it means (sold-out placements, budgets spent, floors
holding, why a share is empty), ``explain`` says it in words, and ``compare`` with
``recommendation`` puts a merchant's share beside the store's own plan.
"""
