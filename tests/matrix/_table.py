"""The one place the matrix imports the permissions table and the asker's Access/Grant.

When they move (to ``sumai.core.permissions`` and ``sumai.core.access``), change the import line below only.
"""

from sumai.accounts import access as _access, permissions as _permissions  # noqa: I001 - the line to change

ANONYMOUS = _access.ANONYMOUS
Access = _access.Access
Grant = _access.Grant
PERMISSIONS = _permissions.PERMISSIONS
rule_for = _permissions.rule_for

__all__ = ["ANONYMOUS", "PERMISSIONS", "Access", "Grant", "rule_for"]
