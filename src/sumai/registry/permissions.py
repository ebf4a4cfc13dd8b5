"""The registry's rows of the permissions table.

Landlords and agents: rows are scoped to the landlords they may act for by :mod:`sumai.registry.selectors`;
registration authorities: rows are scoped to the jurisdiction by the selectors. The registry API (session or
organisation token) needs the token's "write" scope (a staff grant) or a staff/admin member for writes.
"""

from __future__ import annotations

from sumai.core.roles import LANDLORD_KINDS, ROLES, WRITERS
from sumai.core.rules import PUBLIC, Rule, member_of, of_url_organisation

PERMISSIONS: dict[str, Rule] = {
    "registry:buildings": member_of(*LANDLORD_KINDS),
    "registry:building_new": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:building": member_of(*LANDLORD_KINDS),
    "registry:building_edit": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:unit_new": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:unit_edit": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:unit_delete": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:building_submit": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:attachment_add": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:attachment_delete": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:attachment": member_of(*LANDLORD_KINDS, "authority"),  # scoped in the view
    "registry:building_recall": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:building_withdraw": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:building_notify_change": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:import": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:import_job": member_of(*LANDLORD_KINDS),  # scoped to the job's landlord in the view
    "registry:import_template": member_of(*LANDLORD_KINDS),
    "registry:export": member_of(*LANDLORD_KINDS),
    "registry:vacancy_confirm": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:vacancy_set": member_of(*LANDLORD_KINDS, roles=WRITERS),
    "registry:vacancy_link": PUBLIC,
    "registry:operator": of_url_organisation(*ROLES),
    "registry:agent_authorise": of_url_organisation("admin"),
    "registry:agent_revoke": of_url_organisation("admin"),  # the signed, expiring token is the credential
    # a municipality's housing and welfare departments and referral partners read their own area (scoped to
    # their municipality by the selectors; read only)
    "registry:inquiries": member_of(*LANDLORD_KINDS),  # scoped to the landlords it acts for
    "registry:area": member_of("municipality", "referral_partner"),
    "registry:area_building": member_of("municipality", "referral_partner"),
    "registry:inbox": member_of("authority"),
    "registry:registered": member_of("authority"),
    "registry:review": member_of("authority"),
    "registry:review_decide": member_of("authority", roles=WRITERS),
    "registry:review_instruct": member_of("authority", roles=WRITERS),
    "registry:review_strike_off": member_of("authority", roles=WRITERS),
    "api:registry-unit-list": member_of(*LANDLORD_KINDS),
    "api:registry-unit-detail": member_of(*LANDLORD_KINDS),
    "api:registry-vacancy": member_of(*LANDLORD_KINDS, roles=WRITERS),
    # inquiries from caseworkers to the landlord's homes (sumai.placements.api_inquiries): the landlord and
    # its agents read them and answer with their registry token (the write scope)
    "api:registry-inquiry-list": member_of(*LANDLORD_KINDS),
    "api:registry-inquiry-answer": member_of(*LANDLORD_KINDS, roles=WRITERS),
}
