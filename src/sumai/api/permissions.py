"""The API app's rows of the permissions table: schema and docs, reference data, the rules endpoints."""

from __future__ import annotations

from sumai.core.rules import AUTHENTICATED, PUBLIC, Rule

PERMISSIONS: dict[str, Rule] = {
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:postal": PUBLIC,
    "api:authority": PUBLIC,
    "api:municipality-list": PUBLIC,
    "api:prefecture-list": PUBLIC,
    "api:me": AUTHENTICATED,
    "api:rules-household": PUBLIC,
    "api:rules-unit": PUBLIC,
    "api:rules-subsidy": PUBLIC,
    "api:rules-ledger": PUBLIC,
}

# Reference data that only reads: it may be served from a read replica (sumai.core.db_router).
PUBLIC_READS = frozenset({"api:postal", "api:authority", "api:municipality-list", "api:prefecture-list"})
