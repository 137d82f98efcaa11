"""The audit trail's words in the reader's language: what kind of thing changed, what was done,
from which state to which. The trail stores codes ("create_account", "submitted"); these name
them. A code nobody named yet still shows, as the code with spaces."""

from collections.abc import Callable

from flask_babel import pgettext

from .models import SUBJECT_LABELS

# What the trail's page shows of a feature's own codes, registered by the feature (the trail
# imports none): the kinds the review desk decides link to their decision page; a detail's
# codes (a review's reasons) are named by the feature that chose them.
REVIEWED_KINDS: set[str] = set()
_DETAIL_NAMERS: dict[str, Callable[[list[str]], list[str]]] = {}


def name_detail(key: str, namer: Callable[[list[str]], list[str]]) -> None:
    _DETAIL_NAMERS[key] = namer


def detail_namer(key: str) -> Callable[[list[str]], list[str]]:
    return _DETAIL_NAMERS.get(key, list)


def kind_labels() -> dict[str, str]:
    """Every kind the trail can hold, named (the review core's one list): the filter's
    choices."""
    return {kind: str(label) for kind, label in SUBJECT_LABELS.items()}


def _actions() -> dict[str, str]:
    # pgettext: "approve" or "import" here is an entry in a log, not a button
    return {
        "add_ad_term": pgettext("audit action", "add Advertising Law term"),
        "add_image": pgettext("audit action", "add image"),
        "import_category_tree": pgettext("audit action", "import category tree"),
        "approve": pgettext("audit action", "approve"),
        "approve_by_rule": pgettext("audit action", "approved by rule"),
        "spot_check": pgettext("audit action", "sent to spot check"),
        "create_trust_rule": pgettext("audit action", "create trust rule"),
        "edit_trust_rule": pgettext("audit action", "edit trust rule"),
        "disable_trust_rule": pgettext("audit action", "disable trust rule"),
        "enable_trust_rule": pgettext("audit action", "enable trust rule"),
        "assign": pgettext("audit action", "assign"),
        "assign_manager": pgettext("audit action", "assign manager"),
        "cancel": pgettext("audit action", "cancel"),
        "change_role": pgettext("audit action", "change role"),
        "change_language": pgettext("audit action", "change language"),
        "change_password": pgettext("audit action", "change password"),
        "create": pgettext("audit action", "create"),
        "create_account": pgettext("audit action", "create account"),
        "create_activity": pgettext("audit action", "create activity"),
        "deactivate": pgettext("audit action", "deactivate"),
        "discard_change": pgettext("audit action", "discard change"),
        "document_accepted": pgettext("audit action", "document accepted"),
        "document_rejected": pgettext("audit action", "document rejected"),
        "edit": pgettext("audit action", "edit"),
        "export_audit": pgettext("audit action", "export audit trail"),
        "edit_activity": pgettext("audit action", "edit activity"),
        "edit_live": pgettext("audit action", "edit live"),
        "edit_profile": pgettext("audit action", "edit profile"),
        "import": pgettext("audit action", "import"),
        "issue": pgettext("audit action", "issue"),
        "job_failed": pgettext("audit action", "job failed"),
        "job_succeeded": pgettext("audit action", "job succeeded"),
        "log_in": pgettext("audit action", "log in"),
        "log_in_failed": pgettext("audit action", "failed log-in"),
        "log_out": pgettext("audit action", "log out"),
        "notebook_contact": pgettext("audit action", "notebook contact saved"),
        "notebook_entry": pgettext("audit action", "notebook entry added"),
        "notebook_task": pgettext("audit action", "notebook task added"),
        "notebook_task_done": pgettext("audit action", "notebook task done"),
        "notebook_tasks_handed_over": pgettext("audit action", "notebook tasks handed over"),
        "set_health_line": pgettext("audit action", "set the health line"),
        "platform_run_done": pgettext("audit action", "platform run done"),
        "publish_platform_run": pgettext("audit action", "publish platform run"),
        "discard_platform_run": pgettext("audit action", "discard platform run"),
        "mark_platform_stores": pgettext("audit action", "mark stores on a platform draft"),
        "reactivate": pgettext("audit action", "reactivate"),
        "recall_call": pgettext("audit action", "recall call"),
        "recall_message": pgettext("audit action", "recall message"),
        "recall_snooze": pgettext("audit action", "recall snooze"),
        "record_results": pgettext("audit action", "record results"),
        "replace_results": pgettext("audit action", "replace results"),
        "delete_results": pgettext("audit action", "delete results"),
        "refresh_growth": pgettext("audit action", "refresh growth"),
        "recovery_code_used": pgettext("audit action", "recovery code used"),
        "recovery_codes_renewed": pgettext("audit action", "recovery codes renewed"),
        "reject": pgettext("audit action", "reject"),
        "main_image": pgettext("audit action", "set main image"),
        "remove_ad_term": pgettext("audit action", "remove Advertising Law term"),
        "remove_document": pgettext("audit action", "remove document"),
        "remove_image": pgettext("audit action", "remove image"),
        "replan": pgettext("audit action", "replan"),
        "request_changes": pgettext("audit action", "request changes"),
        "resend": pgettext("audit action", "resend"),
        "reset_password": pgettext("audit action", "reset password"),
        "retry": pgettext("audit action", "retry"),
        "revoke": pgettext("audit action", "revoke"),
        "run_plan": pgettext("audit action", "run plan"),
        "sales_imported": pgettext("audit action", "sales imported"),
        "sales_received": pgettext("audit action", "sales received"),
        "save": pgettext("audit action", "save"),
        "second_factor_locked": pgettext("audit action", "second factor locked"),
        "second_factor_off": pgettext("audit action", "second factor off"),
        "second_factor_on": pgettext("audit action", "second factor on"),
        "second_factor_replayed": pgettext("audit action", "code replayed"),
        "set_ad_budget": pgettext("audit action", "set ad budget"),
        "sign_up": pgettext("audit action", "sign up"),
        "start_platform_run": pgettext("audit action", "start platform run"),
        "start_curve_fit": pgettext("audit action", "start curve fit"),
        "accept_curve_fit": pgettext("audit action", "accept curve fit"),
        "submit": pgettext("audit action", "submit"),
        "undo_import": pgettext("audit action", "undo import"),
        "upload_document": pgettext("audit action", "upload document"),
        "document_lapsed": pgettext("audit action", "document lapsed"),
        "document_expiring": pgettext("audit action", "document expiring soon"),
        "correct_document_expiry": pgettext("audit action", "correct document expiry"),
        "reorder_images": pgettext("audit action", "reorder images"),
        "invite_member": pgettext("audit action", "invite team member"),
        "revoke_invitation": pgettext("audit action", "revoke invitation"),
        "join": pgettext("audit action", "join store team"),
        "change_member_role": pgettext("audit action", "change team role"),
        "remove_member": pgettext("audit action", "remove team member"),
        "leave_store": pgettext("audit action", "leave store team"),
    }


