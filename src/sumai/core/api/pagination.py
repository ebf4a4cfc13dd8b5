"""Pagination for API lists that are not the public search (which pages by keyset cursor, sumai.search)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination

from sumai.domain.errors import InputError


class PagePagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (100 by default, at most 1,000)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request: Any) -> int:
        """An unusable ``page_size`` (``null``, empty, 0, not a whole number) is a 400 naming it — DRF
        silently fell back to the default. A larger number than the maximum is capped (documented)."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise InputError(
                "page_size",
                _("A whole number from 1 (at most %(max)d are given).") % {"max": self.max_page_size},
            )
        return min(int(value), self.max_page_size)
