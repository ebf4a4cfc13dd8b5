"""The one place the matrix imports the permissions table and the asker's Access/Grant.

When the table and Access move (to ``sumai.core.permissions`` / ``sumai.core.access``), change this line only.
"""

from __future__ import annotations

from sumai.accounts import access as _access, permissions as _permissions  # noqa: I001 - the one line to change

ANONYMOUS = _access.ANONYMOUS
Access = _access.Access
Grant = _access.Grant
PERMISSIONS = _permissions.PERMISSIONS
rule_for = _permissions.rule_for

__all__ = ["ANONYMOUS", "PERMISSIONS", "Access", "Grant", "rule_for"]
