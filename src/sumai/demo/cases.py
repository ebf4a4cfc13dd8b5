"""Demo consultation desks and requests for help (issue #16): the demo municipality (Setagaya) and about one
municipality organisation in five run a desk; requests over the last three years are routed by the real
rules (:mod:`sumai.domain.consultation`) and are in every state — new ones from the last days, the rest
contacted within a few working days or closed. Names are never generated: only ages and situations."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases import selectors
from sumai.cases.models import ConsultationRequest, Desk
from sumai.demo.sizes import Size
from sumai.domain import consultation as domain
from sumai.places.models import Municipality

SITUATIONS = [s.value for s in domain.Situation]
HELP = [h.value for h in domain.HelpKind]
LANGUAGES = ["ja"] * 12 + ["vi", "zh-hans", "ko", "pt-br", "en", "ja-x-easy"]
MESSAGES = [
    "",
    "",
    "階段の少ない部屋を探しています。",
    "保証人がいません。",
    "年金で暮らしています。家賃は5万円までにしたいです。",
    "子どもの学校を変えたくありません。",
    "ペットの猫が一匹います。",
]


def create_desks_and_requests(size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
    municipalities = list(
        Organisation.objects.filter(kind="municipality", municipality__isnull=False).select_related(
            "municipality"
        )
    )
    desks = [
        Desk(
            organisation=org,
            name=f"{org.municipality.name} 住まいの相談窓口" if org.municipality else org.name,
            phone=f"03-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            hours="平日 9:00〜17:00",
        )
        for org in municipalities
        if org.municipality_id == "131121" or rng.random() < 0.2
    ]
    Desk.objects.bulk_create(desks)
    places = list(Municipality.objects.exclude(kind="designated_city").order_by("code"))
    weights = [max(m.population or 1000, 1000) for m in places]
    setagaya = Municipality.objects.get(pk="131121")
    routes: dict[str, domain.Route | None] = {}
    now = timezone.now()
    rows = []
    for i in range(size.consultations):
        place = setagaya if i % 10 == 0 else rng.choices(places, weights=weights)[0]
        if place.code not in routes:
            routes[place.code] = domain.route(selectors.candidates(place))
        route = routes[place.code]
        if route is None:
            continue
        created = now - timedelta(days=rng.uniform(0, 3 * 365))
        age = (now - created).days
        state = "new" if age < 3 else rng.choice(["contacted", "contacted", "closed"])
        situations = sorted(set(rng.sample(SITUATIONS, k=rng.choice([1, 1, 2]))))
        by_phone = rng.random() < 0.7
        rows.append(
            ConsultationRequest(
                reference=domain.new_reference(),
                state=state,
                municipality=place,
                lives_there=rng.random() < 0.8,
                members=[{"age": rng.randint(18, 90)} for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))],
                situations=situations,
                leave_by=(created + timedelta(days=rng.randint(20, 120))).date()
                if "must_leave" in situations
                else None,
                help_wanted=sorted(set(rng.sample(HELP, k=rng.randint(1, 3)))),
                language=rng.choice(LANGUAGES),
                interpreter=rng.random() < 0.05,
                contact_method="phone" if by_phone else "email",
                phone=f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}" if by_phone else "",
                email="" if by_phone else f"request{i}@example.jp",
                message=rng.choice(MESSAGES),
                consent_at=created,
                urgent=domain.is_urgent(set(situations)),
                organisation_id=route.organisation_id,
                route=route.kind.value,
                alternatives=list(route.alternatives),
                created_at=created,
                first_contact_at=None if state == "new" else created + timedelta(hours=rng.randint(2, 96)),
            )
        )
    ConsultationRequest.objects.bulk_create(rows, batch_size=2000)
    progress(f"consultation desks: {len(desks)}, requests for help: {len(rows):,}")
