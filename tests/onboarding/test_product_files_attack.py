"""Damaged and hostile .xlsx product files (found by attacking the import): every one is
refused with a reason the merchant can act on, never an error page. openpyxl reads a sheet
lazily in read-only mode, so damage inside the sheet shows only while its rows are read."""

import io
import zipfile

import openpyxl
import pytest

from merchant_portal.workflow.reviewable import ReviewStatus

from .test_product_files import count, upload, xlsx

GOOD = [["title", "category", "price", "stock"], ["Oak board", "Home & Kitchen", 12, 3]]


def rewritten(raw: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The workbook with some entries replaced (None: left out)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename in replace:
                if replace[entry.filename] is not None:
                    target.writestr(entry.filename, replace[entry.filename])
            else:
                target.writestr(entry, source.read(entry.filename))
    return out.getvalue()


def lying_sizes(raw: bytes) -> bytes:
    """The sheet's recorded size says 10 bytes; its data unpacks to far more (a bomb that
    passes a check of the recorded sizes)."""
    data = bytearray(raw)
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = (10).to_bytes(4, "little")
            start += 4
    return bytes(data)


def no_sheets() -> bytes:
    book = openpyxl.Workbook()
    book.create_chartsheet("Chart")
    book.remove(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
DAMAGED = {
    "sheet XML cut short": lambda raw: rewritten(raw, {SHEET: b"<worksheet><sheetData><row>"}),
    "sheet not XML": lambda raw: rewritten(raw, {SHEET: b"\x00\x01 not xml"}),
    "sheet missing": lambda raw: rewritten(raw, {SHEET: None}),
    "sizes that lie": lying_sizes,
    "an entity bomb": lambda raw: rewritten(
        raw,
        {
            SHEET: (
                b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row>'
                b"</sheetData></worksheet>"
            )
        },
    ),
    "only a chart sheet": lambda raw: no_sheets(),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_workbook_is_refused_not_an_error_page(client, auth, damage):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    raw = DAMAGED[damage](xlsx(GOOD))
    response = upload(client, raw, "products.xlsx")
    assert response.status_code == 400, damage
    assert count() == 0


def test_a_huge_or_turned_around_cell_is_not_repeated_whole_in_its_message(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    huge = "\u202e" + "材质陶瓷" * 5000  # no "=", a direction mark first
    rows = f"标题,类目,价格,库存,属性\n陶瓷花瓶 北欧,Home & Kitchen,39.90,10,{huge}\n"
    response = upload(client, rows.encode(), "花瓶.csv")
    assert response.status_code == 400
    assert "\u202e" not in response.text and "材质陶瓷" * 30 not in response.text
    assert len(response.text) < 60_000
    assert count() == 0
