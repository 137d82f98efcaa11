"""A form posted twice (a double click, a resent page, two tabs) lands once: a POST that changes
a state names the state wanted, so the second post finds it there and changes nothing. A view
that flips a flag from whatever it holds now (``x.flag = not x.flag``) undoes the first post."""

import re
from pathlib import Path

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.workflow.trust import TrustRule

PORTAL = Path(__file__).resolve().parent.parent / "merchant_portal"
FLIP = re.compile(r"^\s*([\w.]+)\s*=\s*not\s+\1\s*$", re.M)


def test_no_view_flips_a_stored_state_from_what_it_holds_now():
    flips = [
        f"{path.relative_to(PORTAL.parent)}: {match.group(0).strip()}"
        for path in PORTAL.rglob("*.py")
        for match in FLIP.finditer(path.read_text(encoding="utf-8"))
    ]
    assert flips == []


def test_disabling_or_enabling_a_trust_rule_twice_lands_once(client, auth):
    auth.as_role(Role.ADMIN)
    rule = TrustRule(name="Small price moves", allow_stock_change=True, clean_decisions=3,
                     sample_pct=0)  # fmt: skip
    db.session.add(rule)
    db.session.commit()
    page = client.get("/review/rules").text
    assert 'name="active" value="0"' in page  # the Disable button says what it wants

    for wanted, active in (("0", False), ("1", True)):
        for _click in range(2):
            answer = client.post(f"/review/rules/{rule.id}/toggle", data={"active": wanted})
            assert answer.status_code == 302
            db.session.expire_all()
            assert db.session.get(TrustRule, rule.id).active is active
    again = client.post(
        f"/review/rules/{rule.id}/toggle", data={"active": "1"}, follow_redirects=True
    )
    assert "Rule “Small price moves” is already in force." in again.text
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_kind == "trust_rule")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["disable_trust_rule", "enable_trust_rule"]
    # a post saying no state (an old page, a forged form) is refused, not guessed
    assert client.post(f"/review/rules/{rule.id}/toggle").status_code == 400
    assert client.post(f"/review/rules/{rule.id}/toggle", data={"active": "x"}).status_code == 400
