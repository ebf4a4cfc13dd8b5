"""Dated parameter files.

Every number of the law lives in a TOML file under ``params/``. A file carries a ``[meta]`` table with
``name`` (the parameter set, e.g. ``income``), ``valid_from`` (a date), optional ``valid_until``, and
``source`` (where the numbers come from). A fiscal year or a revision of the law is a new file, not a code
change: :func:`load` picks the file of the set that is in force on a date.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sumai.domain.errors import ParameterError

PARAMS_DIR = Path(__file__).with_name("params")


@dataclass(frozen=True, slots=True)
class ParameterSet:
    name: str
    valid_from: date
    valid_until: date | None
    source: str
    path: Path
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


@cache
def all_sets() -> tuple[ParameterSet, ...]:
    """Every parameter file, parsed once."""
    out: list[ParameterSet] = []
    for path in sorted(PARAMS_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        meta = data.get("meta")
        if not isinstance(meta, dict):
            raise ParameterError(f"{path.name}: missing [meta] table")
        try:
            name = str(meta["name"])
            valid_from = meta["valid_from"]
            source = str(meta["source"])
        except KeyError as exc:
            raise ParameterError(f"{path.name}: [meta] lacks {exc.args[0]}") from exc
        if not isinstance(valid_from, date):
            raise ParameterError(f"{path.name}: valid_from must be a TOML date")
        valid_until = meta.get("valid_until")
        if valid_until is not None and not isinstance(valid_until, date):
            raise ParameterError(f"{path.name}: valid_until must be a TOML date")
        out.append(ParameterSet(name, valid_from, valid_until, source, path, data))
    return tuple(out)


def load(name: str, on: date) -> ParameterSet:
    """The parameter set ``name`` in force on ``on``: the latest ``valid_from`` not after it."""
    candidates = [
        p
        for p in all_sets()
        if p.name == name and p.valid_from <= on and (p.valid_until is None or on <= p.valid_until)
    ]
    if not candidates:
        raise ParameterError(f"no parameter set {name!r} in force on {on.isoformat()}")
    return max(candidates, key=lambda p: p.valid_from)


def load_all(name: str) -> tuple[ParameterSet, ...]:
    """Every file of the set ``name``, oldest first (e.g. every local plan)."""
    return tuple(sorted((p for p in all_sets() if p.name == name), key=lambda p: p.valid_from))
