"""Words for the domain's codes, one catalogue for every app.

Priority groups (:data:`sumai.domain.eligibility.GROUP_CODES`: the law's five, the ordinance's ten and the
groups of local plans) have two wordings, each complete for every code:

* :data:`GROUP_LABELS` — the group's name, as forms and staff pages list it ("Older people");
* :data:`ACCEPTS_LABELS` — what a unit's listing tells the public ("Accepts older people").

The English texts are the message ids the catalogues already translate (the registry's form, the public
search and the support directory used them); ``tests/core/test_labels.py`` fails when a code lacks one.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
