"""Products: the editor, live changes held for review, quality, images, CSV import."""

import io
import re
from decimal import Decimal

from sqlalchemy import func, select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

GOOD = {
    "title": "Cast iron skillet 26 cm, pre-seasoned",
    "description": "Pre-seasoned cast iron, ready to cook on gas, induction or the campfire. " * 3,
    "category": "Home & Kitchen",
    "price": "34.90",
    "stock": "40",
    "attr:material": "cast iron",
    "attr:dimensions": "26 x 5 cm",
    "attr:colour": "black",
}


def products() -> int:
    return db.session.scalar(select(func.count()).select_from(Product))


def test_products_wait_for_an_approved_store(client, auth):
    auth.as_merchant(status=ReviewStatus.SUBMITTED)
    response = client.get("/products/new", follow_redirects=True)
    assert "once your store is approved" in response.text


def test_new_product_bad_input_is_explained_and_kept(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/products/new", data={**GOOD, "title": "ab", "price": "-5", "stock": "many"}
    )
    assert response.status_code == 400
    assert "Use 3 to 120 characters." in response.text
    assert "Enter a price between 0.01 and 1,000,000." in response.text
    assert "Enter a whole number, like 12." in response.text
    assert "cast iron" in response.text  # attributes typed stay
    assert products() == 0


