"""Deterministic synthetic demo data. Each bounded context adds a module; ``generate`` runs them in order."""
