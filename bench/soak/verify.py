"""The soak's verdict (scripts/soak runs it after the load stopped): reads what the load generator sent
(``SOAK_WRITES``) and its figures (``SOAK_FIGURES``), counts in the database, prints the figures per request
group and every problem, writes ``<out>/result.json`` and ``<out>/summary.md``, and exits 1 on failure:
any error, a p95 over the target (bench/soak/soakcheck.py), or a lost or extra write.

Usage: ``python bench/soak/verify.py --writes W --figures F --fixture X --since ISO --out DIR``
with ``DJANGO_SETTINGS_MODULE`` and ``DATABASE_URL`` set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import soakcheck


def database_state(writes: list[dict[str, Any]], fixture: dict[str, Any], since: datetime) -> dict[str, Any]:
    """What the database holds of everything the soak could have written."""
    from django.db.models import Count

    from sumai.audit.models import AuditEvent
    from sumai.registry.actions import RegistryAction
    from sumai.registry.models import Registration, Unit

    units = {int(w["unit"]) for w in writes if w.get("kind") == "vacancy"}
    rows = {
        pk: (vacancy, confirmed.isoformat() if confirmed else None)
        for pk, vacancy, confirmed in Unit.objects.filter(pk__in=units).values_list(
            "pk", "vacancy", "vacancy_confirmed_at"
        )
    }
    recent = AuditEvent.objects.filter(at__gte=since)
    web_events = {
        int(object_id): n
        for object_id, n in recent.filter(action=RegistryAction.VACANCY_SET)
        .values_list("object_id")
        .annotate(n=Count("pk"))
    }
    pushed: dict[int, int] = {}
    for org_id, after in recent.filter(action=RegistryAction.VACANCY_PUSH).values_list(
        "organisation_id", "after"
    ):
        pushed[int(org_id)] = pushed.get(int(org_id), 0) + int((after or {}).get("units", 0))
    assigned = [a["id"] for r in fixture["reviewers"] for a in r["applications"]]
    regs = Registration.objects.filter(pk__in=assigned)
    return {
        "vacancy_rows": rows,
        "web_events": web_events,
        "pushed_units": pushed,
        "states": dict(regs.values_list("pk", "state")),
        "numbers": dict(regs.values_list("pk", "registration_number")),
    }


def summary_table(groups: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "| request group | requests | req/s | p50 ms | p95 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in groups.items():
        lines.append(
            f"| {name} | {int(f['requests']):,} | {f['rps']:.1f} | {f['p50']:.0f} | {f['p95']:.0f} | "
            f"{f['max']:.0f} | {int(f['errors'])} |"
        )
    return lines


def cpu_lines(before: dict[str, float], after: dict[str, float], figures: dict[str, Any]) -> list[str]:
    """CPU seconds each part used during the load, and per request: the work, whatever else ran."""
    requests = int(figures["all"]["requests"]) or 1
    used = {k: after[k] - before.get(k, 0.0) for k in after}
    if "locust" in figures:
        used["load generator (locust)"] = figures["locust"]
    if not used:
        return []
    total = sum(used.values())
    parts = ", ".join(f"{k} {v:.1f} s ({1000 * v / requests:.1f} ms/request)" for k, v in used.items())
    return [
        f"CPU used during the load: {parts}; total {total:.1f} s = {1000 * total / requests:.1f} ms of CPU "
        f"per request (PostgreSQL not counted: its backends are re-opened every minute)."
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=Path, required=True)
    parser.add_argument("--figures", type=Path, required=True)
    parser.add_argument("--fixture", type=Path, required=True)
    parser.add_argument("--since", required=True, help="ISO time the load started (audit events after it)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cpu-before", default="{}", help="bench/soak/cpu.py's JSON before the load")
    parser.add_argument("--cpu-after", default="{}", help="… and after it")
    parser.add_argument("--note", action="append", default=[], help="a line for the summary (the shape)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
    import django

    django.setup()

    writes = (
        soakcheck.read_writes(args.writes.read_text(encoding="utf-8").splitlines())
        if args.writes.exists()
        else []
    )
    fixture = json.loads(args.fixture.read_text(encoding="utf-8"))
    if not args.figures.exists():
        print(f"FAIL: the load generator wrote no figures ({args.figures}): did locust start?")
        return 1
    figures = json.loads(args.figures.read_text(encoding="utf-8"))
    state = database_state(writes, fixture, datetime.fromisoformat(args.since))
    verdict = soakcheck.verdict(writes, **state)
    latency = soakcheck.latency_failures(figures["groups"])
    conflicts = {g: n for g, n in figures.get("conflicts", {}).items() if n}
    failures = [*latency, *(f"{g}: {n} conflicts (409)" for g, n in conflicts.items())]
    failures += [str(p) for p in verdict.problems[:50]]
    if len(verdict.problems) > 50:
        failures.append(f"… and {len(verdict.problems) - 50} more problems")
    decided = verdict.counts["decisions acknowledged"]
    assigned = sum(len(r["applications"]) for r in fixture["reviewers"])
    ok = not failures and bool(writes)
    if not writes:
        failures.append("no write was sent: the soak measured nothing of the write paths")

    people = ", ".join(f"{v} {k}" for k, v in figures["people"].items())
    lines = [
        f"# Soak {'PASSED' if ok else 'FAILED'} — {figures['seconds']:.0f} s, "
        f"{figures['users']} simulated people ({people})",
        "",
        *args.note,
        "",
        *summary_table({**figures["groups"], "all requests": figures["all"]}),
        "",
        f"Target: p95 ≤ {soakcheck.TARGET_P95_MS:.0f} ms for every group but the log-in, zero errors.",
        "",
        *cpu_lines(json.loads(args.cpu_before), json.loads(args.cpu_after), figures),
        "",
        "Writes counted in the database afterwards:",
        *(f"- {k}: {v:,}" for k, v in verdict.counts.items()),
        f"- applications decided: {decided:,} of {assigned:,} assigned",
        f"- lost or extra: {len(verdict.problems)}",
    ]
    if figures.get("error_samples"):
        lines += ["", "Error samples:", *(f"- {s}" for v in figures["error_samples"].values() for s in v)]
    if failures:
        lines += ["", "Failures:", *(f"- {f}" for f in failures)]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    (args.out / "result.json").write_text(
        json.dumps(
            {
                "passed": ok,
                "figures": figures,
                "counts": verdict.counts,
                "decided": decided,
                "assigned": assigned,
                "problems": [str(p) for p in verdict.problems],
                "failures": failures,
                "notes": args.note,
            },
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
