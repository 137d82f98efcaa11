"""Nothing counted twice when two requests arrive together: each on a connection of its own,
released by a barrier. Runs on whichever database the suite uses (CI: PostgreSQL too)."""

import io
import re
import threading

from sqlalchemy import func, select

from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.imports.models import ImportBatch
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.onboarding.products.models import Product
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from .test_imports import PRODUCTS


def together(app, requests) -> list:
    """Runs each request(client) in its own thread, released at the same moment."""
    barrier = threading.Barrier(len(requests), timeout=10)
    answers: list = [None] * len(requests)

    def run(index, request):
        client = request.client
        barrier.wait()
        answers[index] = request(client)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


class Request:
    def __init__(self, client, send):
        self.client, self.send = client, send

    def __call__(self, client):
        return self.send(client)


def test_the_same_product_file_posted_twice_at_once_creates_each_product_once(app):
    merchant, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    clients = [app.test_client(), app.test_client()]  # two tabs, two connections
    for client in clients:
        Auth(client).login(merchant.email)

    def upload(client):
        return client.post(
            "/products/import",
            data={"file": (io.BytesIO(PRODUCTS.encode()), "spring.csv")},
            content_type="multipart/form-data",
        )

    answers = together(app, [Request(c, upload) for c in clients])

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [302, 400], statuses
    refused = next(a for a in answers if a.status_code == 400)
    assert "already imported by " + merchant.email in refused.text
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Product)) == 2
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_two_signups_with_one_email_at_once_give_one_account_and_no_error_page(app):
    """Sign-up mails a link (no account exists until the address is proved), so the race is
    two sign-ups at once, then both links opened at once."""
    clients = [app.test_client(), app.test_client()]

    def signup(client):
        return client.post("/signup", data={"email": "twice@example.com", "store_name": "Twice"})

    asked = together(app, [Request(c, signup) for c in clients])
    assert [a.status_code for a in asked] == [200, 200]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    bodies = db.session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.recipient == "twice@example.com")
    ).all()
    links = [re.search(r"http://portal\.test(/signup/\S+)", body).group(1) for body in bodies]
    # the second sign-up may find the first one's link already sent (and say so, sending none):
    # then the race is the one link opened twice at once
    assert len(links) in (1, 2), links
    links = (links * 2)[:2]

    def open_store(link):
        def send(client):
            return client.post(link, data={"password": factories.PASSWORD,
                                           "confirm": factories.PASSWORD})  # fmt: skip

        return send

    answers = together(
        app, [Request(c, open_store(link)) for c, link in zip(clients, links, strict=True)]
    )

    assert all(a.status_code == 302 for a in answers), [a.status_code for a in answers]
    # one account; the other told its store is already open, not shown an error page
    assert sorted(a.headers["Location"] for a in answers) == ["/login", "/onboarding"]
    loser = next(
        c for c, a in zip(clients, answers, strict=True) if a.headers["Location"] == "/login"
    )
    assert "Your store is already open. Log in." in loser.get("/login").text
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(Store)) == 1


def test_an_email_taken_between_the_forms_check_and_the_insert_is_told_not_crashed(app):
    """The race's losing side, made certain: the unique index refuses the second insert."""
    from merchant_portal.auth.services import EmailTaken, register_merchant

    factories.make_user(email="taken@example.com")
    try:
        register_merchant("taken@example.com", factories.PASSWORD, "Second Store")
    except EmailTaken:
        pass
    else:
        raise AssertionError("a second account with one email was created")
    db.session.commit()  # the session is still usable: the savepoint took the failure
    assert db.session.scalar(select(func.count()).select_from(Store)) == 0


def test_the_same_results_file_posted_twice_at_once_counts_the_revenue_once(app):
    from merchant_portal.access import Role
    from merchant_portal.budget.models import PerformanceRecord

    from .test_imports import RESULTS

    planner = factories.make_user(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement("search_top")
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        Auth(client).login(planner.email)
    url = f"/budget/stores/{store.id}/results/import"

    def upload(client):
        return client.post(
            url,
            data={"file": (io.BytesIO(RESULTS.encode()), "week45.csv")},
            content_type="multipart/form-data",
        )

    answers = together(app, [Request(c, upload) for c in clients])

    assert sorted(a.status_code for a in answers) == [302, 409]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(PerformanceRecord)) == 1


