"""``{{ LANGUAGE_CODE|html_lang }}``: the ``lang`` attribute of a language (``ja`` for やさしい日本語)."""

from __future__ import annotations

from django import template

from sumai.web.locale import html_lang as _html_lang

register = template.Library()


@register.filter
def html_lang(language_code: str) -> str:
    return _html_lang(language_code or "")
