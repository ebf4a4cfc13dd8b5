"""The case-list benchmark's hand-written SQL returns what the selector returns (bench/bench_cases.py), on
the tiny demo: otherwise its comparison would measure two different things."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


@pytest.mark.django_db
def test_raw_sql_gives_the_selectors_page_for_every_filter() -> None:
    import bench_cases
    from sumai.accounts.models import Organisation
    from sumai.cases.models import Case, Household
    from sumai.core.access import Access, Grant
    from sumai.demo.generate import generate

    generate(size_name="tiny", progress=lambda m: None)
    today = timezone.localdate()
    picked = bench_cases.pick_organisations()
    assert [label for label, _o, _u in picked] == ["median", "90th percentile", "largest"]
    _label, org_id, user_id = picked[-1]
    assert Case.objects.filter(organisation_id=org_id).exists()
    org = Organisation.objects.get(pk=org_id)
    access = Access(True, False, (Grant(org.pk, org.kind, "staff"),))
    pseudonym = Household.objects.filter(cases__organisation_id=org_id).values_list("pseudonym", flat=True)[0]
    with connection.cursor() as cursor:
        for f in bench_cases.FILTERS:
            ids, count = bench_cases.orm_page(access, user_id, f, pseudonym[-4:], today)
            sqls = bench_cases.raw_sql(connection.vendor, [org_id], user_id, f, pseudonym[-4:], today)
            assert bench_cases.run_raw(cursor, *sqls) == (ids, count), f.name
