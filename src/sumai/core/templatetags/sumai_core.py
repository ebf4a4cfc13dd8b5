"""``{% section s key=value %}``: render a :class:`sumai.core.contributions.Section` of another app; the
messages of a page by where they are shown (``messages_at``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString

from sumai.core import formats
from sumai.core.contributions import Section
from sumai.core.notifications import absolute
from sumai.core.views import MESSAGE_AT

register = template.Library()


@register.simple_tag(takes_context=True)
def section(context: template.Context, section: Section, **extra: Any) -> SafeString:
    """The section's template with the page's context, the section's own context and ``extra``."""
    flat: dict[str, Any] = {str(k): v for k, v in context.flatten().items()}
    flat.update(section.context)
    flat.update(extra)
    request = context.get("request")
    return SafeString(get_template(section.template).render(flat, request))  # nosec B703


@register.filter(name="absolute")
def absolute_filter(path: str) -> str:
    """A path made into the whole address a mail program can open (``SUMAI["BASE_URL"]``): e-mail
    templates write ``{% url 'name' as path %}{{ path|absolute }}``."""
    return absolute(str(path))


@register.simple_tag
def law_article(ref: str) -> str:
    """``ref`` (an article of the law in today's numbering, e.g. 法81条) in the numbering in force today:
    before 2025-10-01 the councils were 法51条 (sumai.domain.articles)."""
    from django.utils import timezone

    from sumai.domain.articles import cite

    return cite(ref, timezone.localdate())


@register.filter(name="group_name")
def group_name(code: str) -> str:
    """The name of a priority group in the active language (``sumai.core.labels``)."""
    from sumai.core.labels import group_label

    return group_label(code)


@register.filter(name="legal_ref")
def legal_ref(ref: str) -> str:
    """A citation of the law (``法9条1項6号``) as readers of the page's language read it: as it is in Japanese
    and Chinese (the characters read the same), the English way (``Act Art. 9(1)(vi)``) in the others."""
    from django.utils.translation import get_language

    from sumai.domain.articles import in_english

    if (get_language() or "ja").lower().startswith(("ja", "zh")):
        return ref
    return in_english(str(ref))


@register.filter
def messages_at(messages: Iterable[Any], place: str = "") -> list[Any]:
    """The messages a view meant for one part of the page (``extra_tags=message_at("vacancy")``: shown in
    the section the redirect lands on, not at the top a phone has scrolled past); ``place`` empty: the
    others, shown at the top of the page. A page shows each place it names (web/_messages.html)."""
    wanted = f"{MESSAGE_AT}{place}" if place else None
    found = []
    for message in messages:
        at = next((t for t in str(message.extra_tags or "").split() if t.startswith(MESSAGE_AT)), None)
        if at == wanted:
            found.append(message)
    return found


@register.filter(name="area")
def area_filter(value: object) -> str:
    """A floor area as people read it, the same on every page (``sumai.core.formats.area``):
    ``{{ x|area }} m²``."""
    return formats.area(value)


@register.filter(name="join_list")
def join_list_filter(items: Iterable[object]) -> str:
    """``{{ names|join_list }}``: 、 in Japanese and Chinese, ", " in the other languages
    (``sumai.core.formats.join_list``)."""
    return formats.join_list(items or ())


@register.filter(name="aside")
def aside_filter(text: object, note: object) -> str:
    """``{{ state|aside:reason }}``: ``state（reason）`` in Japanese and Chinese, ``state (reason)`` in the
    other languages (``sumai.core.formats.aside``)."""
    return formats.aside(text, note)


@register.filter(name="eligibility_reason")
def eligibility_reason_filter(reason: object) -> str:
    """Why a household belongs to a group, in the page's language (``sumai.core.labels``)."""
    from sumai.core.labels import eligibility_reason

    return eligibility_reason(reason)


@register.simple_tag
def list_separator() -> str:
    """Between the items of a list a template loops over: 、 in Japanese and Chinese, ", " in the others
    (``{% for m in items %}{{ m }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}``)."""
    return formats.join_list(("", ""))
