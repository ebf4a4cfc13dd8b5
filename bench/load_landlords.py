"""The landlords of the load test (tests/load/locustfile.py, ``LOAD_LANDLORDS``): registered units drawn at
random from the whole national dataset, and for each landlord organisation that holds one of them an admin
and an API token (scopes read, write) — the way a landlord's or a management company's system confirms
vacancies (``POST /api/v1/registry/vacancy``). Units are drawn uniformly, so the updates of the load test
fall where the units are: most in Tokyo, Osaka and Kanagawa, some in every prefecture.

Run once on the benchmark database, before the server starts (docs/performance.md, "The results cache with
landlords' updates"):

    DATABASE_URL=sqlite:///var/bench/sumai-bench.sqlite3 .venv/bin/python bench/load_landlords.py \\
        var/bench/load-landlords.json --units 2000

Running it again adds new tokens (the old ones stay valid until they expire); the fixture is rewritten.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

DOMAIN = "load.invalid"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=2000, help="registered units to draw (default 2000)")
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
    import django

    django.setup()
    fixture = build(args.units, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(fixture, indent=1), encoding="utf-8")
    spread = Counter(fixture["prefectures"]).most_common(3)
    print(
        f"load landlords: {sum(len(o['units']) for o in fixture['landlords'])} units of "
        f"{len(fixture['landlords'])} landlord organisations in {len(set(fixture['prefectures']))} "
        f"prefectures (most: {', '.join(f'{p} {n}' for p, n in spread)}) → {args.out}"
    )
    return 0


def build(units: int, seed: int) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import Max, Min

    from sumai.accounts.models import Membership, Organisation, User
    from sumai.accounts.services import api_token_create
    from sumai.registry.models import Unit

    registered = Unit.objects.filter(status="registered")
    bounds = registered.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        raise SystemExit("no registered units: generate the benchmark database first (bench/generate.py)")
    rng = random.Random(seed)
    chosen: dict[int, tuple[int, str]] = {}
    while len(chosen) < units:
        wanted = {rng.randint(bounds["low"], bounds["high"]) for _ in range(units * 2)}
        for pk, operator, prefecture in registered.filter(pk__in=wanted).values_list(
            "pk", "building__operator_id", "building__municipality__prefecture_id"
        ):
            if len(chosen) < units:
                chosen[pk] = (operator, str(prefecture))
    by_operator: dict[int, list[int]] = {}
    for pk, (operator, _prefecture) in sorted(chosen.items()):
        by_operator.setdefault(operator, []).append(pk)

    landlords = []
    with transaction.atomic():
        for operator_id, unit_ids in sorted(by_operator.items()):
            organisation = Organisation.objects.get(pk=operator_id)
            email = f"load-landlord-{operator_id}@{DOMAIN}"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, password=None, name=f"負荷試験 家主{operator_id}"
            )
            Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "admin"})
            _token, secret = api_token_create(
                actor=user, organisation=organisation, name="load test", scopes=["read", "write"]
            )
            landlords.append({"org": operator_id, "token": secret, "units": unit_ids})
    return {"landlords": landlords, "prefectures": [p for _o, p in chosen.values()]}


if __name__ == "__main__":
    sys.exit(main())
