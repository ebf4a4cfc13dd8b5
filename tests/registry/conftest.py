from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sumai.accounts.models import Membership, Organisation
from sumai.registry.models import AgentAuthorisation, Attachment, Building, Registration, Unit
from tests.factories import OrganisationFactory, UserFactory

ALL_GROUPS = ["low_income", "disaster_victim", "elderly", "disability", "child_raising", "foreign_national"]
PRIVATE = {
    "kitchen": "private",
    "toilet": "private",
    "bath": "private",
    "washbasin": "private",
    "storage": "private",
}


PDF = b"%PDF-1.4\n% test document\n"


def attach_required(registration: Registration) -> None:
    for kind in ("floor_plan", "pledge"):
        Attachment.objects.create(
            registration=registration,
            kind=kind,
            file=SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"),
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )


def make_building(
    operator: Organisation,
    *,
    municipality: str = "131121",
    authority: str = "130001",
    state: str = "draft",
    area: str = "30",
    documents: bool = True,
    **extra: object,
) -> Building:
    building = Building.objects.create(
        operator=operator,
        name=extra.pop("name", "さくらハイツ"),
        municipality_id=municipality,
        address="世田谷区1-2-3",
        authority_code=authority,
        structure="rc",
        floors=3,
        building_type="apartment",
        construction_started=date(1995, 4, 1),
        **{"contact_name": "管理室", "contact_phone": "03-0000-0000", **extra},
    )
    registration = Registration.objects.create(
        building=building,
        authority_code=authority,
        state=state,
        registered_on=date(2026, 1, 1) if state == "registered" else None,
    )
    if documents:
        attach_required(registration)
    Unit.objects.create(
        building=building,
        number="101",
        floor=1,
        floor_area_m2=Decimal(area),
        layout="1K",
        rent=60000,
        accepted_groups=ALL_GROUPS,
        facilities=PRIVATE,
    )
    return building


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registry_world(demo_orgs):  # type: ignore[no-untyped-def]
    """The demo world plus a second operator, an authority elsewhere (Sapporo) and an authorisation of the
    agent by the first operator."""
    world = demo_orgs
    other_op = OrganisationFactory(kind="operator", name="別の賃貸人")
    other_user = UserFactory(email="other.operator@example.jp")
    Membership.objects.create(user=other_user, organisation=other_op, role="admin")
    sapporo = OrganisationFactory(
        kind="authority", name="札幌市", authority_code="011002", prefecture_id="01"
    )
    sapporo_user = UserFactory(email="sapporo.reviewer@example.jp")
    Membership.objects.create(user=sapporo_user, organisation=sapporo, role="staff")
    AgentAuthorisation.objects.create(agent=world.orgs["agent"], operator=world.orgs["operator"])
    world.orgs["other_operator"] = other_op
    world.users[("other_operator", "admin")] = other_user
    world.orgs["sapporo"] = sapporo
    world.users[("sapporo", "staff")] = sapporo_user
    return world


def post_edit(client, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    """POST an edit form as a browser does: with the hidden edit token of the form just shown."""
    token = client.get(url).context["form"]["edit_token"].value()
    return client.post(url, {**data, "edit_token": token or ""})
