"""The words of the registry's coded reasons: the domain gives the codes, the labels stay as translated."""

from __future__ import annotations

from django.utils import translation

from sumai.domain import reasons
from sumai.registry import services


def test_the_labels_follow_the_domains_codes_with_the_same_words() -> None:
    with translation.override(None):  # the message ids themselves
        _check()


def _check() -> None:
    assert {k: str(v) for k, v in services.REJECTION_REASONS.items()} == {
        "standards": "Does not meet the registration standards (法10条4項)",
        "disqualified": "The applicant is disqualified (法11条2項)",
        "false_statement": "False statement in the application",
        "duplicate": "Duplicate application",
    }
    assert {k: str(v) for k, v in services.STRIKE_OFF_REASONS.items()} == {
        "refused_tenants": "Refused tenants it had said it would accept (基本方針)",
        "no_longer_meets_standards": "No longer meets the registration standards",
        "instruction_ignored": "Did not follow an instruction",
        "withdrawn": "Withdrawal notified by the landlord (法14条)",
    }
    assert list(services.REJECTION_REASONS) == [r.code for r in reasons.REGISTRATION_REJECTION]
    assert list(services.STRIKE_OFF_REASONS) == [r.code for r in reasons.REGISTRATION_STRIKE_OFF]


def test_a_restrictive_acceptance_warning_names_the_groups_not_their_codes() -> None:
    from datetime import date

    from sumai.domain.acceptance import check_acceptance
    from sumai.registry.messages import describe

    findings = [
        f
        for f in check_acceptance(["elderly"], on=date(2025, 6, 1))
        if f.code == "unit.acceptance.restrictive"
    ]
    with translation.override("ja"):
        text = describe(findings[0])
    assert "low_income" not in text
    assert "child_raising" not in text
    assert "低額所得者" in text or "低所得" in text
