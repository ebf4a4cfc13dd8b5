"""What the placements part of the placements app registers with the kernel (contributions) at start-up."""

from __future__ import annotations


def register() -> None:
    """Called from PlacementsConfig.ready()."""
