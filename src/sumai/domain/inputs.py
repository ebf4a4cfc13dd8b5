"""The strict reading of JSON input shared by every rule (``sumai rules …`` and ``/api/v1/rules/…``).

* :func:`strict_object` refuses any key it does not know, naming it (a typo never changes an answer
  silently);
* :func:`parse_date` is the one date parser: ``YYYY-MM-DD`` only (no ISO week or ordinal dates, no times),
  between :data:`EARLIEST_DATE` and :data:`LATEST_DATE`, and optionally not after another date of the input
  (the as-of date) where a later date would be meaningless;
* :func:`check_within_horizon` is the policy for dates beyond the last parameter file (docs/domain.md,
  "Dates beyond the parameter files"): every rule refuses an as-of date after the horizon of the
  ``horizon`` parameter file, the same in all inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError

EARLIEST_DATE = date(1800, 1, 1)
"""No date of the law's facts is earlier (birth dates, construction starts of old buildings)."""
LATEST_DATE = date(2199, 12, 31)
"""A sanity bound far beyond any parameter file; the horizon refuses as-of dates long before it."""

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def strict_object(value: object, path: str, allowed: frozenset[str]) -> Mapping[str, object]:
    """``value`` as a JSON object whose keys are all in ``allowed``; the first unknown key is named.

    ``path`` is the object's own dotted path (``payload`` for the top level, which is not prefixed).
    """
    if not isinstance(value, Mapping):
        raise InputError(path, "must be an object")
    prefix = "" if path == "payload" else f"{path}."
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            raise InputError(
                f"{prefix}{key}", "unknown field; allowed: %(allowed)s", allowed=", ".join(sorted(allowed))
            )
    return value


def parse_date(
    value: object, path: str, *, not_after: date | None = None, not_after_name: str = "as_of"
) -> date:
    """A date written ``YYYY-MM-DD`` in the sane range, and not after ``not_after`` when given."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise InputError(path, "must be a date written YYYY-MM-DD")
    try:
        out = date.fromisoformat(value)
    except ValueError:
        raise InputError(path, "%(value)s is not a valid date", value=value) from None
    if not EARLIEST_DATE <= out <= LATEST_DATE:
        raise InputError(
            path,
            "must be between %(low)s and %(high)s",
            low=EARLIEST_DATE.isoformat(),
            high=LATEST_DATE.isoformat(),
        )
    if not_after is not None and out > not_after:
        raise InputError(
            path, "must not be after %(name)s (%(date)s)", name=not_after_name, date=not_after.isoformat()
        )
    return out


def horizon() -> date:
    """The last date the parameter files are known to describe (the ``horizon`` parameter file)."""
    sets = params.load_all("horizon")
    if not sets:
        raise ParameterError("no horizon parameter file")
    value = sets[-1]["horizon"]["known_until"]
    if not isinstance(value, date):
        raise ParameterError(f"{sets[-1].path.name}: horizon.known_until must be a TOML date")
    return value


def check_within_horizon(on: date, path: str) -> date:
    """Refuse an as-of date after :func:`horizon`: no answer is given with rules that may have changed."""
    last = horizon()
    if on > last:
        raise InputError(
            path,
            "the rules are known up to %(date)s; no answer is given for a later date",
            date=last.isoformat(),
        )
    return on
