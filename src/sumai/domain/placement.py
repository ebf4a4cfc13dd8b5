"""Matching and placement, the domain half of issue #17 (homes and support ranking is ``matching``).

The public API the ``matching`` app calls, re-exported from three modules that stay small:

- :mod:`sumai.domain.placement_inquiries` — inquiries to landlords: the state table :data:`INQUIRY`,
  :func:`inquiry_step`, coded :class:`DeclineReason`, :func:`answer_due` / :func:`is_overdue` in working
  days, and the flag rule :func:`refusal_flag` for the registration authority;
- :mod:`sumai.domain.placement_package` — the support package: :func:`household_types` (the landlord
  survey's household types of a household), :func:`support_package` (the fears it answers and those left
  unanswered) and :func:`survey_table`;
- :mod:`sumai.domain.placement_lease` — :func:`validate_lease`, :func:`follow_up_schedule`,
  :func:`follow_up_opens_on` (a follow-up is answered from its due day on) and :func:`subsidy_eligibility`
  (by calling the subsidy rules of :mod:`sumai.domain.subsidies`).

The outcome figures are :mod:`sumai.domain.outcomes`. docs/domain.md ("Placement and outcomes") maps every
rule to its source; every number is in a dated parameter file (``placement``, ``landlord_fears``,
``refusal_flags``).
"""

from __future__ import annotations

from sumai.domain.placement_inquiries import (
    DECLINE_REASON_REFS,
    INQUIRY,
    NO_INQUIRY_CASE_STATES,
    NOTE_REQUIRED,
    OPEN_INQUIRY_STATES,
    REF_BASIC_POLICY,
    REF_SURVEY,
    DeclineReason,
    Effect,
    FlagResolution,
    InquiryAction,
    InquiryActor,
    InquiryState,
    InquiryStep,
    RefusalFlag,
    answer_due,
    check_answered_on,
    flag_resolution,
    inquiry_step,
    is_overdue,
    may_send,
    may_withdraw,
    refusal_flag,
    tied_groups,
)
from sumai.domain.placement_lease import (
    FieldFinding,
    FollowUp,
    GuaranteeKind,
    LeaseRecord,
    SubsidyEligibility,
    SubsidyFacts,
    add_months_on_day,
    follow_up_answerable,
    follow_up_opens_on,
    follow_up_schedule,
    subsidy_eligibility,
    validate_lease,
)
from sumai.domain.placement_package import (
    FEAR_OF_REASON,
    AnswerStatus,
    Arrangements,
    BelongingsAfterDeath,
    Capability,
    CaseworkerContact,
    EmergencyContact,
    FearAnswer,
    HouseholdProfile,
    HouseholdType,
    ProviderKind,
    RentGuarantee,
    SupportPackage,
    WatchOver,
    fear_status,
    household_types,
    support_package,
    survey_table,
)

__all__ = [
    "DECLINE_REASON_REFS",
    "FEAR_OF_REASON",
    "INQUIRY",
    "NOTE_REQUIRED",
    "NO_INQUIRY_CASE_STATES",
    "OPEN_INQUIRY_STATES",
    "REF_BASIC_POLICY",
    "REF_SURVEY",
    "AnswerStatus",
    "Arrangements",
    "BelongingsAfterDeath",
    "Capability",
    "CaseworkerContact",
    "DeclineReason",
    "Effect",
    "EmergencyContact",
    "FearAnswer",
    "FieldFinding",
    "FlagResolution",
    "FollowUp",
    "GuaranteeKind",
    "HouseholdProfile",
    "HouseholdType",
    "InquiryAction",
    "InquiryActor",
    "InquiryState",
    "InquiryStep",
    "LeaseRecord",
    "ProviderKind",
    "RefusalFlag",
    "RentGuarantee",
    "SubsidyEligibility",
    "SubsidyFacts",
    "SupportPackage",
    "WatchOver",
    "add_months_on_day",
    "answer_due",
    "check_answered_on",
    "fear_status",
    "flag_resolution",
    "follow_up_answerable",
    "follow_up_opens_on",
    "follow_up_schedule",
    "household_types",
    "inquiry_step",
    "is_overdue",
    "may_send",
    "may_withdraw",
    "refusal_flag",
    "subsidy_eligibility",
    "support_package",
    "survey_table",
    "tied_groups",
    "validate_lease",
]
