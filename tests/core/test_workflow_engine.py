"""The kernel's workflow engine, exercised on a registration: a stale version is a conflict, a step the
table forbids is refused with nothing written, and a step writes the audit event and queues its notices
for after the commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sumai.audit.models import AuditEvent
from sumai.core.access import Access, Grant
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.core.models import Notification
from sumai.core.workflow import Notice, advance
from sumai.domain import workflow
from sumai.registry.models import Registration
from tests.registry.conftest import make_building


def _reviewer(world):  # type: ignore[no-untyped-def]
    org = world.orgs["authority"]
    return Actor(
        world.user("authority", "staff"), Access(True, False, (Grant(org.pk, "authority", "staff"),))
    )


def _submitted(world) -> Registration:  # type: ignore[no-untyped-def]
    building = make_building(world.orgs["operator"], state="submitted")
    return Registration.objects.get(building=building)


@pytest.mark.django_db
def test_a_step_writes_state_version_audit_and_notices(registry_world, django_capture_on_commit_callbacks):
    registration = _submitted(registry_world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step = advance(
            registration,
            table=workflow.REGISTRATION,
            action=workflow.Action.REQUEST_CHANGES,
            actor=_reviewer(registry_world),
            actor_kind=workflow.ActorKind.AUTHORITY,
            version=registration.version,
            audit_action="registration.request_changes",
            organisation=registry_world.orgs["operator"],
            notices=[Notice(registry_world.orgs["operator"], "補正してください", "/registry/")],
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert callbacks
    assert (step.before, step.after) == ("submitted", "changes_requested")
    registration.refresh_from_db()
    assert registration.state == "changes_requested"
    assert registration.version == step.obj.version
    event = AuditEvent.objects.get(action="registration.request_changes", object_id=str(registration.pk))
    assert event.before["state"] == "submitted"
    assert event.after["state"] == "changes_requested"
    assert Notification.objects.filter(organisation=registry_world.orgs["operator"]).count() == 1
    assert {m.to[0] for m in mail.outbox} == {"operator.admin@example.jp", "operator.staff@example.jp"}


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_and_changes_nothing(registry_world):
    registration = _submitted(registry_world)
    with pytest.raises(Conflict):
        advance(
            registration,
            table=workflow.REGISTRATION,
            action=workflow.Action.REGISTER,
            actor=_reviewer(registry_world),
            actor_kind=workflow.ActorKind.AUTHORITY,
            version=registration.version - 1,
            audit_action="registration.register",
            organisation=None,
        )
    registration.refresh_from_db()
    assert registration.state == "submitted"
    assert not AuditEvent.objects.filter(action="registration.register").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "kind"),
    [
        (workflow.Action.WITHDRAW, workflow.ActorKind.OPERATOR),  # no such step from "submitted"
        (workflow.Action.REGISTER, workflow.ActorKind.OPERATOR),  # not the landlord's step
    ],
)
def test_a_step_the_table_forbids_is_refused(registry_world, action, kind):
    registration = _submitted(registry_world)
    with pytest.raises(ValidationError):
        advance(
            registration,
            table=workflow.REGISTRATION,
            action=action,
            actor=_reviewer(registry_world),
            actor_kind=kind,
            version=registration.version,
            audit_action=f"registration.{action.value}",
            organisation=None,
        )
    registration.refresh_from_db()
    assert registration.state == "submitted"
    assert not AuditEvent.objects.filter(
        object_id=str(registration.pk), action__startswith="registration."
    ).exists()