def test_new_product_is_a_draft_with_its_quality_score(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post("/products/new", data=GOOD)
    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert product.status == ReviewStatus.DRAFT
    assert product.attributes == {
        "material": "cast iron",
        "dimensions": "26 x 5 cm",
        "colour": "black",
    }
    assert product.quality_score == 79  # everything but images: held just below good (80)
    page = client.get(f"/products/{product.id}").text
    assert "Add 3 more images" in page


def test_quality_panel_rises_as_the_listing_improves(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    weak = client.post(
        "/products/quality",
        data={"title": "Pan", "category": "Home & Kitchen"},
        headers={"HX-Request": "true"},
    )
    assert weak.text.startswith('<section id="quality"')
    assert "Lengthen the title" in weak.text
    strong = client.post("/products/quality", data=GOOD, headers={"HX-Request": "true"})

    def score(html):
        return int(html.split('data-score="')[1].split('"')[0])

    assert score(strong.text) > score(weak.text)
    spammy = client.post("/products/quality", data={**GOOD, "title": "BEST skillet ★★★ FREE!!!"})
    assert "remove “best”, “free”" in spammy.text
    assert "drop decorative symbols" in spammy.text


def test_attribute_fields_follow_the_category(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.get("/products/attributes?category=Electronics")
    assert 'name="attr:warranty"' in response.text and 'name="attr:material"' not in response.text


def test_editing_a_live_product_holds_the_change_for_review(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, category="Home & Kitchen")
    factories.make_image(product)
    db.session.commit()
    response = client.post(
        f"/products/{product.id}/edit", data={**GOOD, "price": "39.90"}, follow_redirects=True
    )
    assert "stays on sale as it is until the change is approved" in response.text
    db.session.expire_all()
    live = db.session.get(Product, product.id)
    assert str(live.price) == "29.90"  # what shoppers see is unchanged
    change = db.session.scalar(select(ProductChange))
    assert change.data["price"] == "39.90" and change.status == ReviewStatus.DRAFT
    client.post(f"/products/{product.id}/submit")
    assert db.session.scalar(select(ProductChange.status)) == ReviewStatus.SUBMITTED
    locked = client.get(f"/products/{product.id}/edit", follow_redirects=True)
    assert "with merchant operations" in locked.text


def test_submit_needs_price_stock_and_an_image_all_said_at_once(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, price=None, stock=None)
    db.session.commit()
    response = client.post(f"/products/{product.id}/submit", follow_redirects=True)
    assert "Before submitting: set a price; set the stock; add at least one image." in response.text
    assert db.session.get(Product, product.id).status == ReviewStatus.DRAFT


def test_image_upload_rejects_what_is_not_an_image(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store)
    db.session.commit()
    bad = client.post(
        f"/products/{product.id}/images",
        data={"image": (io.BytesIO(b"%PDF-1.4"), "photo.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "is not really a PNG file" in bad.text
    good = client.post(
        f"/products/{product.id}/images",
        data={"image": (io.BytesIO(factories.PNG), "front.png")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, product.id).quality_score > 0


CSV_HEADER = "title,description,category,price,stock,attributes\n"


def import_csv(client, text: str):
    return client.post(
        "/products/import",
        data={"file": (io.BytesIO(text.encode()), "products.csv")},
        content_type="multipart/form-data",
    )


def test_csv_import_all_or_nothing_names_row_and_column(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    broken = CSV_HEADER + (
        "Linen apron with two pockets,Stonewashed linen,Home & Kitchen,24.00,25,material=linen\n"
        "Oak board,End grain oak,Home & Kitchen,-3,10,\n"
        "Wool throw blanket 130 x 170,Soft wool,Home & Kitchen,49.00,lots,shape=round\n"
    )
    response = import_csv(client, broken)
    assert response.status_code == 400
    assert "nothing was imported" in response.text
    assert '<td class="num">3</td><td><code>price</code></td>' in response.text
    assert '<td class="num">4</td><td><code>stock</code></td>' in response.text
    assert "“shape” is not an attribute of Home &amp; Kitchen" in response.text
    assert products() == 0

    good = CSV_HEADER + (
        "Linen apron with two pockets,Stonewashed linen,Home & Kitchen,24.00,25,material=linen\n"
        "Oak chopping board 40 cm,End grain oak,Home & Kitchen,39.00,10,material=oak; colour=natural\n"
    )
    response = import_csv(client, good)
    assert response.status_code == 302
    assert products() == 2
    assert set(db.session.scalars(select(Product.status))) == {ReviewStatus.DRAFT}


def test_csv_import_refuses_wrong_columns_and_encodings(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    assert "this column is required" in import_csv(client, "name,price\nx,1\n").text
    latin1 = client.post(
        "/products/import",
        data={
            "file": (
                io.BytesIO("title,category,price,stock\nCafé,Toys,1,1\n".encode("latin-1")),
                "p.csv",
            )
        },
        content_type="multipart/form-data",
    )
    assert "UTF-8" in latin1.text
    assert products() == 0


def test_template_downloads_and_imports_as_is(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    template = client.get("/products/import/template.csv")
    assert template.headers["Content-Type"].startswith("text/csv")
    assert import_csv(client, template.text).status_code == 302
    assert products() == 2


def test_a_saved_change_to_a_live_listing_says_it_still_has_to_be_submitted(client, auth):
    """ "Change saved … until the change is approved" read as if it were with the reviewers;
    it waited as a draft until the merchant found "Submit the change"."""
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, category="Home & Kitchen")
    factories.make_image(product)
    db.session.commit()
    response = client.post(
        f"/products/{product.id}/edit", data={**GOOD, "price": "39.90"}, follow_redirects=True
    )
    assert "Change saved as a draft: submit it for review when it is ready." in response.text
    assert db.session.scalar(select(ProductChange.status)) == ReviewStatus.DRAFT


def test_saving_a_live_listing_as_it_is_keeps_no_change(client, auth):
    """Opening a live listing's editor and pressing save without touching anything started a
    change held as a draft, and the listing then said a change was waiting to be submitted."""
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(
        store,
        status=ReviewStatus.APPROVED,
        category="Home & Kitchen",
        description=GOOD["description"].strip(),
        # an optional attribute never filled in is stored as no key; the editor sends it empty
        attributes={"material": "cast iron", "colour": "black"},
    )
    factories.make_image(product)
    db.session.commit()
    as_it_is = {**GOOD, "title": product.title, "description": product.description}
    as_it_is["attr:dimensions"] = ""
    as_it_is["price"], as_it_is["stock"] = "29.90", "10"
    response = client.post(f"/products/{product.id}/edit", data=as_it_is, follow_redirects=True)
    assert "Nothing was changed: the live listing stays as it is." in response.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 0
    response = client.post(
        f"/products/{product.id}/edit", data={**as_it_is, "stock": "12"}, follow_redirects=True
    )
    assert "Change saved as a draft" in response.text
    assert db.session.scalar(select(ProductChange.data))["stock"] == 12
    # the draft typed back to what is on sale says nothing any more: it is dropped
    response = client.post(f"/products/{product.id}/edit", data=as_it_is, follow_redirects=True)
    assert "Your draft change now matches the live listing, so it was discarded." in response.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 0


def test_a_sku_price_with_more_decimals_than_kept_is_refused(app):
    from merchant_portal.onboarding.products.sku_grid import read_price

    with app.test_request_context():
        assert read_price("128.005") == (None, "Use at most 2 decimal places.")
        assert read_price("１２８．００５")[0] is None  # noqa: RUF001 (typed full-width)
        assert read_price("¥128.000") == (Decimal("128.000"), None)


def test_a_new_listing_saved_twice_from_one_form_is_one_draft(client, auth):
    """A double click on save (or a retried post): the same render of the form makes one."""
    auth.as_merchant(status=ReviewStatus.APPROVED)
    page = client.get("/products/new").text
    key = re.search(r'name="form_key"[^>]*value="([0-9a-f]{32})"', page).group(1)
    sent = {"title": "陶瓷花盆 15厘米", "category": "Garden", "price": "39.90", "form_key": key}
    first = client.post("/products/new", data=sent)
    again = client.post("/products/new", data=sent)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Product)) == 1
    assert "saved already" in client.get(again.headers["Location"]).text
    other = client.post("/products/new", data={**sent, "form_key": "f" * 32})
    assert other.status_code == 302, "another render of the form is another listing"
    assert db.session.scalar(select(func.count()).select_from(Product)) == 2
