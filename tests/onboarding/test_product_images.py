"""Images as marketplace merchants manage them (issue 21): several chosen at once, a main
image chosen among them, and the marketplace's rule for it (square, 800 x 800 or more) in the
quality score, its size read from the file's own header."""

import io
import struct

from sqlalchemy import select

from merchant_portal.extensions import db
from merchant_portal.image_size import image_size
from merchant_portal.onboarding.products.models import Product, ProductImage
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_products import GOOD


def png(width: int, height: int) -> bytes:
    return factories.PNG[:16] + struct.pack(">II", width, height) + factories.PNG[24:]


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x00" * 9
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def webp(width: int, height: int) -> bytes:
    body = b"VP8X" + b"\x0a\x00\x00\x00" + b"\x00" * 4
    body += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def test_sizes_are_read_from_the_headers():
    assert image_size(png(800, 800)) == (800, 800)
    assert image_size(jpeg(1200, 900)) == (1200, 900)
    assert image_size(webp(1000, 1000)) == (1000, 1000)
    assert image_size(b"\xff\xd8\xff\xe0\x00") is None
    assert image_size(b"") is None


def upload(client, product_id: int, files):
    return client.post(
        f"/products/{product_id}/images",
        data={"image": [(io.BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_several_images_at_once_and_the_main_image_rule(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    client.post("/products/new", data=GOOD)
    product = db.session.scalar(select(Product))
    page = upload(
        client,
        product.id,
        [
            ("side.jpg", jpeg(640, 480)),
            ("front.png", png(1000, 1000)),
            ("back.webp", webp(900, 900)),
        ],
    )
    assert "3 images added." in page.text
    assert "The main image is 640 x 480: make it square and at least 800 x 800 pixels" in page.text
    db.session.expire_all()
    assert db.session.get(Product, product.id).quality_score == 95  # all but the main image's 5
    front = db.session.scalar(select(ProductImage).where(ProductImage.original_name == "front.png"))
    page = client.post(f"/products/{product.id}/images/{front.id}/main", follow_redirects=True)
    assert "Main image set" in page.text
    assert "The main image is" not in page.text
    db.session.expire_all()
    assert db.session.get(Product, product.id).quality_score == 100
    order = db.session.scalars(
        select(ProductImage.original_name).where(ProductImage.product_id == product.id)
        .order_by(ProductImage.position)
    )  # fmt: skip
    assert list(order) == ["front.png", "side.jpg", "back.webp"]


def test_one_bad_file_among_several_adds_none(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    client.post("/products/new", data=GOOD)
    product = db.session.scalar(select(Product))
    page = upload(client, product.id, [("front.png", png(800, 800)), ("fake.png", b"%PDF-1.4")])
    assert "is not really a PNG file" in page.text
    assert "None of the chosen images was added" in page.text  # front.png was not either
    assert db.session.scalar(select(ProductImage)) is None


def test_a_header_claiming_an_impossible_size_is_refused_not_stored(client, auth):
    """Found by the attack pass: a 1-pixel PNG whose header claims 2^31 pixels a side failed
    PostgreSQL's integer column (a 500); one claiming 100,000 x 100,000 passed the main-image
    rule; 0 x 0 was stored. Each is now refused with the size it claims."""
    auth.as_merchant(status=ReviewStatus.APPROVED)
    client.post("/products/new", data=GOOD)
    product = db.session.scalar(select(Product))
    for width, height in ((2**31, 2**31), (0xFFFFFFFF, 0xFFFFFFFF), (100_000, 100_000), (0, 0)):
        page = upload(client, product.id, [("huge.png", png(width, height))])
        assert page.status_code in (200, 400)
        assert f"{width:,}" in page.text
    assert db.session.scalar(select(ProductImage)) is None
    page = upload(client, product.id, [("real.png", png(800, 800))])
    assert db.session.scalar(select(ProductImage)).width == 800
