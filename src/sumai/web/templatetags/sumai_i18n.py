"""Language helpers for templates.

- ``{{ LANGUAGE_CODE|html_lang }}``: the ``lang`` attribute of a language (``ja`` for やさしい日本語).
- ``{% own_language_names as languages %}``: ``(code, name)`` of every language, each name in its own
  language exactly as settings.LANGUAGES writes it (``get_available_languages`` would translate the
  names into the current language: "English" would read 英語 on a Japanese page).
"""

from __future__ import annotations

from django import template
from django.conf import settings

from sumai.web.locale import html_lang as _html_lang

register = template.Library()


@register.filter
def html_lang(language_code: str) -> str:
    return _html_lang(language_code or "")


@register.simple_tag
def own_language_names() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]
