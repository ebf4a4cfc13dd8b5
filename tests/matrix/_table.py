"""The one place the matrix imports the permissions table and the asker's Access/Grant (the kernel's)."""

from sumai.core.access import ANONYMOUS, Access, Grant
from sumai.core.permissions import PERMISSIONS, rule_for

__all__ = ["ANONYMOUS", "PERMISSIONS", "Access", "Grant", "rule_for"]
