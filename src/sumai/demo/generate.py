"""Run every demo module in order."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import connection, transaction

from sumai.accounts.models import Organisation
from sumai.demo.cases import create_casework, create_desks_and_requests, delete_casework
from sumai.demo.core import DemoLogin, create_demo_users, create_organisations
from sumai.demo.councils import create_councils
from sumai.demo.placements import create_placements, delete_placements
from sumai.demo.registry import create_buildings_and_units
from sumai.demo.sizes import SIZES
from sumai.demo.support import create_support_corporations
from sumai.places.models import Municipality
from sumai.registry.models import Unit


class DemoAlreadyLoaded(RuntimeError):
    pass


def generate(
    *, size_name: str, seed: int = 20261130, progress: Callable[[str], None] = print, force: bool = False
) -> list[DemoLogin]:
    """Create demo data of ``size_name`` (``small`` or ``national``). Deterministic for a seed.

    Refuses to run twice on the same database unless ``force`` (which first deletes earlier demo data).
    """
    size = SIZES[size_name]
    if not Municipality.objects.exists():
        from sumai.places.loaders import load_places

        load_places()
    if Organisation.objects.exists():
        if not force:
            raise DemoAlreadyLoaded("demo data is already loaded; use --force to replace it")
        with transaction.atomic():
            delete_placements()  # they hold units and organisations (PROTECT)
            Unit.objects.all().delete()
            from sumai.registry.models import Building

            Building.objects.all().delete()
            from sumai.cases.models import ConsultationRequest

            # kept from deletion by the organisation that holds them (PROTECT); case work goes first
            delete_casework()
            ConsultationRequest.objects.all().delete()
            Organisation.objects.all().delete()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, deterministic by design # nosec B311
    with transaction.atomic():
        ids = create_organisations(size, rng, progress)
        create_buildings_and_units(size, rng, ids["operator"], progress)
        create_support_corporations(size, rng, ids.get("support_corporation", []), progress)
        create_councils(size, rng, progress)
        create_desks_and_requests(size, rng, progress)
        create_casework(size, rng, progress)
        create_placements(size, rng, progress)
        logins = create_demo_users()
    from sumai.search.indexing import rebuild as rebuild_search_index

    rebuild_search_index(progress)
    from django.utils import timezone

    from sumai.search.opendata import take_snapshot

    # The open data page links to the latest counts by municipality: the demo has them from the start.
    progress(f"open data snapshot: {take_snapshot(on=timezone.localdate())} municipalities")
    # Fresh statistics, or PostgreSQL plans a million-row table as if it were empty (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress("statistics updated (ANALYZE)")
    return logins
