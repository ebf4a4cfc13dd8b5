"""The placements app's rows of the permissions table: the inquiries part and the placements part."""

from __future__ import annotations

from sumai.core.rules import Rule
from sumai.placements.permissions_inquiries import PERMISSIONS as INQUIRIES
from sumai.placements.permissions_placements import PERMISSIONS as PLACEMENTS

PERMISSIONS: dict[str, Rule] = {**INQUIRIES, **PLACEMENTS}