def _states() -> dict[str, str]:
    return {
        "draft": pgettext("audit state", "draft"),
        "submitted": pgettext("audit state", "submitted"),
        "approved": pgettext("audit state", "approved"),
        "changes_requested": pgettext("audit state", "changes requested"),
        "rejected": pgettext("audit state", "rejected"),
        "active": pgettext("audit state", "active"),
        "inactive": pgettext("audit state", "inactive"),
        "revoked": pgettext("audit state", "revoked"),
        "queued": pgettext("audit state", "queued"),
        "running": pgettext("audit state", "running"),
        "succeeded": pgettext("audit state", "succeeded"),
        "failed": pgettext("audit state", "failed"),
        "interrupted": pgettext("audit state", "interrupted"),
        "cancelled": pgettext("audit state", "cancelled"),
        "published": pgettext("audit state", "published"),
        "discarded": pgettext("audit state", "discarded"),
        "done": pgettext("audit state", "done"),
        "fitted": pgettext("audit state", "fitted"),
        "accepted": pgettext("audit state", "accepted"),
        "retired": pgettext("audit state", "no longer accepted"),
        "owner": pgettext("audit state", "owner"),
        "operations": pgettext("audit state", "operations"),
        "ads": pgettext("audit state", "advertising"),
        "finance": pgettext("audit state", "finance"),
    }


def _values() -> dict[str, str]:
    """Values a detail holds as codes (a job's kind, a plan's objective and budget basis): they
    showed as "kind platform_publish", "objective revenue" on the Chinese trail."""
    return {
        "product_import": pgettext("audit value", "product import"),
        "results_import": pgettext("audit value", "results import"),
        "platform_run": pgettext("audit value", "platform run"),
        "platform_publish": pgettext("audit value", "telling merchants of a platform run"),
        "curve_fit": pgettext("audit value", "curve fit"),
        "central": pgettext("audit value", "central estimate"),
        "lower_band": pgettext("audit value", "cautious (lower band)"),
        "products": pgettext("audit value", "products"),
        "results": pgettext("audit value", "results"),
        "sales": pgettext("audit value", "sales"),
        "revenue": pgettext("audit value", "revenue"),
        "conversions": pgettext("audit value", "conversions"),
        "profit": pgettext("audit value", "profit"),
        "weekly": pgettext("audit value", "weekly"),
        "total": pgettext("audit value", "total for the period"),
    }


