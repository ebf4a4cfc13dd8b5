"""Every write about support corporations. Each service checks who acts, runs the domain, writes one audit
event and sends notifications after commit.

One module per aggregate: :mod:`.designation` (the application and the corporation's steps) and
:mod:`.review` (the prefecture's decisions and supervision), :mod:`.change_notices`, :mod:`.filings` (annual
plans and reports), :mod:`.public_record` (profile, services, area, capacity); :mod:`.common` holds who acts
and whom to tell. Callers use ``from sumai.support import services`` and ``services.<name>``.
"""

from sumai.support.services.change_notices import change_notice_acknowledge, change_notice_submit
from sumai.support.services.designation import (
    REJECTION_REASONS,
    REVOCATION_REASONS,
    SUSPENSION_REASONS,
    application_reapply,
    application_recall,
    application_save,
    application_submit,
    missing_for_submission,
)
from sumai.support.services.filings import filing_decide, filing_submit
from sumai.support.services.public_record import (
    PROFILE_FIELDS,
    area_save,
    area_token,
    capacity_save,
    profile_save,
    profile_token,
)
from sumai.support.services.review import (
    designation_step,
    review_designate,
    review_reject,
    review_request_changes,
)

__all__ = [
    "PROFILE_FIELDS",
    "REJECTION_REASONS",
    "REVOCATION_REASONS",
    "SUSPENSION_REASONS",
    "application_reapply",
    "application_recall",
    "application_save",
    "application_submit",
    "area_save",
    "area_token",
    "capacity_save",
    "change_notice_acknowledge",
    "change_notice_submit",
    "designation_step",
    "filing_decide",
    "filing_submit",
    "missing_for_submission",
    "profile_save",
    "profile_token",
    "review_designate",
    "review_reject",
    "review_request_changes",
]
