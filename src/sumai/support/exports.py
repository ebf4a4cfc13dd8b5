"""Open data of the support-corporation directory: flat rows (CSV, JSON) and Open Referral HSDS 3
(organization → service → service_area, service_capacity, language, phone). docs/support.md maps the
fields."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import override

from sumai.core import csvio
from sumai.domain import support as domain
from sumai.support.labels import GROUP_LABELS, LANGUAGE_LABELS, LEGAL_FORM_LABELS, TASK_LABELS
from sumai.support.models import Service, SupportCorporation

NAMESPACE = uuid.UUID("6f1c5e4a-3d2b-5a7e-9c1d-2b4f6a8e0c13")  # Sumai's namespace for HSDS identifiers
CSV_COLUMNS = [
    "id",
    "name",
    "legal_form",
    "prefecture_code",
    "designation_number",
    "designated_on",
    "address",
    "phone",
    "email",
    "website",
    "tasks",
    "groups",
    "languages",
    "service_area",
    "capacity",
    "url",
]

# Our language codes that are not ISO 639 codes, and the ISO code HSDS gets for them.
ISO_639 = {"ja-easy": "ja"}


def hsds_id(kind: str, *parts: object) -> str:
    """A stable UUID for an HSDS object (uuid5 of the kind and Sumai's keys)."""
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, parts)])))


def _capacity(service: Service, today: date) -> domain.CapacityStatus:
    return domain.capacity_status(service.capacity_available, service.capacity_confirmed_on, today=today)


def rows(corporations: Iterable[SupportCorporation], *, base_url: str = "") -> list[dict[str, Any]]:
    """One flat record per corporation. Lists are codes joined by ``;``; capacity is ``task=n`` for fresh
    figures and ``task=unknown`` for stale or missing ones."""
    today = timezone.localdate()
    out = []
    for c in corporations:
        services = list(c.services.all())
        caps = []
        for s in services:
            status = _capacity(s, today)
            caps.append(f"{s.task}={status.available if status.known else 'unknown'}")
        out.append(
            {
                "id": c.pk,
                "name": c.organisation.name,
                "legal_form": c.legal_form,
                "prefecture_code": c.prefecture_id,
                "designation_number": c.designation_number,
                "designated_on": c.designated_on.isoformat() if c.designated_on else "",
                "address": c.address,
                "phone": c.phone or c.organisation.phone,
                "email": c.email,
                "website": c.website,
                "tasks": ";".join(s.task for s in services),
                "groups": ";".join(c.groups),
                "languages": ";".join(c.languages),
                "service_area": ";".join(sorted(a.municipality_id for a in c.service_areas.all())),
                "capacity": ";".join(caps),
                "url": f"{base_url}/support/{c.pk}/",
            }
        )
    return out


def to_csv(records: list[dict[str, Any]]) -> str:
    """CSV with a UTF-8 byte-order mark, so that Excel in Japan opens it in the right encoding."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csvio.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for r in records:
        writer.writerow(r)
    return buf.getvalue()


def _aware(d: date) -> str:
    return timezone.make_aware(datetime.combine(d, time(0, 0))).isoformat()


def hsds(corporations: Iterable[SupportCorporation], *, base_url: str = "") -> list[dict[str, Any]]:
    """HSDS 3 organizations with nested services. Japanese names (the labels are Japanese whatever the
    request's language, as the data is about Japan)."""
    today = timezone.localdate()
    out = []
    with override("ja"):
        for c in corporations:
            org_id = hsds_id("organization", c.pk)
            phone = c.phone or c.organisation.phone
            areas = sorted(c.service_areas.all(), key=lambda a: a.municipality_id)
            groups = "、".join(str(GROUP_LABELS.get(g, g)) for g in c.groups)
            services = []
            for s in c.services.all():
                sid = hsds_id("service", s.pk)
                service: dict[str, Any] = {
                    "id": sid,
                    "organization_id": org_id,
                    "name": str(TASK_LABELS.get(s.task, s.task)),
                    "description": s.description or str(TASK_LABELS.get(s.task, s.task)),
                    "status": "active",
                    "fees_description": "無料" if s.free_of_charge else (s.fee or c.fees),
                    "eligibility_description": groups,
                    "url": f"{base_url}/support/{c.pk}/",
                    "service_areas": [
                        {
                            "id": hsds_id("service_area", s.pk, a.municipality_id),
                            "service_id": sid,
                            "name": a.municipality.name,
                            "extent_type": "text",
                            "uri": f"urn:jp:lg-code:{a.municipality_id}",
                        }
                        for a in areas
                    ],
                    "languages": [
                        {
                            "id": hsds_id("language", s.pk, code),
                            "service_id": sid,
                            "name": str(LANGUAGE_LABELS.get(code, code)),
                            # HSDS wants ISO 639 codes: plain Japanese is Japanese, said in the note
                            "code": ISO_639.get(code, code),
                            **({"note": "やさしい日本語 (plain Japanese)"} if code == "ja-easy" else {}),
                        }
                        for code in c.languages
                    ],
                }
                if c.email:
                    service["email"] = c.email
                if phone:
                    service["phones"] = [{"id": hsds_id("phone", s.pk), "service_id": sid, "number": phone}]
                status = _capacity(s, today)
                if status.known and s.capacity_confirmed_on is not None:
                    unit = s.capacity_unit or "人"
                    service["capacities"] = [
                        {
                            "id": hsds_id("service_capacity", s.pk),
                            "service_id": sid,
                            "unit": {"id": hsds_id("unit", unit), "name": unit},
                            "available": status.available,
                            "description": str(TASK_LABELS.get(s.task, s.task)),
                            "updated": _aware(s.capacity_confirmed_on),
                        }
                    ]
                services.append(service)
            org: dict[str, Any] = {
                "id": org_id,
                "name": c.organisation.name,
                "description": c.description or str(LEGAL_FORM_LABELS.get(c.legal_form, c.legal_form)),
                "legal_status": str(LEGAL_FORM_LABELS.get(c.legal_form, c.legal_form)),
                "services": services,
            }
            if c.organisation.name_kana:
                org["alternate_name"] = c.organisation.name_kana
            if c.email:
                org["email"] = c.email
            if c.website:
                org["website"] = c.website
            if phone:
                org["phones"] = [
                    {"id": hsds_id("phone", "org", c.pk), "organization_id": org_id, "number": phone}
                ]
            out.append(org)
    return out
