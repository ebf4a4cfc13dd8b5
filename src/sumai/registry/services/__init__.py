"""Every write of the registry. Each service checks who acts, runs the domain, writes one audit event and
sends notifications after commit.

One module per aggregate: :mod:`.buildings` (buildings and units), :mod:`.documents` (attachments, the
documents an application needs, the standards check), :mod:`.registration` (the workflow, the applicant's
side) and :mod:`.review` (the authority's decisions and supervision), :mod:`.landlords` (landlords'
particulars and agents); :mod:`.common` holds who acts, whom to tell and when a registration may be edited.
Callers use ``from sumai.registry import services`` and ``services.<name>``.
"""

from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.registry.services.buildings import building_create, building_update, unit_delete, unit_save
from sumai.registry.services.changes import changes_of
from sumai.registry.services.common import EDITABLE_STATES, SubmissionBlocked, applicant_kind
from sumai.registry.services.documents import attachment_add, attachment_delete, change_check, standards_check
from sumai.registry.services.inquiries import TooManyInquiries, send_inquiry
from sumai.registry.services.landlords import agent_authorise, agent_revoke, operator_profile_save
from sumai.registry.services.registration import (
    UNIT_STATUS,
    registration_notify_change,
    registration_recall,
    registration_submit,
    registration_withdraw,
)
from sumai.registry.services.review import (
    REJECTION_REASONS,
    STRIKE_OFF_REASONS,
    registration_strike_off,
    review_accept_change,
    review_register,
    review_reject,
    review_reject_change,
    review_request_changes,
    review_return_change,
    supervision_instruction,
)

__all__ = [
    "EDITABLE_STATES",
    "REJECTION_REASONS",
    "STRIKE_OFF_REASONS",
    "UNIT_STATUS",
    "Actor",
    "Conflict",
    "SubmissionBlocked",
    "TooManyInquiries",
    "agent_authorise",
    "agent_revoke",
    "applicant_kind",
    "attachment_add",
    "attachment_delete",
    "building_create",
    "building_update",
    "change_check",
    "changes_of",
    "operator_profile_save",
    "registration_notify_change",
    "registration_recall",
    "registration_strike_off",
    "registration_submit",
    "registration_withdraw",
    "review_accept_change",
    "review_register",
    "review_reject",
    "review_reject_change",
    "review_request_changes",
    "review_return_change",
    "send_inquiry",
    "standards_check",
    "supervision_instruction",
    "unit_delete",
    "unit_save",
]
