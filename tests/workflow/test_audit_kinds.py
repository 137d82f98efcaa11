"""Every kind of thing the code audits is one the audit page can filter by: an unknown kind
would make the change itself fail (audit() refuses it), so it is caught here, before a user
meets it as an error page."""

import ast
from pathlib import Path

import merchant_portal
from merchant_portal.audit import SUBJECT_LABELS

PACKAGE = Path(merchant_portal.__file__).parent


def audited_kinds() -> dict[str, str]:
    """{subject kind written as a literal in an audit() call: where}."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit"):
                continue
            kind = next((k.value for k in node.keywords if k.arg == "subject_kind"), None)
            if kind is None and len(node.args) >= 2:
                kind = node.args[1]
            if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                found[kind.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_every_audited_kind_is_filterable():
    kinds = audited_kinds()
    assert len(kinds) >= 10, "the scan should find the audit calls"
    unknown = {kind: where for kind, where in kinds.items() if kind not in SUBJECT_LABELS}
    assert not unknown, f"audit() would refuse these kinds: {unknown}"
