"""Roles of a membership and kinds of organisation: the values every app compares against, named once."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    VIEWER = "viewer"


class OrgKind(StrEnum):
    """Kinds of organisation (DESIGN "Users and roles"); ``accounts.Organisation.Kind`` carries the labels."""

    OPERATOR = "operator"  # 賃貸人
    AGENT = "agent"  # 宅建業者・管理会社
    AUTHORITY = "authority"  # 登録主体 / 指定登録機関
    MUNICIPALITY = "municipality"  # 市区町村
    SUPPORT_CORPORATION = "support_corporation"  # 居住支援法人
    COUNCIL = "council"  # 居住支援協議会
    REFERRAL_PARTNER = "referral_partner"  # 福祉事務所, 地域包括支援センター, …
    NATIONAL = "national"  # 国土交通省


ROLES: tuple[str, ...] = (Role.ADMIN, Role.STAFF, Role.VIEWER)
"""Every role: members who may read."""

WRITERS: tuple[str, ...] = (Role.ADMIN, Role.STAFF)
"""Members who may change their organisation's records."""

ADMINS: tuple[str, ...] = (Role.ADMIN,)
"""Members who may manage the organisation itself (members, tokens, agents)."""

LANDLORD_KINDS: tuple[str, ...] = (OrgKind.OPERATOR, OrgKind.AGENT)
"""Who registers buildings: the landlord and the agents it authorises."""

HOUSEHOLD_HOLDING_KINDS: tuple[str, ...] = (
    OrgKind.SUPPORT_CORPORATION,
    OrgKind.COUNCIL,
    OrgKind.MUNICIPALITY,
    OrgKind.REFERRAL_PARTNER,
)
"""Organisations that hold households' data (consultations, referrals, support): every member of one must
log in with a second factor, as must platform staff (``sumai.accounts.mfa``, issue 16 item 8)."""
