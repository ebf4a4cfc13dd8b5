"""The HSDS export validates against the vendored Open Referral HSDS 3.2 schema (src/sumai/support/hsds/).

Every organization is validated against organization.json, and each of its nested services against
service.json, which reaches service_area, language, phone, service_capacity and unit through ``$ref``.
References resolve only inside the vendored folder: no network."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from sumai.demo.sizes import SIZES
from sumai.demo.support import create_support_corporations
from sumai.support.hsds import SCHEMA_DIR
from sumai.support.models import Service, SupportCorporation
from tests.factories import OrganisationFactory
from tests.support.conftest import make_corporation

BASE = "https://raw.githubusercontent.com/openreferral/specification/refs/heads/3.2/schema/"


def _retrieve(uri: str) -> Resource[Any]:
    name = uri.rsplit("/", 1)[-1]
    path = SCHEMA_DIR / name
    if not uri.startswith(BASE) or not path.is_file():
        raise NoSuchResource(ref=uri)  # not vendored: the export must not emit what points to it
    # The HSDS files declare no $schema; read them as JSON Schema 2020-12.
    return DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8")))


REGISTRY: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    # jsonschema checks "uri" only with the optional rfc3987 package; an absolute URI is what HSDS means.
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    # RFC 3339 date-time: full date, time and an offset.
    if not isinstance(value, str):
        return True
    return "T" in value and datetime.fromisoformat(value).tzinfo is not None


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS)


ORGANIZATION = _validator("organization")
SERVICE = _validator("service")


def _errors(validator: Draft202012Validator, instance: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def _validate(organizations: list[dict[str, Any]]) -> None:
    problems = []
    for org in organizations:
        problems += [f"organization {org.get('name')}: {e}" for e in _errors(ORGANIZATION, org)]
        for service in org["services"]:
            problems += [f"service {service.get('name')}: {e}" for e in _errors(SERVICE, service)]
    assert problems == []


def _export(client) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    r = client.get(reverse("support:export_hsds"))
    assert r.status_code == 200
    data: list[dict[str, Any]] = json.loads(r.content)
    return data


@pytest.fixture
def demo_corporations(db):  # type: ignore[no-untyped-def]
    """Corporations made by the demo generator (legal forms, states, services, areas, capacities)."""
    orgs = [OrganisationFactory(kind="support_corporation", prefecture_id="13") for _ in range(12)]
    create_support_corporations(SIZES["tiny"], random.Random(6), [o.pk for o in orgs], lambda _m: None)
    assert SupportCorporation.objects.filter(state="designated").exists()
    return orgs


def test_demo_export_validates(client, demo_corporations):  # type: ignore[no-untyped-def]
    organizations = _export(client)
    assert organizations
    assert all(org["services"] for org in organizations)
    _validate(organizations)


def test_every_nested_kind_validates(client, db):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    c = make_corporation(
        areas=("131121", "131130"),
        email="info@example.jp",
        website="https://example.jp/",
        description="見守りと相談",
        languages=["ja", "en", "ja-easy", "jsl"],
        groups=["elderly", "foreign_national"],
    )
    c.organisation.name_kana = "テストホウジン"
    c.organisation.save()
    Service.objects.filter(corporation=c, task="consultation").update(
        capacity_available=3, capacity_unit="世帯", capacity_confirmed_on=today, free_of_charge=True
    )
    Service.objects.filter(corporation=c, task="living_support").update(
        capacity_available=5, capacity_confirmed_on=today - timedelta(days=400), fee="月額 1,000円"
    )
    (org,) = _export(client)
    _validate([org])
    assert {"alternate_name", "email", "website", "phones"} <= org.keys()
    fresh, stale = sorted(org["services"], key=lambda s: "capacities" not in s)
    assert fresh["capacities"][0]["available"] == 3
    assert fresh["capacities"][0]["unit"]["name"] == "世帯"
    assert "capacities" not in stale  # stale figures are unknown, not exported as a number
    assert len(fresh["service_areas"]) == 2
    # ISO 639 codes only: plain Japanese (ja-easy) is published as Japanese with a note
    assert [lang["code"] for lang in fresh["languages"]] == ["ja", "en", "ja", "jsl"]
    assert [lang.get("note") for lang in fresh["languages"]][2] == "やさしい日本語 (plain Japanese)"
    assert fresh["phones"][0]["number"]


def test_the_schema_catches_a_broken_export(client, db):  # type: ignore[no-untyped-def]
    make_corporation()
    (org,) = _export(client)
    service = org["services"][0]
    broken = {**service, "status": "open", "id": "not-a-uuid"}
    with pytest.raises(ValidationError):
        SERVICE.validate(broken)
    updated = timezone.localdate().isoformat()
    capacity = {"id": service["id"], "unit": {"name": "人"}, "available": 1, "updated": updated}
    assert len(_errors(SERVICE, {**service, "capacities": [capacity]})) == 2  # unit id, date-time
    with pytest.raises(ValidationError):
        ORGANIZATION.validate({**org, "website": "example.jp"})


def test_refs_never_leave_the_vendored_folder(client, db):  # type: ignore[no-untyped-def]
    make_corporation()
    (org,) = _export(client)
    with pytest.raises(Exception, match=r"url\.json"):
        ORGANIZATION.validate({**org, "additional_websites": [{"url": "https://example.jp/"}]})
