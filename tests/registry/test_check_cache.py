"""The standards check's memo for many buildings (the CSV import): the findings it gives are those of
``check_unit`` for every area and facilities, whichever it has seen before."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from itertools import product

from sumai.domain.standards import Facility, Provision, UnitFacts, check_unit, rules_in_force
from sumai.registry.checks import FACILITIES, CheckCache

ON = date(2023, 4, 1)


def test_cached_findings_are_check_units_for_every_area_and_facilities() -> None:
    rng = random.Random(5)  # nosec B311 (test data)
    cache = CheckCache()
    combos = list(product(["private", "shared", "none"], repeat=len(FACILITIES)))
    cases = [
        (authority, Decimal(rng.randint(1000, 3200)) / 100, rng.choice(combos))
        for authority in ("131016", "281000", "252018", "102024")
        for _i in range(400)
    ]
    cases += [("131016", Decimal(a), ("private",) * 5) for a in ("24.99", "25", "25.00", "25.01", "18")]
    cases += [
        ("131016", Decimal(a), ("shared", "private", "private", "private", "private"))
        for a in ("17.99", "18")
    ]
    for authority, area, provisions in cases:
        rules = cache.rules_in_force(authority, ON)
        facilities = {Facility(f): Provision(p) for f, p in zip(FACILITIES, provisions, strict=True)}
        expected = check_unit(
            UnitFacts(area, facilities), rules=rules_in_force(authority, ON), on=ON
        ).findings
        assert cache.findings_of(area, provisions, on=ON, rules=rules) == expected, (
            authority,
            area,
            provisions,
        )
