"""Uploads: a size limit, the real content type read from the file's first bytes (never its name), a refusal
of files that are also HTML or script (polyglots), storage under random names, and one safe way to serve
them (:func:`file_response`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAGIC = {
    b"%PDF": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG": "image/png",
}


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes of a file show, or None for anything else."""
    for magic, content_type in MAGIC.items():
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "text/csv": ".csv",
}
# What a browser or a PDF reader would run: HTML, SVG, script, and PDF actions. Found anywhere in a file
# that claims to be a PDF or an image, the file is refused (a PDF/HTML polyglot shown as a page runs).
ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:html|script|svg|iframe|object|embed|body|meta|!doctype)\b|javascript:|/JavaScript\b|/JS\b|/Launch\b",
    re.IGNORECASE,
)
CHUNK = 1024 * 1024
# Served uploads run nothing: a sandbox without scripts, only the file itself.
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def active_content(upload: Any) -> bool:
    """Whether the upload holds HTML, SVG, script or a PDF action anywhere (read in chunks, overlapping)."""
    tail = b""
    upload.seek(0)
    try:
        while chunk := upload.read(CHUNK):
            if ACTIVE_CONTENT.search(tail + chunk):
                return True
            tail = chunk[-64:]
    finally:
        upload.seek(0)
    return False


@deconstructible
class RandomName:
    """``upload_to`` that stores a file as ``<prefix>/<yyyy>/<mm>/<random>.<ext>``: never the user's name or
    extension (the extension comes from the sniffed content type, the instance's ``content_type`` or
    ``default_type``), never guessable. The original name is kept in the model for the download."""

    def __init__(self, prefix: str, default_type: str = "") -> None:
        self.prefix = prefix
        self.default_type = default_type

    def __call__(self, instance: Any, filename: str) -> str:
        content_type = getattr(instance, "content_type", "") or self.default_type
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{EXTENSIONS.get(content_type, '')}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and (self.prefix, self.default_type) == (
            other.prefix,
            other.default_type,
        )

    def __hash__(self) -> int:
        return hash((self.prefix, self.default_type))


def file_response(fileobj: Any, *, content_type: str, filename: str, cache: str) -> FileResponse:
    """A stored upload served safely: its sniffed content type (never guessed again), ``nosniff``, a sandbox
    that keeps any script from running, and a ``Content-Disposition`` with the original name (RFC 5987):
    PDFs and images inline, anything else as a download."""
    inline = content_type == "application/pdf" or content_type.startswith("image/")
    response = FileResponse(fileobj, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["Cache-Control"] = cache
    return response


def check_upload(upload: Any, *, field: str, allowed: Collection[str], wrong_type: str) -> str:
    """The upload's content type, after checking its size, that its content is one of ``allowed`` and that
    it holds no HTML, script or PDF action; otherwise a ``ValidationError`` on ``field`` (``wrong_type``
    says what is accepted)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: _("The file is %(size)s MB; the limit is 10 MB.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}"}
            }
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None or content_type not in allowed:
        raise ValidationError({field: wrong_type})
    if active_content(upload):
        raise ValidationError(
            {
                field: _(
                    "The file also contains web page code or a script, which is not accepted. Save or print "
                    "it again as a plain PDF or image and upload that."
                )
            }
        )
    return content_type
