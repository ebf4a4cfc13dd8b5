"""Words for the domain's codes, one catalogue for every app.

Priority groups (:data:`sumai.domain.eligibility.GROUP_CODES`: the law's five, the ordinance's ten and the
groups of local plans) have two wordings, each complete for every code:

* :data:`GROUP_LABELS` — the group's name, as forms and staff pages list it ("Older people");
* :data:`ACCEPTS_LABELS` — what a unit's listing tells the public ("Accepts older people").

The English texts are the message ids the catalogues already translate (the registry's form, the public
search and the support directory used them); ``tests/core/test_labels.py`` fails when a code lacks one.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sumai.domain.articles import in_english

GROUP_LABELS: dict[str, Promise] = {
    # 法2条1項
    "low_income": _("Low-income households"),
    "disaster_victim": _("Disaster victims"),
    "elderly": _("Older people"),
    "disability": _("People with disabilities"),
    "child_raising": _("Households raising children"),
    # 規則3条
    "foreign_national": _("Foreign residents"),
    "china_left_behind": _("Japanese left behind in China and their families"),
    "child_abuse_victim": _("Victims of child abuse"),
    "hansen_disease_sanatorium": _("Former Hansen's disease sanatorium residents"),
    "dv_victim": _("Victims of domestic violence"),
    "abduction_victim": _("Abduction victims returned from North Korea"),
    "crime_victim": _("Crime victims"),
    "leaving_correctional_facility": _("People leaving prison or juvenile training"),
    "financial_hardship": _("People in financial hardship"),
    "large_disaster_victim": _("Victims of a large-scale disaster"),
    # local plans
    "newly_weds": _("Newly-wed households"),
    "lgbt": _("LGBT people"),
    "uij_turn": _("People moving in on a UIJ turn"),
    "repatriate_from_overseas": _("People repatriated from overseas"),
    "atomic_bomb_survivor": _("Atomic bomb survivors"),
    "war_wounded": _("People wounded or taken ill in war service"),
    "leaving_childrens_home": _("Young people leaving a children's home"),
    "supporter_of_priority_persons": _("People who give these groups the support they need to live"),
}

ACCEPTS_LABELS: dict[str, Promise] = {
    "low_income": _("Accepts low-income households"),
    "disaster_victim": _("Accepts people who lost their home in a disaster"),
    "elderly": _("Accepts older people"),
    "disability": _("Accepts people with disabilities"),
    "child_raising": _("Accepts households raising children"),
    "foreign_national": _("Accepts foreign residents"),
    "china_left_behind": _("Accepts Japanese left behind in China and their families"),
    "child_abuse_victim": _("Accepts survivors of child abuse"),
    "hansen_disease_sanatorium": _("Accepts former Hansen's disease sanatorium residents"),
    "dv_victim": _("Accepts survivors of domestic violence"),
    "abduction_victim": _("Accepts returned abductees"),
    "crime_victim": _("Accepts victims of crime"),
    "leaving_correctional_facility": _("Accepts people leaving prison or juvenile facilities"),
    "financial_hardship": _("Accepts people in financial hardship"),
    "large_disaster_victim": _("Accepts victims of a large-scale disaster"),
    "newly_weds": _("Accepts newly-wed households"),
    "lgbt": _("Accepts LGBT people"),
    "uij_turn": _("Accepts people moving in on a UIJ turn"),
    "repatriate_from_overseas": _("Accepts people repatriated from overseas"),
    "atomic_bomb_survivor": _("Accepts atomic bomb survivors"),
    "war_wounded": _("Accepts people wounded or taken ill in war service"),
    "leaving_childrens_home": _("Accepts young people leaving a children's home"),
    "supporter_of_priority_persons": _("Accepts people who give these groups the support they need to live"),
}


def group_label(code: str) -> str:
    """The name of priority group ``code`` in the active language (a code no group has: the code)."""
    label = GROUP_LABELS.get(code)
    return code if label is None else str(label)


def accepts_label(code: str) -> str:
    """ "Accepts …" for priority group ``code`` in the active language (a code no group has: the code)."""
    label = ACCEPTS_LABELS.get(code)
    return code if label is None else str(label)


# Why a household belongs to a group (sumai.domain.findings.BASES: the code of the fact and its values), in
# the words of a page that is not Japanese; a Japanese page reads the domain's own sentence (``label``).
# Members and circumstances are counted from 1, as the Japanese sentence counts them.
ELIGIBILITY_REASONS: dict[str, Promise] = {
    "income_at_most": _("a monthly income of %(income)s yen, at most %(limit)s yen"),
    "member_age": _("member %(n)s is %(age)s, at least %(min_age)s"),
    "member_disability": _("member %(n)s has a disability"),
    "member_child": _("member %(n)s is a child until %(end)s, the 31 March after turning %(age_limit)s"),
    "circumstance": _("circumstance %(n)s as stated"),
    "recent_disaster": _(
        "circumstance %(n)s: a disaster on %(since)s, within %(years)s years (until %(end)s)"
    ),
    "past_large_disaster": _(
        "circumstance %(n)s: a large-scale disaster on %(since)s, more than %(years)s years ago "
        "(after %(end)s)"
    ),
}
SEVERE_DISABILITY = _("member %(n)s has a severe disability (special disability)")


def eligibility_reason(reason: object) -> str:
    """Why a household belongs to a group (a :class:`sumai.domain.findings.Reason`, or its ``as_dict``) in
    the active language: the domain's Japanese sentence on a Japanese page; elsewhere the fact in the
    page's language, with the legal basis of an income figure cited the language's way (``規則1条`` reads
    ``Ordinance Art. 1``)."""

    def field(name: str) -> object:
        return reason.get(name) if isinstance(reason, dict) else getattr(reason, name, None)

    label = str(field("label") or "")
    code = str(field("code") or "")
    raw = field("values")
    values: dict[str, object] = dict(raw) if isinstance(raw, dict | list | tuple) else {}
    if (get_language() or "ja").lower().startswith("ja") or code not in ELIGIBILITY_REASONS:
        return label
    if code == "member_disability" and values.get("disability") == "特別障害者":
        return str(SEVERE_DISABILITY) % values
    words = dict(values)
    for key in ("income", "limit"):
        amount = words.get(key)
        if isinstance(amount, int):
            words[key] = number_format(amount, force_grouping=True)
    text = str(ELIGIBILITY_REASONS[code]) % words
    ref = str(values.get("income_ref") or "")
    return f"{text} ({in_english(ref)})" if ref else text
