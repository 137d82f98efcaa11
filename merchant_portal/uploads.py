"""Uploaded files: checked by extension and by their first bytes, stored under generated names.

A file's name proves nothing; its signature does. Files live under UPLOAD_FOLDER/<kind>/ with
random names, and are only ever served through views that check who may see them.
"""

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_from_directory
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from .image_size import image_size

MAX_IMAGE_SIDE = 20_000  # pixels: past any camera or marketplace template

MB = 1024 * 1024
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "webp": (b"RIFF",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
RULES = {  # allowed extensions, the setting holding the size limit, how to say it
    "document": ({"pdf", "png", "jpg", "jpeg"}, "DOCUMENT_MAX_BYTES", _l("PDF, PNG or JPEG")),
    "image": ({"png", "jpg", "jpeg", "webp"}, "IMAGE_MAX_BYTES", _l("PNG, JPEG or WebP")),
}


class UploadRejected(ValueError):
    pass


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int
    dimensions: tuple[int, int] | None = None  # width, height of an image
    sha256: str | None = None  # of the bytes: the same file uploaded twice is the same hash


def _size(limit: int) -> str:
    if limit >= MB:
        return _("%(size)s MB", size=format_decimal(limit / MB, format="0.##"))
    return _("%(size)s KB", size=format_decimal(limit / 1024, format="0.##"))


def _matches_signature(extension: str, head: bytes) -> bool:
    if extension == "webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    return any(head.startswith(signature) for signature in SIGNATURES[extension])


def save_upload(upload: FileStorage | None, kind: str) -> StoredFile:
    allowed, limit_setting, described = RULES[kind]
    limit = current_app.config[limit_setting]
    if upload is None or not upload.filename:
        raise UploadRejected(_("Choose a file to upload."))
    original = os.path.basename(upload.filename)[:200]
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if extension not in allowed:
        raise UploadRejected(
            _("Upload a %(kinds)s file; “%(file)s” is not one.", kinds=described, file=original)
        )
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(
            _("“%(file)s” is larger than %(size)s.", file=original, size=_size(limit))
        )
    if not data:
        raise UploadRejected(_("“%(file)s” is empty.", file=original))
    if not _matches_signature(extension, data[:16]):
        raise UploadRejected(
            _("“%(file)s” is not really a %(kind)s file.", file=original, kind=extension.upper())
        )
    dimensions = image_size(data) if kind == "image" else None
    if dimensions and not all(1 <= side <= MAX_IMAGE_SIDE for side in dimensions):
        # a header may claim any size: 0 x 0, or 4 billion pixels a side in a 100-byte file
        # (past the columns that keep it, and a main image that passes the 800 x 800 rule)
        raise UploadRejected(
            _(
                "“%(file)s” says it is %(width)s by %(height)s pixels: a picture is from 1 to "
                "%(max)s pixels a side.",
                file=original, width=f"{dimensions[0]:,}", height=f"{dimensions[1]:,}",
                max=f"{MAX_IMAGE_SIDE:,}",
            )
        )  # fmt: skip
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(data)
    return StoredFile(
        stored_name,
        original,
        CONTENT_TYPES[extension],
        len(data),
        dimensions,
        hashlib.sha256(data).hexdigest(),
    )


def discard(kind: str, stored_name: str) -> None:
    """Removes a stored file (after its record is gone); a missing file is not an error."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / kind / stored_name
    path.unlink(missing_ok=True)


def send_upload(kind: str, stored_name: str, download_name: str, content_type: str):
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    # Served as a download, never as a page of the portal: a PDF or an image that is
    # something else inside cannot run script with the portal's cookies. An <img> still
    # shows an image sent as an attachment.
    response = send_from_directory(
        folder, stored_name, mimetype=content_type, download_name=download_name,
        as_attachment=True,
    )  # fmt: skip
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = UPLOAD_POLICY
    return response


UPLOAD_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
