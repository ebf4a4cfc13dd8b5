"""The conditions of the subsidy programmes that are not amounts: which works a year lists, the FY2025
renovation conditions (専用住宅, the post-works rent at most the public-housing-equivalent rent, the
application deadline), the tenants a programme excludes and the costs a guarantee-fee claim may count. Each
condition is set by the year's parameter file; a year whose file does not set it does not check it."""

from __future__ import annotations

from datetime import date

from sumai.domain.findings import Finding, Severity
from sumai.domain.subsidy_params import REF_OCCUPANCY, REF_RENOVATION, load_program

__all__ = ["GUARANTEE_COSTS", "TENANT_EXCLUSIONS", "exclusion_findings", "renovation_conditions", "works_of"]


# What may exclude a tenant from a programme (the programme's file says which do): 生活保護 or 住居確保給付金
# recipients, the landlord's relatives or employees (REFERENCE.md §4.2, 中央区).
TENANT_EXCLUSIONS = (
    "public_assistance",
    "housing_security_benefit",
    "landlord_relative",
    "landlord_employee",
)
# The costs of a guarantee-fee claim (the year's file says which are eligible).
GUARANTEE_COSTS = ("guarantee_fee", "lonely_death_insurance", "belongings_insurance", "emergency_contact_fee")


def exclusion_findings(exclusions: tuple[str, ...], tenant: dict[str, object]) -> list[Finding]:
    excluded = [str(x) for x in tenant.get("excluded", [])]  # type: ignore[attr-defined]
    return [
        Finding(
            "subsidy.tenant.excluded",
            Severity.ERROR,
            "subsidies.tenant.excluded",
            REF_OCCUPANCY + " (対象外の入居者)",
            code,
        )
        for code in exclusions
        if code in excluded
    ]


def works_of(on: date) -> dict[str, int]:
    """The eligible works of the year in force on ``on``: code → number in that year's list."""
    return {str(code): int(v["number"]) for code, v in load_program("renovation", on)["works"].items()}


def renovation_conditions(
    obligations: dict[str, object],
    *,
    dedicated: bool | None,
    rent_after: int | None,
    public_housing_rent: int | None,
    applied_on: date | None,
) -> list[Finding]:
    """The FY2025 conditions: 専用住宅, post-works rent at most the public-housing-equivalent rent, the
    application deadline. A year whose file does not set a condition does not check it."""
    out: list[Finding] = []
    if obligations.get("dedicated_required") and dedicated is not True:
        out.append(
            Finding(
                "subsidy.unit.not_dedicated",
                Severity.ERROR,
                "subsidies.unit.not_dedicated",
                REF_RENOVATION + " (要配慮者専用住宅として登録)",
            )
        )
    if (
        obligations.get("rent_after_at_most_public_housing")
        and rent_after is not None
        and public_housing_rent is not None
        and rent_after > public_housing_rent
    ):
        out.append(
            Finding(
                "subsidy.renovation.rent_after_above_public_housing",
                Severity.ERROR,
                "subsidies.renovation.rent_after_above_public_housing",
                REF_RENOVATION + " (改修後の家賃は公営住宅に準じた家賃以下)",
                rent_after,
                public_housing_rent,
            )
        )
    deadline = obligations.get("application_deadline")
    if isinstance(deadline, date) and applied_on is not None and applied_on > deadline:
        out.append(
            Finding(
                "subsidy.renovation.after_deadline",
                Severity.ERROR,
                "subsidies.renovation.after_deadline",
                REF_RENOVATION,
                applied_on.isoformat(),
                deadline.isoformat(),
            )
        )
    return out
