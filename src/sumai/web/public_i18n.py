"""Which source files hold strings that a member of the public can see.

Japanese and English are complete everywhere. The five public languages (简体中文, 한국어, Tiếng Việt,
Português, やさしい日本語) must be complete for every string whose source reference (the
``#: file:line`` comment of a catalogue) matches one of these patterns; staff-only pages may stay
untranslated in them (Django then falls back to Japanese, the default language).
tests/web/test_translations.py enforces it; docs/i18n.md explains it.

Patterns are ``fnmatch`` globs on paths relative to ``src/sumai`` (a per-app catalogue's references are made
relative to ``src/sumai`` by prefixing the app's folder, e.g. ``search/templates/search/unit.html``).
Add the pattern of a public page here when you build one.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

#: The languages that ship for the public pages only (Japanese and English are complete everywhere).
PUBLIC_LANGUAGES: tuple[str, ...] = ("zh-hans", "ko", "vi", "pt-br", "ja-x-easy")

PUBLIC_SOURCES: tuple[str, ...] = (
    # the frame of every page: header, navigation, language switcher, footer, skip link
    "templates/base.html",
    "templates/web/home.html",
    "templates/web/about.html",
    "templates/web/_form_errors.html",
    "templates/web/_pagination.html",
    # error pages (HTML) and the API's error bodies
    "templates/400.html",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "templates/405.html",  # a GET of an address that only takes a form (sumai.web.errors)
    "web/views.py",
    "web/django_words.py",  # Django's own form messages, which its catalogues lack in some languages
    "core/guards.py",
    "core/api/errors.py",
    "core/api/parsers.py",  # bad JSON bodies: the rules endpoints are public
    # the public API's own words: the places lists, the rules' bodies and their input messages
    "api/views.py",
    "api/rules_words.py",
    "accounts/tokens.py",
    # logging in, lock-out, password reset (pages and e-mail), invitations (reached from an e-mail)
    "templates/registration/login.html",
    "templates/registration/password_reset_*",
    "templates/accounts/locked_out.html",
    "templates/accounts/invitation_*",
    "accounts/forms.py",
    # self-service sign-up: the form, "check your e-mail", the link and the e-mails to the applicant
    "templates/accounts/signup*",
    "accounts/forms_onboarding.py",
    "accounts/onboarding.py",
    "accounts/views_signup.py",
    # postal-code fill helper and code lookups (forms and the public places API)
    "places/selectors.py",
    "places/templates/places/*",
    # the landlord's one-click vacancy page, reached from the reminder e-mail without logging in
    "templates/registry/vacancy_confirm.html",
    "templates/registry/_vacancy_buttons.html",
    "registry/views_vacancy.py",
    # asking for help with housing (no account) and what happens next
    "cases/forms.py",
    "cases/templates/cases/ask.html",
    "cases/templates/cases/asked.html",
    "cases/templates/cases/_corporation_options.html",
    "cases/templates/cases/_municipality_options.html",
    # public search, support corporations, councils and statistics (their own catalogues)
    "search/*",
    "support/templates/support/directory.html",
    "support/templates/support/corporation.html",
    "support/templates/support/_capacity.html",  # included by the corporation page
    "support/templates/support/_serving.html",  # included by the public unit page
    "councils/templates/councils/public_*",
    "councils/templates/councils/directory.html",
    "councils/templates/councils/detail.html",
    "insights/templates/insights/public_*",
    "insights/templates/insights/*",  # every statistics page is public (insights/permissions.py)
    "insights/*.py",  # the statistics' words: views, map legends (maps.py), chart titles
    # the outcomes of matching and placement (public statistics, issue #17): pages, CSV headers, words
    "outcomes/templates/outcomes/area.html",
    "outcomes/templates/outcomes/_figures.html",
    "outcomes/views.py",
    "outcomes/labels.py",
    "outcomes/figures.py",
    # the landlord's one-click answer to an inquiry, reached from the e-mail without logging in (issue #17)
    "placements/templates/placements/inquiry_landlord.html",
    "placements/templates/placements/inquiry_shared.html",
    "placements/templates/placements/inquiry_link_invalid.html",
    "placements/forms_inquiries.py",
    "placements/selectors_inquiries.py",
    "placements/views_inquiries.py",
    "placements/models.py",
)


def is_public_source(path: str) -> bool:
    """True if ``path`` (relative to ``src/sumai``, without ``:line``) is a public source."""
    return any(fnmatchcase(path, pattern) for pattern in PUBLIC_SOURCES)
