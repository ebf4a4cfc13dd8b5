"""Language choice: Japanese unless the visitor chose another language with the switcher (a cookie).

Django's LocaleMiddleware would also follow the browser's Accept-Language, which would show English to
most visitors' phones set to English — the system is Japanese first, so HTML pages ignore it. The API
still honours Accept-Language, as API clients expect.

やさしい日本語 is the language ``ja-x-easy`` (docs/decisions/0006-languages.md): its translations carry
furigana as ``住宅{じゅうたく}``, which :mod:`sumai.web.furigana` turns into ``<ruby>`` in HTML
responses and drops from JSON and plain text.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language

from sumai.core.api import is_api_path
from sumai.web import furigana

EASY_JAPANESE = "ja-x-easy"


def html_lang(language_code: str) -> str:
    """The BCP 47 tag for a page's ``lang`` attribute: ``ja-x-easy`` → ``ja``, ``zh-hans`` → ``zh-Hans``.

    Private-use subtags (``-x-…``) are dropped: screen readers and browsers must read やさしい日本語 as
    Japanese.
    """
    code = language_code.lower().split("-x-", 1)[0]
    return translation.to_locale(code).replace("_", "-") if code else settings.LANGUAGE_CODE


def _strip_json(value: Any) -> Any:
    if isinstance(value, str):
        return furigana.strip_readings(value)
    if isinstance(value, list):
        return [_strip_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _strip_json(item) for key, item in value.items()}
    return value


def apply_furigana(response: HttpResponseBase) -> HttpResponseBase:
    """Ruby in HTML, readings dropped in JSON and plain text; anything else (files, streams) untouched."""
    if not isinstance(response, HttpResponse) or response.has_header("Content-Encoding"):
        return response
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    charset = response.charset or "utf-8"
    if content_type == "text/html":
        body = response.content.decode(charset)
        new = furigana.to_ruby(body)
    elif content_type == "text/plain":
        body = response.content.decode(charset)
        new = furigana.strip_readings(body)
    elif content_type == "application/json" or content_type.endswith("+json"):
        body = response.content.decode(charset)
        if "\\u" not in body and not furigana.has_readings(body):
            return response
        try:
            new = json.dumps(_strip_json(json.loads(body)), ensure_ascii=False)
        except ValueError:
            return response
    else:
        return response
    if new != body:
        response.content = new.encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    return response


class SumaiLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if is_api_path(request.path_info):
            super().process_request(request)
            return
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not language or language not in dict(settings.LANGUAGES) or not check_for_language(language):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        if getattr(request, "LANGUAGE_CODE", "") == EASY_JAPANESE:
            response = apply_furigana(response)
        return response
