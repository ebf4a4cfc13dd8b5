"""Article references in the numbering in force on the date of the event.

The 2024 amendment (令和6年法律第43号, in force 2025-10-01) renumbered the law: 居住支援法人 moved from
法40–50条 to 法59–71条 and 居住支援協議会 from 法51–52条 to 法81–82条 (REFERENCE.md §5.1). References in code
are written in the numbering in force from 2025-10-01; :func:`cite` rewrites the articles of the law
(``法NN条``, not ``旧法``, ``規則`` or other acts) into the numbering of the ``law_numbering`` parameter file
in force on a date. Articles whose old number is not known are left as they are.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from sumai.domain import params
from sumai.domain.errors import ParameterError

PARAMETER_SET = "law_numbering"

_ARTICLE = re.compile(r"(?<!\w)法(\d+)条")  # not 旧法, 行政手続法 or another act


@cache
def _table(valid_from: date) -> dict[int, int]:
    pset = next(p for p in params.load_all(PARAMETER_SET) if p.valid_from == valid_from)
    raw = pset.data.get("renumbered", {})
    try:
        return {int(new): int(old) for new, old in raw.items()}
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{pset.path.name}: [renumbered] maps article numbers to numbers") from exc


def renumbering(on: date) -> dict[int, int]:
    """New article number → the number in force on ``on`` (empty from 2025-10-01)."""
    return _table(params.load(PARAMETER_SET, on).valid_from)


def cite(ref: str, on: date) -> str:
    """``ref`` with every ``法NN条`` of the law in the numbering in force on ``on``."""
    table = renumbering(on)
    if not table:
        return ref
    return _ARTICLE.sub(lambda m: f"法{table.get(int(m.group(1)), int(m.group(1)))}条", ref)


# ------------------------------------------------------------------------------- citations in English
_ACTS = {
    "旧法": "former Act",
    "法": "Act",
    "規則": "Ordinance",
    "令": "Cabinet Order",
    "施行令": "Cabinet Order",
    "施行規則": "Ordinance",
}
_CITATION = re.compile(
    r"(?<!\w)(?P<act>旧法|施行規則|施行令|規則|法|令)?(?P<article>\d+)条(?:の(?P<branch>\d+))?"
    r"(?:(?P<paragraph>\d+)項)?(?:(?P<item>\d+)号)?"
)
# documents cited beside the law, longest first (the name of a part is replaced before the name of the whole)
_DOCUMENTS = {
    "住生活基本計画（令和3年3月19日閣議決定）別紙4": (
        "Basic Plan for Housing (Cabinet decision of 19 March 2021), Annex 4"
    ),
    "住生活基本計画": "Basic Plan for Housing",
    "登録基準 (専用住宅)": "registration standards (dedicated housing)",
    "登録基準": "registration standards",
    "基本方針": "Basic Policy",
}
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def in_english(ref: str) -> str:
    """A citation of the law written the Japanese way (``法9条1項6号``, ``規則3条``, ``法28条・35条``) in
    the English way of Japanese Law Translation: ``Act Art. 9(1)(vi)``, ``Ordinance Art. 3``. The act is
    the Housing Safety Net Act (法), its Enforcement Ordinance (規則) or Cabinet Order (令); what is not a
    citation of them (another act's name, 基本方針) is left as it is."""

    def english(m: re.Match[str]) -> str:
        text = f"{_ACTS[m['act']]} Art. {m['article']}" if m["act"] else f"Art. {m['article']}"
        if m["branch"]:
            text += f"-{m['branch']}"
        if m["paragraph"]:
            text += f"({m['paragraph']})"
        if m["item"]:
            text += f"({_roman(int(m['item']))})"
        return text

    out = _CITATION.sub(english, ref)
    for japanese, name in _DOCUMENTS.items():
        out = out.replace(japanese, name)
    return out.replace("・", ", ").replace("、", ", ")
