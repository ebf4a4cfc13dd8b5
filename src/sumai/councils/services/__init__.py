"""Every write of councils and activity grants. Each service checks who acts, runs the domain, writes one
audit event, and keeps the database consistent (nothing half-written).

:mod:`.council` (profile, members, meetings), :mod:`.grants` (programmes, draft applications, the grant
messages) and :mod:`.grant_transitions` (submit, withdraw, decide: the one place where the grants' states
move, to be switched to the kernel's workflow engine). Callers use ``from sumai.councils import services``
and ``services.<name>``.
"""

from sumai.core.actor import Actor
from sumai.councils.services.council import (
    MEETING_FIELDS,
    council_save,
    council_token,
    meeting_save,
    member_add,
    member_remove,
)
from sumai.councils.services.grant_transitions import (
    application_decide,
    application_submit,
    application_withdraw,
)
from sumai.councils.services.grants import (
    APPLICATION_FORM_FIELDS,
    amount_field,
    application_save,
    programme_create,
    rules_of,
)

__all__ = [
    "APPLICATION_FORM_FIELDS",
    "MEETING_FIELDS",
    "Actor",
    "amount_field",
    "application_decide",
    "application_save",
    "application_submit",
    "application_withdraw",
    "council_save",
    "council_token",
    "meeting_save",
    "member_add",
    "member_remove",
    "programme_create",
    "rules_of",
]
