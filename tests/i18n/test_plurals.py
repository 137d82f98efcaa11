"""Counts are written as people write them: "5 products", "1 product", never "product(s)";
every count goes through ngettext so each language picks its own form."""

from ..catalogue import said_by


def test_no_message_says_s_in_brackets():
    hedged = sorted(m for m, _context in said_by("merchant_portal", "templates") if "(s)" in m)
    assert hedged == [], "write both forms with ngettext instead of (s): " + "; ".join(hedged)


def test_the_api_counts_its_problems_in_words(client):
    from merchant_portal.access import Role
    from merchant_portal.api.tokens import issue_token
    from merchant_portal.extensions import db

    from .. import factories

    _, secret = issue_token("feed", ["sales:write"], factories.make_user(Role.ADMIN))
    db.session.commit()
    answer = client.post("/api/v1/sales", json={"rows": [{"product_id": 1}]},
                         headers={"Authorization": f"Bearer {secret}"})  # fmt: skip
    assert answer.status_code == 422
    assert "(s)" not in answer.json["message"] and "problems" in answer.json["message"]
