"""The samples cover the URL conf exactly: a new URL fails until its author adds a sample, a removed one fails
until its sample goes."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix._table import PERMISSIONS, rule_for
from tests.matrix.samples import ADMIN_REPRESENTATIVES, BY_NAME, SAMPLES


def all_url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    """Every URL name the resolver knows, with namespaces (the walk of test_permission_table.py)."""
    resolver = resolver or get_resolver()
    names: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            names += all_url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            names.append(
                f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"
            )
    return names


def is_admin(name: str) -> bool:
    return name.startswith("admin:")


def test_every_url_name_has_a_sample() -> None:
    """admin:* is one rule of the table: a handful of admin URLs stand for all of them."""
    missing = sorted({n for n in all_url_names() if not is_admin(n) and n not in BY_NAME})
    assert missing == [], f"URL names without a sample in tests/matrix/samples.py: {missing}"


def test_every_sample_names_a_url_that_exists() -> None:
    names = set(all_url_names())
    stale = sorted(s.name for s in SAMPLES if s.name not in names)
    assert stale == [], f"samples of URL names that no longer exist: {stale}"


def test_the_admin_representatives_share_the_admin_rule() -> None:
    admin_rule = PERMISSIONS["admin:*"]
    assert ADMIN_REPRESENTATIVES
    assert all(rule_for(n) is admin_rule for n in all_url_names() if is_admin(n))
    assert all(rule_for(n) is admin_rule for n in ADMIN_REPRESENTATIVES)


def test_every_sample_probes_at_least_one_method_and_side() -> None:
    for sample in SAMPLES:
        assert sample.calls, sample.name
        assert sample.sides, sample.name
        assert set(sample.sides) <= {"own", "other", "mixed", "any"}, sample.name
        for call in sample.calls:
            assert call.method in ("GET", "POST", "PATCH"), sample.name


# Non-public URL names that no hand-written test named before the matrix (grep of tests/, June 2026).
UNTESTED_BEFORE = [
    "accounts:invitation_revoke",
    "accounts:password_change_done",
    "registry:attachment_delete",
    "registry:building_edit",
    "registry:registered",
    "registry:unit_delete",
    "support:services",  # only reached through f"support:{name}"
    "councils:meeting_edit",
    "councils:application_edit",
]
# A page that names no object at all.
WITHOUT_OBJECT = {"accounts:password_change_done": "a static page after a password change"}


def test_the_urls_no_test_named_are_probed_with_own_and_other_objects() -> None:
    for name in UNTESTED_BEFORE:
        sample = BY_NAME[name]
        if name in WITHOUT_OBJECT:
            assert sample.sides == ("any",), name
            continue
        assert {"own", "other"} <= set(sample.sides), name
    # a list: its "other" is the other jurisdiction's building, searched for and never listed
    assert BY_NAME["registry:registered"].hidden is not None
    assert BY_NAME["registry:registered"].shows is not None
