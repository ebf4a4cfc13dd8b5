"""The kernel: side effects only after commit, e-mail deliveries recorded and retried, the permissions table
and contributions registered by the apps, and no cycle between apps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import grimp
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sumai.core import contributions, notifications, permissions
from sumai.core.access import Access, Grant
from sumai.core.actor import Actor
from sumai.core.models import Delivery, Notification
from sumai.core.rules import PUBLIC
from sumai.registry import services
from sumai.registry.models import Attachment
from tests.registry.conftest import PDF, make_building


class _Boom(Exception):
    pass


def _failing_backend(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "tests.core.test_kernel.FailingBackend"


class FailingBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list[object]) -> int:
        raise ConnectionRefusedError("smtp down")


@pytest.mark.django_db
def test_notify_sends_nothing_when_the_transaction_rolls_back(demo_orgs, django_capture_on_commit_callbacks):
    org = demo_orgs.orgs["authority"]

    def notify_then_fail() -> None:
        with transaction.atomic():
            notifications.notify(org, "審査してください", "/x/")
            raise _Boom

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(_Boom):
        notify_then_fail()
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_failed_delivery_is_recorded_and_retried(demo_orgs, settings, django_capture_on_commit_callbacks):
    org = demo_orgs.orgs["authority"]
    _failing_backend(settings)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notifications.notify(org, "審査してください", "/registry/inbox/")
    assert notice is not None
    failed = Delivery.objects.filter(notification=notice)
    assert failed.count() == 2  # the authority's admin and staff (viewers get no mail)
    assert {d.status for d in failed} == {"failed"}
    assert all("smtp down" in d.last_error and d.attempts == 1 for d in failed)
    # Not yet due: nothing is retried.
    assert notifications.retry_due() == (0, 0)
    # The mail server is back; when the time comes every failed delivery is sent once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + dt.timedelta(hours=1)
    assert notifications.retry_due(later) == (2, 0)
    assert {d.status for d in failed.all()} == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "authority.admin@example.jp",
        "authority.staff@example.jp",
    ]
    assert notifications.retry_due(later) == (0, 0)


@pytest.mark.django_db
def test_a_delivery_gives_up_after_the_last_attempt(demo_orgs, settings):
    _failing_backend(settings)
    (pk,) = notifications.send_email(["a@example.jp"], "s", "b")
    now = timezone.now()
    for _ in range(notifications.MAX_ATTEMPTS + 2):
        now += dt.timedelta(days=1)
        notifications.retry_due(now)
    delivery = Delivery.objects.get(pk=pk)
    assert delivery.status == "gave_up"
    assert delivery.attempts == notifications.MAX_ATTEMPTS


@pytest.mark.django_db
def test_the_retry_command(demo_orgs):
    from io import StringIO

    from django.core.management import call_command

    Delivery.objects.create(
        to="a@example.jp", subject="s", body="b", status="failed", next_attempt_at=timezone.now()
    )
    out = StringIO()
    call_command("notifications_retry", stdout=out)
    assert "sent 1, failed 0" in out.getvalue()


@pytest.mark.django_db
def test_an_attachment_file_stays_when_its_delete_rolls_back(
    registry_world, django_capture_on_commit_callbacks
):
    building = make_building(registry_world.orgs["operator"])
    attachment = Attachment.objects.filter(registration__building=building).first()
    assert attachment is not None
    pk = attachment.pk
    path = Path(attachment.file.path)
    assert path.exists()
    user = registry_world.user("operator", "admin")
    actor = Actor(
        user, Access(True, False, (Grant(registry_world.orgs["operator"].pk, "operator", "admin"),))
    )

    def delete_then_fail() -> None:
        with transaction.atomic():
            services.attachment_delete(actor=actor, attachment=attachment)
            raise _Boom

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(_Boom):
        delete_then_fail()
    assert path.exists(), "the file was removed although its row is still there"
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(actor=actor, attachment=Attachment.objects.get(pk=pk))
    assert not path.exists()


def test_a_url_name_registered_by_two_apps_is_refused():
    permissions.register("app_one", {"test:only_here": PUBLIC})
    try:
        with pytest.raises(RuntimeError, match="both app_one and app_two"):
            permissions.register("app_two", {"test:only_here": PUBLIC})
    finally:
        permissions._TABLE.pop("test:only_here")
        permissions._OWNER.pop("test:only_here")


def test_every_app_registered_its_rows():
    owners = {permissions.owner_of(name) for name in permissions.PERMISSIONS}
    assert owners >= {
        "web",
        "accounts",
        "registry",
        "audit",
        "places",
        "api",
        "search",
        "support",
        "councils",
        "insights",
    }


def test_contributions_are_named():
    with pytest.raises(KeyError):
        contributions.provider("statistics.no_such_thing")
    assert contributions.provider("statistics.designated_corporations") is not None
    assert contributions.provider("statistics.council_coverage") is not None


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_no_cycle_between_apps():
    """Walk the import graph of src/sumai (grimp, as import-linter does) and fail on any cycle between
    apps, naming one import of each direction."""
    graph = grimp.build_graph("sumai")
    edges: dict[tuple[str, str], str] = {}
    for module in graph.modules:
        a = _app_of(module)
        if a is None:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            b = _app_of(imported)
            if b is not None and b != a and imported.startswith("sumai."):
                edges.setdefault((a, b), f"{module} -> {imported}")
    apps = {a for pair in edges for a in pair}
    # Strongly connected components (Tarjan) over the app graph.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for x, w in edges:
            if x != v:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for app in sorted(apps):
        if app not in index:
            visit(app)
    detail = [
        f"{' <-> '.join(c)}: " + "; ".join(edges[(a, b)] for a in c for b in c if (a, b) in edges)
        for c in cycles
    ]
    assert not cycles, "cycles between apps:\n" + "\n".join(detail)


def test_the_kernel_imports_no_app():
    graph = grimp.build_graph("sumai")
    for module in graph.modules:
        if not module.startswith("sumai.core"):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("sumai."):
                assert imported.startswith(("sumai.core", "sumai.domain")), f"{module} imports {imported}"


def test_an_upload_is_judged_by_its_content(db):
    from django.core.exceptions import ValidationError

    from sumai.core.uploads import check_upload

    pdf = SimpleUploadedFile("x.pdf", PDF)
    assert (
        check_upload(pdf, field="f", allowed={"application/pdf"}, wrong_type="PDF only") == "application/pdf"
    )
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as exc:
        check_upload(fake, field="f", allowed={"application/pdf"}, wrong_type="PDF only")
    assert exc.value.message_dict == {"f": ["PDF only"]}


@pytest.mark.django_db
def test_an_invitation_link_is_never_stored_and_a_failure_is_recorded(
    demo_orgs, settings, django_capture_on_commit_callbacks
):
    from sumai.accounts import services as accounts

    _failing_backend(settings)
    org = demo_orgs.orgs["council"]
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, secret = accounts.invitation_create(
            actor=demo_orgs.user("council", "admin"),
            organisation=org,
            email="new.member@example.jp",
            role="staff",
            accept_url_base="https://sumai.example.jp",
        )
    delivery = Delivery.objects.get(to="new.member@example.jp")
    assert secret not in delivery.body
    assert delivery.status == "gave_up"  # cannot be resent without the link: the admin invites again
    assert "smtp down" in delivery.last_error
    assert notifications.retry_due(timezone.now() + dt.timedelta(days=1)) == (0, 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, secret = accounts.invitation_create(
            actor=demo_orgs.user("council", "admin"),
            organisation=org,
            email="second@example.jp",
            role="viewer",
            accept_url_base="https://sumai.example.jp",
        )
    assert secret in mail.outbox[-1].body
    assert Delivery.objects.get(to="second@example.jp").status == "sent"


@pytest.mark.django_db
def test_a_notice_mail_links_to_the_whole_address(demo_orgs, settings, django_capture_on_commit_callbacks):
    """A mail program cannot open a bare path: the e-mail gives the site's address, the notice the path."""
    settings.SUMAI = {**settings.SUMAI, "BASE_URL": "https://sumai.example.jp/"}
    with django_capture_on_commit_callbacks(execute=True):
        notice = notifications.notify(demo_orgs.orgs["authority"], "審査してください", "/registry/review/7/")
    assert notice is not None
    assert notice.link == "/registry/review/7/"
    assert mail.outbox
    assert all("\nhttps://sumai.example.jp/registry/review/7/\n" in m.body for m in mail.outbox)
    assert all(m.body.index("審査してください") < m.body.index("https://") for m in mail.outbox)


@pytest.mark.django_db
def test_the_admin_site_lists_failed_deliveries(client, demo_orgs):
    from django.urls import reverse

    Delivery.objects.create(to="x@example.jp", subject="s", body="b", status="failed", last_error="smtp down")
    client.force_login(demo_orgs.superuser)
    html = client.get(reverse("admin:core_delivery_changelist")).content.decode()
    assert "x@example.jp" in html
    assert "smtp down" in html
