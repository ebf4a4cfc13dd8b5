"""Real findings of the matrix: leaks, 500s and N+1 queries found in src/ (not fixed here). Each is a
fnmatch pattern over probe ids ``<url name>|<method>|<actor>|<side>`` → why it fails. The probes they match
are marked xfail(strict=True): when src/ is fixed, the xfail turns into a failure, and the entry goes."""

from __future__ import annotations

FINDINGS: dict[str, str] = {}

# URL name → why its query count grows with the rows it shows (tests/matrix/test_nplus1.py).
NPLUS1: dict[str, str] = {}
