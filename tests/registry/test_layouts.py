"""#14 item 7: 間取り from the same list the search offers — the landlord's form, the CSV and the API read one
list (sumai.registry.fields.LAYOUTS) and fold what people type into it, so the search's 1LDK filter finds
every 1LDK."""

from __future__ import annotations

import pytest

from sumai.registry.fields import LAYOUTS, UNIT
from sumai.search.filtersets import UnitSearchFilter

SPEC = UNIT["layout"]


def test_the_form_and_the_search_offer_the_same_list():
    search = [code for code, _label in UnitSearchFilter.base_filters["layout"].extra["choices"]]
    assert search == LAYOUTS
    form = [code for code, _label in SPEC.formfield().choices]
    assert form == LAYOUTS
    assert {"1R", "1K", "1LDK", "2DK", "3LDK", "4K", "5LDK"} <= set(LAYOUTS)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1LDK", "1LDK"),
        ("１ｌｄｋ", "1LDK"),
        (" 1ldk ", "1LDK"),
        ("2SLDK", "2LDK"),
        ("２ＳＤＫ", "2DK"),
        ("ワンルーム", "1R"),
        ("1r", "1R"),
    ],
)
def test_what_people_type_is_folded_into_the_list(typed, stored):
    assert SPEC.parse(typed) == (stored, None)
    assert SPEC.normalise(typed) == stored
    field = SPEC.formfield()
    assert field.clean(typed) == stored


@pytest.mark.parametrize("typed", ["7LDK", "1LDKK", "広い", "=1+1"])
def test_anything_else_is_refused_with_the_list(typed):
    value, error = SPEC.parse(typed)
    assert value is None
    assert "1R / 1K / 1DK / 1LDK" in error
    assert "1r /" not in error  # each word once