def test_one_import_undone_twice_at_once_is_undone_and_audited_once(app):
    """Found by the attack pass: both undo requests passed the page's "already undone?" check,
    so the trail said the import was undone twice (and counted its rows twice)."""
    from merchant_portal.access import Role
    from merchant_portal.audit import AuditEvent
    from merchant_portal.budget.models import PerformanceRecord

    from .test_imports import RESULTS

    planner = factories.make_user(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement("search_top")
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        Auth(client).login(planner.email)
    base = f"/budget/stores/{store.id}/results"
    sent = clients[0].post(f"{base}/import", data={"file": (io.BytesIO(RESULTS.encode()), "a.csv")},
                           content_type="multipart/form-data")  # fmt: skip
    assert sent.status_code == 302
    batch_id = db.session.scalar(select(ImportBatch.id))

    for _ in range(3):  # several rounds: the interleaving differs from one to the next
        answers = together(
            app,
            [
                Request(
                    c, lambda c: c.post(f"{base}/imports/{batch_id}/undo", data={"confirm": "1"})
                )
                for c in clients
            ],
        )
        assert [a.status_code for a in answers] == [302, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(PerformanceRecord)) == 0
    undos = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "undo_import")).all()
    assert [event.detail["removed"] for event in undos] == [1]


def test_one_reset_link_sent_twice_at_once_sets_one_password(app):
    """Found by the attack pass: both requests passed the link's check before either wrote, so
    a single-use link set two passwords (the second silently replacing the first)."""
    from merchant_portal.audit import AuditEvent

    from ..auth.test_auth import reset_link_in_outbox

    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    app.test_client().post("/reset", data={"email": "shop@example.com"})
    db.session.expire_all()
    link = reset_link_in_outbox("shop@example.com")
    clients = [app.test_client(), app.test_client()]
    secrets = ["first long secret", "second long secret"]

    def reset(client):
        secret = secrets[clients.index(client)]
        return client.post(link, data={"password": secret, "confirm": secret})

    answers = together(app, [Request(c, reset) for c in clients])

    assert sorted(a.headers["Location"] for a in answers) == ["/login", "/reset"]
    db.session.expire_all()
    resets = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reset_password")
    )
    assert resets == 1
    won = secrets[[a.headers["Location"] for a in answers].index("/login")]
    assert app.test_client().post("/login", data={"email": "shop@example.com",
                                                  "password": won}).status_code == 302  # fmt: skip


def test_an_import_undone_while_one_of_its_listings_is_submitted_leaves_one_or_the_other(app):
    """Found by the attack pass (PostgreSQL): the undo checked its listings were drafts, then
    deleted one submitted meanwhile, its submission with it; the submit answered 500."""
    merchant, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        Auth(client).login(merchant.email)
    for round_ in range(8):  # the interleaving differs from one round to the next
        rows = PRODUCTS.replace("Linen apron", f"Linen apron {round_}").replace(
            "Oak chopping", f"Oak chopping {round_}"
        )
        sent = clients[0].post("/products/import", content_type="multipart/form-data",
                               data={"file": (io.BytesIO(rows.encode()), f"r{round_}.csv")})  # fmt: skip
        assert sent.status_code == 302
        batch_id = db.session.scalar(select(func.max(ImportBatch.id)))
        product = db.session.scalar(select(Product).where(Product.title.startswith("Linen apron")
                                                          ).order_by(Product.id.desc()))  # fmt: skip
        factories.make_image(product)
        product_id = product.id
        db.session.commit()
        undo_at, submit_at = f"/products/import/{batch_id}/undo", f"/products/{product_id}/submit"
        undo, submit = together(app, [
            Request(clients[0], lambda c, at=undo_at: c.post(at, data={"confirm": "1"})),
            Request(clients[1], lambda c, at=submit_at: c.post(at)),
        ])  # fmt: skip
        assert 500 not in (undo.status_code, submit.status_code)
        db.session.remove()
        kept = db.session.get(Product, product_id)
        undone = db.session.get(ImportBatch, batch_id).undone_at is not None
        # either the listing went with the undone import, or it was submitted and the import
        # stayed: never a submission deleted
        assert (kept is None and undone) or (kept.status == ReviewStatus.SUBMITTED and not undone)