def _details() -> dict[str, str]:
    return {
        "action": pgettext("audit detail", "action"),
        "added": pgettext("audit detail", "added"),
        "changed": pgettext("audit detail", "changed"),
        "retired": pgettext("audit detail", "retired"),
        "codes": pgettext("audit detail", "codes"),
        "activity": pgettext("audit detail", "promotion"),
        "assignee": pgettext("audit detail", "assignee"),
        "budget": pgettext("audit detail", "budget"),
        "cautious": pgettext("audit detail", "cautious estimates"),
        "change": pgettext("audit detail", "change"),
        "comment": pgettext("audit detail", "note"),
        "document": pgettext("audit detail", "document"),
        "email": pgettext("audit detail", "email"),
        "fields": pgettext("audit detail", "fields"),
        "file": pgettext("audit detail", "file"),
        "expires_on": pgettext("audit detail", "valid until"),
        "first_day": pgettext("audit detail", "first day"),
        "from_manager": pgettext("audit detail", "previous manager"),
        "from_plan": pgettext("audit detail", "from plan"),
        "kind": pgettext("audit detail", "kind"),
        "last_day": pgettext("audit detail", "last day"),
        "message": pgettext("audit detail", "message"),
        "name": pgettext("audit detail", "name"),
        "note": pgettext("audit detail", "note"),
        "other_sessions": pgettext("audit detail", "other sessions"),
        "objective": pgettext("audit detail", "objective"),
        "placement": pgettext("audit detail", "placement"),
        "previous_target": pgettext("audit detail", "previous target"),
        "product": pgettext("audit detail", "product"),
        "promo_price": pgettext("audit detail", "promo price"),
        "reasons": pgettext("audit detail", "reasons"),
        "removed": pgettext("audit detail", "removed"),
        "role": pgettext("audit detail", "role"),
        "rows": pgettext("audit detail", "rows"),
        "scopes": pgettext("audit detail", "scopes"),
        "snooze_until": pgettext("audit detail", "snoozed until"),
        "stage": pgettext("audit detail", "stage"),
        "stages": pgettext("audit detail", "stages"),
        "store": pgettext("audit detail", "store"),
        "stores": pgettext("audit detail", "stores"),
        "target": pgettext("audit detail", "target"),
        "template": pgettext("audit detail", "template"),
        "to_manager": pgettext("audit detail", "new manager"),
        "week": pgettext("audit detail", "week"),
        "weeks": pgettext("audit detail", "weeks"),
        "period_start": pgettext("audit detail", "first week"),
        "basis": pgettext("audit detail", "budget basis"),
        "replaced": pgettext("audit detail", "replaced figures"),
        "monthly": pgettext("audit detail", "monthly ad budget"),
        "before": pgettext("audit detail", "before"),
        "rerun": pgettext("audit detail", "re-run"),
        "rerun_of": pgettext("audit detail", "re-run of"),
        "excluded": pgettext("audit detail", "left out"),
        "fit": pgettext("audit detail", "curve fit"),
        "previous_fit": pgettext("audit detail", "previously accepted fit"),
        "curves": pgettext("audit detail", "curves"),
        "line": pgettext("audit detail", "health line"),
        "previous_line": pgettext("audit detail", "previous health line"),
        "tasks": pgettext("audit detail", "tasks"),
        "address": pgettext("audit detail", "IP address"),
        "was": pgettext("audit detail", "was"),
        "spend": pgettext("audit detail", "spend"),
        "impressions": pgettext("audit detail", "impressions"),
        "clicks": pgettext("audit detail", "clicks"),
        "conversions": pgettext("audit detail", "conversions"),
        "revenue": pgettext("audit detail", "revenue"),
        "skus": pgettext("audit detail", "SKUs"),
        "files": pgettext("audit detail", "files"),
        "filters": pgettext("audit detail", "filters"),
    }


def audit_words():
    """The namers the trail's templates use (action, state, detail key), built once per page
    in its language."""
    actions, states, details, values = _actions(), _states(), _details(), _values()
    yes, no = pgettext("audit value", "yes"), pgettext("audit value", "no")

    def action(code: str) -> str:
        return actions.get(code) or code.replace("_", " ")

    def state(code: str | None) -> str:
        return states.get(code or "") or (code or "").replace("_", " ")

    def detail(key: str) -> str:
        return details.get(key) or key.replace("_", " ")

    def value(key: str, shown):
        """A coded value of the keys that hold codes, named; any other value as it is."""
        if key in ("kind", "objective", "basis") and isinstance(shown, str):
            return values.get(shown, shown)
        if key == "was" and isinstance(shown, str):
            return state(shown)
        if isinstance(shown, bool):  # a flag read "True" in Chinese too
            return yes if shown else no
        return shown

    return action, state, detail, value
