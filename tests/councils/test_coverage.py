"""Population coverage equals a hand computation read straight from data/municipalities.csv."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from sumai.councils import coverage
from tests.councils.conftest import make_council
from tests.factories import OrganisationFactory

CSV = Path(__file__).resolve().parents[2] / "data" / "municipalities.csv"


def _csv() -> dict[str, dict[str, str]]:
    with CSV.open(encoding="utf-8") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


@pytest.mark.django_db
def test_coverage_equals_a_hand_computation_from_the_csv():
    rows = _csv()
    # councils: Sapporo (designated city) and one of its wards (must not count twice); a ward of Yokohama on
    # its own; Setagaya; the joint council of three towns on Tokunoshima; a prefectural council (does not
    # count); a council founded after the date (does not count yet)
    councils = {
        "札幌市": ["011002"],
        "札幌市中央区": ["011011"],
        "横浜市鶴見区": ["141011"],
        "世田谷区": ["131121"],
        "とくしま": ["465305", "465313", "465321"],
        "後日": ["122041"],
    }
    for name, codes in councils.items():
        org = OrganisationFactory(kind="council", name=f"{name}協議会", prefecture_id=codes[0][:2])
        make_council(
            org, municipalities=codes, founded=date(2030, 1, 1) if name == "後日" else date(2015, 1, 1)
        )
    make_council(OrganisationFactory(kind="council", name="東京都協議会", prefecture_id="13"))

    national, by_pref = coverage.coverage(on=date(2025, 1, 1))

    # by hand, from the CSV: the population of Japan is the sum over municipalities (wards excluded) ...
    municipalities = [r for r in rows.values() if r["kind"] not in ("prefecture", "ward_of_designated_city")]
    population = sum(int(r["population"]) for r in municipalities)
    assert (
        population
        == 125_927_902
        == sum(int(r["population"]) for r in rows.values() if r["kind"] == "prefecture")
    )
    # ... and the covered people are Sapporo's (its ward is inside it), Tsurumi ward's, Setagaya's and
    # the three towns'
    covered = (
        int(rows["011002"]["population"])
        + int(rows["141011"]["population"])
        + int(rows["131121"]["population"])
        + int(rows["465305"]["population"])
        + int(rows["465313"]["population"])
        + int(rows["465321"]["population"])
    )
    assert covered == 1_960_668 + 294_028 + 916_208 + 10_417 + 5_694 + 6_483
    assert national.population == population
    assert national.covered == covered
    assert national.percent == pytest.approx(100 * covered / population)
    assert (
        national.covered_municipalities == 1 + 1 + 3
    )  # Sapporo, Setagaya, three towns (wards are not municipalities)

    hokkaido = sum(int(r["population"]) for r in municipalities if r["prefecture_code"] == "01")
    assert by_pref["01"].population == hokkaido
    assert by_pref["01"].covered == int(rows["011002"]["population"])
    kanagawa = sum(int(r["population"]) for r in municipalities if r["prefecture_code"] == "14")
    assert (by_pref["14"].population, by_pref["14"].covered) == (kanagawa, int(rows["141011"]["population"]))
    assert by_pref["12"].covered == 0  # the Funabashi council is founded only in 2030
    assert by_pref["13"].covered == int(
        rows["131121"]["population"]
    )  # the Tokyo (prefectural) council adds nothing
    assert len(by_pref) == 47

    later, _ = coverage.coverage(on=date(2031, 1, 1))
    assert later.covered == covered + int(rows["122041"]["population"])
