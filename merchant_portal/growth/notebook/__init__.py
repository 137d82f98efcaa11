"""The account manager's notebook on a merchant: the contact person and how to reach them,
a timeline of notes, calls and messages (with the recall actions), and tasks with reminders.
Only the merchant's own account manager and admins read or write it; every change is audited.
Its routes sit on growth's blueprint (``views``)."""
