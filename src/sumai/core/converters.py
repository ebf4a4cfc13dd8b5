"""URL converters. ``<id:pk>``: a database id — at most 18 digits, so that it always fits a 64-bit
integer column. Django's ``<int:…>`` matches any number of digits, and an id beyond 2**63 made SQLite
raise ``OverflowError`` (a 500) instead of answering 404."""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import IntConverter

ID_DIGITS = 18
ID_MAX = 10**ID_DIGITS - 1


class IdConverter(IntConverter):
    regex = f"[0-9]{{1,{ID_DIGITS}}}"


def register() -> None:
    register_converter(IdConverter, "id")
