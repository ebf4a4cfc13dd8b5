"""The registry's selectors answer only what the asker may see (None or nothing when not)."""

from __future__ import annotations

import pytest

from sumai.core.access import ANONYMOUS, Access, Grant
from sumai.registry import selectors
from sumai.registry.models import AgentAuthorisation, ImportJob
from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db


def _as(org, role: str = "staff") -> Access:  # type: ignore[no-untyped-def]
    return Access(is_authenticated=True, grants=(Grant(org.pk, org.kind, role),))


SUPERUSER = Access(is_authenticated=True, is_superuser=True)


def test_attachment_for_the_applicant_side_and_the_reviewing_authority_only(registry_world):
    orgs = registry_world.orgs
    building = make_building(orgs["operator"], authority=orgs["authority"].authority_code)
    pk = building.registration.attachments.first().pk
    assert selectors.attachment_for(pk=pk, visible_to=_as(orgs["operator"], "viewer")) is not None
    assert selectors.attachment_for(pk=pk, visible_to=_as(orgs["agent"])) is not None  # authorised agent
    assert selectors.attachment_for(pk=pk, visible_to=_as(orgs["authority"], "viewer")) is not None
    assert selectors.attachment_for(pk=pk, visible_to=_as(orgs["other_operator"], "admin")) is None
    assert selectors.attachment_for(pk=pk, visible_to=_as(orgs["sapporo"])) is None
    assert selectors.attachment_for(pk=pk, visible_to=ANONYMOUS) is None
    assert selectors.attachment_for(pk=0, visible_to=_as(orgs["operator"])) is None


def test_operator_for_its_members_and_platform_administrators(registry_world):
    orgs = registry_world.orgs
    op = orgs["operator"]
    assert selectors.operator_for(org_id=op.pk, visible_to=_as(op, "viewer")) == op
    assert selectors.operator_for(org_id=op.pk, visible_to=SUPERUSER) == op
    assert selectors.operator_for(org_id=op.pk, visible_to=_as(orgs["other_operator"], "admin")) is None
    assert selectors.operator_for(org_id=op.pk, visible_to=_as(orgs["agent"], "admin")) is None
    # an organisation that is not a landlord's is no operator page, even for its own members
    agent = orgs["agent"]
    assert selectors.operator_for(org_id=agent.pk, visible_to=_as(agent, "admin")) is None


def test_the_named_checks_of_the_operator_page(registry_world):
    op = registry_world.orgs["operator"]
    assert [selectors.can_edit_operator(_as(op, r), op.pk) for r in ("viewer", "staff", "admin")] == [
        False,
        True,
        True,
    ]
    assert [selectors.is_operator_admin(_as(op, r), op.pk) for r in ("viewer", "staff", "admin")] == [
        False,
        False,
        True,
    ]
    assert selectors.can_edit_operator(SUPERUSER, op.pk)
    assert selectors.is_operator_admin(SUPERUSER, op.pk)
    other = registry_world.orgs["other_operator"]
    assert not selectors.can_edit_operator(_as(other, "admin"), op.pk)


def test_agents_and_authorisations_for_the_landlords_administrators(registry_world):
    orgs = registry_world.orgs
    op, agent = orgs["operator"], orgs["agent"]
    admin, staff = _as(op, "admin"), _as(op, "staff")
    assert selectors.agent_candidates(q=agent.name[:2], operator_id=op.pk, visible_to=admin) == [agent]
    assert selectors.agent_candidates(q=agent.name[:2], operator_id=op.pk, visible_to=staff) == []
    assert selectors.agent_for(pk=agent.pk, operator_id=op.pk, visible_to=admin) == agent
    assert selectors.agent_for(pk=agent.pk, operator_id=op.pk, visible_to=staff) is None
    assert selectors.agent_for(pk=op.pk, operator_id=op.pk, visible_to=admin) is None  # not an agent
    authorisation = AgentAuthorisation.objects.get(operator=op, agent=agent)
    assert list(selectors.active_authorisations(op)) == [authorisation]
    found = selectors.authorisation_for(pk=authorisation.pk, operator_id=op.pk, visible_to=admin)
    assert found == authorisation
    assert selectors.authorisation_for(pk=authorisation.pk, operator_id=op.pk, visible_to=staff) is None
    other = orgs["other_operator"]
    assert (
        selectors.authorisation_for(pk=authorisation.pk, operator_id=other.pk, visible_to=_as(other, "admin"))
        is None
    )


def test_import_job_for_the_landlords_side_only(registry_world):
    orgs = registry_world.orgs
    job = ImportJob.objects.create(operator=orgs["operator"], original_name="units.csv")
    assert selectors.import_job_for(pk=job.pk, visible_to=_as(orgs["operator"], "viewer")) == job
    assert selectors.import_job_for(pk=job.pk, visible_to=_as(orgs["agent"], "viewer")) == job
    assert selectors.import_job_for(pk=job.pk, visible_to=_as(orgs["other_operator"], "admin")) is None
    assert selectors.import_job_for(pk=job.pk, visible_to=_as(orgs["operator"]), roles=("admin",)) is None
