"""The soak's checker (bench/soak/soakcheck.py): given what the load generator sent and what the database
holds, it finds every lost and every extra write — so that a soak that says "nothing lost" can be believed.
Pure functions: no database, no server."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "soak"))

import soakcheck

T1 = "2026-12-06T06:00:00.000001+00:00"
T2 = "2026-12-06T06:00:05.500000+00:00"


def web(unit: int, vacancy: str, ack: bool | None = True, org: int = 1) -> dict:
    return {
        "kind": "vacancy",
        "via": "web",
        "org": org,
        "unit": unit,
        "vacancy": vacancy,
        "confirmed_at": None,
        "ack": ack,
    }


def api(unit: int, vacancy: str, at: str, ack: bool | None = True, org: int = 9) -> dict:
    return {
        "kind": "vacancy",
        "via": "api",
        "org": org,
        "unit": unit,
        "vacancy": vacancy,
        "confirmed_at": at,
        "ack": ack,
    }


def decision(reg: int, what: str = "register", ack: bool | None = True) -> dict:
    return {"kind": "decision", "registration": reg, "decision": what, "ack": ack}


def test_the_last_acknowledged_value_must_be_in_the_database():
    writes = [web(1, "vacant"), web(1, "occupied"), web(2, "unknown")]
    assert soakcheck.check_vacancy(writes, {1: ("occupied", T1), 2: ("unknown", None)}) == []
    problems = soakcheck.check_vacancy(writes, {1: ("vacant", T1), 2: ("unknown", None)})
    assert [(p.kind, p.key, p.expected, p.found) for p in problems] == [("lost", 1, "occupied", "vacant")]


def test_a_pushed_unit_must_hold_the_confirmation_time_sent_too():
    """The same vacancy with an older confirmation time is an older write that won: lost."""
    writes = [api(5, "vacant", T1), api(5, "vacant", T2)]
    assert soakcheck.check_vacancy(writes, {5: ("vacant", "2026-12-06T15:00:05.500000+09:00")}) == []
    problems = soakcheck.check_vacancy(writes, {5: ("vacant", T1)})
    assert [(p.kind, p.key) for p in problems] == [("lost", 5)]


def test_a_later_write_the_server_did_not_acknowledge_is_extra_not_lost():
    writes = [web(1, "vacant"), web(1, "occupied", ack=False)]
    problems = soakcheck.check_vacancy(writes, {1: ("occupied", T1)})
    assert [p.kind for p in problems] == ["extra"]


def test_a_unit_gone_from_the_database_is_missing():
    problems = soakcheck.check_vacancy([web(3, "vacant")], {})
    assert [(p.kind, p.key) for p in problems] == [("missing", 3)]


def test_counts_find_lost_and_extra_and_allow_the_writes_in_flight():
    assert soakcheck.check_counts("events", {1: 2, 2: 1}, {1: 2, 2: 1}) == []
    found = soakcheck.check_counts("events", {1: 2, 2: 1}, {1: 1, 2: 1, 3: 1})
    assert [(p.kind, p.key, p.expected, p.found) for p in found] == [("lost", 1, 2, 1), ("extra", 3, 0, 1)]
    # one write of unit 2 was in flight when the load stopped: 1 or 2 events are both right, 3 is not
    assert soakcheck.check_counts("events", {2: 1}, {2: 2}, {2: 1}) == []
    assert [p.kind for p in soakcheck.check_counts("events", {2: 1}, {2: 3}, {2: 1})] == ["extra"]


def test_decisions_lost_extra_and_numbers_given_twice():
    writes = [decision(10), decision(11, "request_changes"), decision(12, ack=None)]
    states = {10: "registered", 11: "changes_requested", 12: "registered", 13: "submitted"}
    assert soakcheck.check_decisions(writes, states, {10: "130001-2026-00001", 12: "130001-2026-00002"}) == []
    states_bad = {10: "submitted", 11: "changes_requested", 12: "submitted", 13: "registered"}
    numbers = {10: "130001-2026-00001", 13: "130001-2026-00001"}
    problems = {(p.kind, p.what, p.key) for p in soakcheck.check_decisions(writes, states_bad, numbers)}
    assert problems == {
        ("lost", "registration state", 10),
        ("extra", "registration state", 13),
        ("extra", "registration number given twice", "130001-2026-00001"),
    }


def test_read_writes_merges_the_sent_line_with_its_answer_in_send_order():
    lines = [
        json.dumps({"id": 1, **web(1, "vacant", ack=None)}),
        json.dumps({"id": 2, **web(1, "occupied", ack=None)}),
        json.dumps({"id": 1, "ack": True}),
        "",
        json.dumps({"id": 2, "ack": False}),
        json.dumps({"id": 3, **web(2, "unknown", ack=None)}),
    ]
    writes = soakcheck.read_writes(lines)
    assert [(w["unit"], w["vacancy"], w["ack"]) for w in writes] == [
        (1, "vacant", True),
        (1, "occupied", False),
        (2, "unknown", None),
    ]


def test_the_verdict_counts_events_and_pushes_per_organisation():
    writes = [
        web(1, "vacant"),
        web(1, "occupied"),
        api(5, "vacant", T1),
        api(6, "occupied", T1),
        decision(10),
    ]
    good = {
        "vacancy_rows": {1: ("occupied", T2), 5: ("vacant", T1), 6: ("occupied", T1)},
        "web_events": {1: 2},
        "pushed_units": {9: 2},
        "states": {10: "registered"},
        "numbers": {10: "130001-2026-00001"},
    }
    v = soakcheck.verdict(writes, **good)
    assert v.ok, [str(p) for p in v.problems]
    assert v.counts["vacancy writes acknowledged (API)"] == 2
    lost_push = soakcheck.verdict(writes, **{**good, "pushed_units": {9: 1}, "web_events": {1: 1}})
    assert {(p.kind, p.what) for p in lost_push.problems} == {
        ("lost", "units pushed by organisation"),
        ("lost", "vacancy audit events of unit"),
    }


def test_latency_failures_name_the_group_over_target_and_any_error():
    groups = {
        "search page": {"requests": 100, "errors": 0, "rps": 1, "p50": 80, "p95": 240, "max": 900},
        "search API": {"requests": 100, "errors": 0, "rps": 1, "p50": 80, "p95": 260, "max": 900},
        "log-in": {"requests": 5, "errors": 0, "rps": 0, "p50": 900, "p95": 2000, "max": 2000},
        "unit page": {"requests": 10, "errors": 1, "rps": 0, "p50": 10, "p95": 20, "max": 30},
    }
    assert soakcheck.latency_failures(groups) == ["search API: p95 260 ms > 250 ms", "unit page: 1 errors"]
    f = soakcheck.figures([float(x) for x in range(1, 101)], errors=0, seconds=10)
    assert (f["requests"], f["rps"], f["p50"], f["p95"], f["max"]) == (100, 10.0, 50.0, 95.0, 100.0)
