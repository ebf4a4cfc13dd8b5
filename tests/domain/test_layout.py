"""The domain's modules stay small, and the names the apps, the tests and the benchmarks import from the
modules that were split keep working from their original paths."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import sumai.domain

DOMAIN = Path(sumai.domain.__file__).parent
MAX_LINES = 600


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_600_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


# module -> (the module the name now lives in, names); every name is the same object at both paths
MOVED = {
    "sumai.domain.standards": (
        "sumai.domain.standards_rules",
        [
            "Facility",
            "Provision",
            "RuleSet",
            "local_plan_authorities",
            "merge_local_plan",
            "national_rules",
            "rules_in_force",
            "validate_local_plan",
            "LOCAL_PLAN_PREFIX",
            "NATIONAL_SET",
        ],
    ),
    "sumai.domain.eligibility": (
        "sumai.domain.priority_groups",
        [
            "CIRCUMSTANCES",
            "GROUP_CODES",
            "CircumstanceKind",
            "GroupInfo",
            "list_groups",
            "PRIORITY_GROUPS",
            "LOCAL_PLAN_GROUPS",
        ],
    ),
    "sumai.domain.subsidies": (
        "sumai.domain.subsidy_calculators",
        [
            "Channel",
            "GuaranteeFeeRequest",
            "RenovationRequest",
            "RenovationWork",
            "RentReductionRequest",
            "Step",
            "SubsidyResult",
            "WorkItem",
            "add_years",
            "guarantee_fee_subsidy",
            "management_until",
            "renovation_subsidy",
            "rent_reduction_subsidy",
        ],
    ),
    "sumai.domain.workflow": ("sumai.domain.statetable", ["Transition", "TransitionError"]),
    "sumai.domain.support": ("sumai.domain.statetable", ["StateTable", "Transition", "TransitionError"]),
}


@pytest.mark.parametrize("old", MOVED)
def test_moved_names_are_importable_from_the_old_path(old: str) -> None:
    new, names = MOVED[old]
    before, after = importlib.import_module(old), importlib.import_module(new)
    for name in names:
        assert getattr(before, name) is getattr(after, name), name


def test_subsidy_ledger_and_parameters_from_the_old_path() -> None:
    from sumai.domain import subsidies, subsidy_ledger, subsidy_params

    assert subsidies.ledger is subsidy_ledger.ledger
    assert subsidies.Payment is subsidy_ledger.Payment
    assert subsidies.LedgerStatus is subsidy_ledger.LedgerStatus
    for name in ("Program", "CombinedCap", "combined_cap", "add_months", "share", "REF_OCCUPANCY"):
        assert getattr(subsidies, name) is getattr(subsidy_params, name), name


@pytest.mark.parametrize(
    "module",
    ["standards", "eligibility", "subsidies", "workflow", "support", "grants", "statetable", "reasons"],
)
def test_every_name_in_all_exists(module: str) -> None:
    mod = importlib.import_module(f"sumai.domain.{module}")
    for name in getattr(mod, "__all__", ()):
        assert hasattr(mod, name), f"{module}.{name}"
