"""Admins keep the promotions merchants register products in."""

from merchant_portal.access import Role


def test_admin_creates_and_edits_a_promotion(client, auth):
    auth.as_role(Role.ADMIN)
    bad = client.post(
        "/admin/activities/new",
        data={
            "name": "Spring",
            "registration_opens_at": "2027-03-10T00:00",
            "registration_closes_at": "2027-03-01T00:00",
            "starts_at": "2027-03-20T00:00",
            "ends_at": "2027-03-15T00:00",
            "min_discount_pct": "95",
            "min_promo_stock": "5",
        },
    )
    assert bad.status_code == 400
    assert "Registration must close after it opens." in bad.text
    assert "The promotion must end after it starts." in bad.text
    assert "Between 0% and 90%." in bad.text and 'value="Spring"' in bad.text
    good = client.post(
        "/admin/activities/new",
        data={
            "name": "Spring Garden Days",
            "registration_opens_at": "2027-03-01T00:00",
            "registration_closes_at": "2027-03-10T00:00",
            "starts_at": "2027-03-20T00:00",
            "ends_at": "2027-03-27T00:00",
            "categories": ["Garden"],
            "min_discount_pct": "20",
            "min_promo_stock": "15",
            "max_products_per_store": "3",
        },
    )
    assert good.status_code == 302
    assert "Spring Garden Days" in client.get("/admin/activities").text
