"""Language choice: Japanese unless the visitor chose another language with the switcher (a cookie).

Django's LocaleMiddleware would also follow the browser's Accept-Language, which would show English to
most visitors' phones set to English — the system is Japanese first, so HTML pages ignore it. The API
still honours Accept-Language, as API clients expect.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language


class SumaiLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not language or language not in dict(settings.LANGUAGES) or not check_for_language(language):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
