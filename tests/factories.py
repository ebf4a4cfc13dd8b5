"""Test data builders (factory-boy)."""

from __future__ import annotations

from dataclasses import dataclass, field

import factory

from sumai.accounts.models import Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    name = factory.Faker("name", locale="ja_JP")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = "operator"
    name = factory.Sequence(lambda n: f"テスト組織{n}")
    prefecture_id = "13"


KIND_DEFAULTS: dict[str, dict[str, str]] = {
    "operator": {"prefecture_id": "13"},
    "agent": {"prefecture_id": "13"},
    "authority": {"prefecture_id": "13", "authority_code": "130001"},
    "municipality": {"prefecture_id": "13", "municipality_id": "131121"},
    "support_corporation": {"prefecture_id": "13", "municipality_id": "131121"},
    "council": {"prefecture_id": "13"},
    "referral_partner": {"prefecture_id": "13", "municipality_id": "131121"},
    "national": {},
}


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[tuple[str, str], User] = field(default_factory=dict)
    superuser: User | None = None

    def user(self, kind: str, role: str = "admin") -> User:
        return self.users[(kind, role)]


def make_world() -> World:
    world = World()
    for kind, extra in KIND_DEFAULTS.items():
        org = OrganisationFactory(kind=kind, name=f"{kind} org", **extra)
        world.orgs[kind] = org
        for role in ("admin", "staff", "viewer"):
            user = UserFactory(email=f"{kind}.{role}@example.jp")
            Membership.objects.create(user=user, organisation=org, role=role)
            world.users[(kind, role)] = user
    world.superuser = UserFactory(email="root@example.jp", is_superuser=True, is_staff=True)
    return world
