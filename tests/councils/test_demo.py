"""The demo councils: a profile for every council organisation, decided grant rounds of every year with
parameters (none left waiting for years), founding dates in the national proportions (64 of 83 municipal
councils by 2021-12-31)."""

from datetime import date

import pytest


@pytest.mark.django_db
def test_demo():
    import random

    from sumai.demo.councils import founding_dates
    from sumai.demo.generate import generate

    generate(size_name="tiny", progress=lambda m: None)
    from sumai.accounts.models import Organisation
    from sumai.councils.models import Council, GrantApplication

    assert Council.objects.count() == Organisation.objects.filter(kind="council").count() == 50
    states = set(GrantApplication.objects.values_list("state", flat=True))
    assert states == {"granted", "rejected", "withdrawn"}
    years = set(GrantApplication.objects.values_list("programme__fiscal_year", flat=True))
    assert years == {2022, 2025}  # the latest year with published parameters is there
    tokyo = Council.objects.get(organisation__name="東京都居住支援協議会")
    assert tokyo.members.count() >= 5
    assert tokyo.meetings.exists()
    d = founding_dates(random.Random(1), 83)
    assert sum(1 for x in d if x <= date(2021, 12, 31)) == 64
    from sumai.councils.coverage import coverage

    n, _ = coverage(on=date(2025, 1, 1))
    assert 0 < n.percent < 100
    generate(size_name="tiny", progress=lambda m: None, force=True)
