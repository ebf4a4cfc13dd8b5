"""Uploads: a size limit and the real content type read from the file's first bytes (never its name)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
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


def check_upload(upload: Any, *, field: str, allowed: Collection[str], wrong_type: str) -> str:
    """The upload's content type, after checking its size and that its content is one of ``allowed``;
    otherwise a ``ValidationError`` on ``field`` (``wrong_type`` says what is accepted)."""
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
    return content_type
