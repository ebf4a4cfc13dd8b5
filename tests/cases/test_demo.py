"""The demo's requests for help, routed by the real rules, and `demo --force` with households present."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_demo_requests_and_a_second_run_with_households() -> None:
    from sumai.cases.households import household_from_request
    from sumai.cases.models import ConsultationRequest, Desk, Household
    from sumai.demo.generate import generate

    generate(size_name="tiny", progress=lambda m: None)
    assert Desk.objects.filter(organisation__municipality_id="131121").exists()  # the demo municipality
    states = set(ConsultationRequest.objects.values_list("state", flat=True))
    assert states <= {"new", "contacted", "closed"}
    assert {"contacted", "closed"} <= states
    assert ConsultationRequest.objects.filter(organisation__municipality_id="131121").exists()
    household_from_request(actor=None, request=ConsultationRequest.objects.first())  # type: ignore[arg-type]
    generate(size_name="tiny", progress=lambda m: None, force=True)  # households no longer block it
    assert not Household.objects.exists()
