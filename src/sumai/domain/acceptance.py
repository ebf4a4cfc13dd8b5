"""Whether the priority groups a unit accepts restrict them unduly (受入範囲の不当な制限).

A landlord may register a unit for some groups only (法9条1項6号), but the range must not be narrowed
unduly. Sumai flags every unit that turns away one of the law's own groups (法2条1項) with a warning that
the reviewer must acknowledge; a unit that accepts no group at all fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sumai.domain import params
from sumai.domain.eligibility import GROUP_CODES
from sumai.domain.findings import Finding, Severity


def check_acceptance(accepted: Iterable[str], *, on: date) -> list[Finding]:
    """Findings about the accepted groups of one unit, in a stable order."""
    rules = params.load("acceptance", on)["rules"]
    groups = set(accepted)
    findings: list[Finding] = []
    unknown = sorted(groups - set(GROUP_CODES))
    if unknown:
        findings.append(
            Finding(
                code="unit.acceptance.unknown_group",
                severity=Severity.ERROR,
                message_key="standards.unit.acceptance.unknown_group",
                ref=str(rules["ref_range"]),
                value=",".join(unknown),
            )
        )
    if not groups:
        findings.append(
            Finding(
                code="unit.acceptance.none",
                severity=Severity.ERROR,
                message_key="standards.unit.acceptance.none",
                ref=str(rules["ref_range"]),
            )
        )
        return findings
    law_groups = [str(g) for g in rules["law_groups"]]
    missing = [g for g in law_groups if g not in groups]
    if missing:
        findings.append(
            Finding(
                code="unit.acceptance.restrictive",
                severity=Severity(str(rules["restrictive_severity"])),
                message_key="standards.unit.acceptance.restrictive",
                ref=str(rules["ref_undue"]),
                value=",".join(missing),
                limit=",".join(law_groups),
            )
        )
    return findings
