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
