"""Pagination for API lists that are not the public search (which pages by keyset cursor, sumai.search)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (100 by default, at most 1,000)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
