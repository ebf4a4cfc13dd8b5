"""CSV imports as jobs: upload → job page with progress (htmx partial or a link) → result."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sumai.registry import tasks
from sumai.registry.imports import ImportResult
from sumai.registry.models import Building, ImportJob, Unit
from sumai.registry.tasks import progress_key, rows_done, run_import
from tests.registry.test_import import csv_text, good_rows, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_job(settings):  # type: ignore[no-untyped-def]
    """Every upload becomes a job that runs in the request (deterministic; no thread, no worker)."""
    settings.SUMAI = {
        **settings.SUMAI,
        "IMPORT_SYNC": True,
        "IMPORT_INLINE": False,
        "IMPORT_SYNC_MAX_BYTES": 0,
    }


def upload(text: str, name: str = "buildings.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def post(client, world, text: str):  # type: ignore[no-untyped-def]
    client.force_login(world.user("operator"))
    return client.post(
        reverse("registry:import"), {"operator": world.orgs["operator"].pk, "file": upload(text)}
    )


def queued_job(world, text: str = "") -> ImportJob:  # type: ignore[no-untyped-def]
    job = ImportJob(
        operator=world.orgs["operator"],
        created_by=world.user("operator"),
        original_name="big.csv",
        rows_total=2500,
    )
    job.file.save("big.csv", upload(text or csv_text(good_rows())), save=False)
    job.save()
    return job


def test_upload_redirects_to_the_job_page_which_shows_the_counts(registry_world, client, as_job):
    response = post(client, registry_world, csv_text(good_rows()))
    job = ImportJob.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("registry:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.result["buildings"], job.result["units"], job.rows_done, job.rows_total) == (2, 4, 4, 4)
    assert (job.encoding, job.error_count, job.errors) == ("utf-8", 0, [])
    assert job.created_by == registry_world.user("operator")
    assert job.original_name == "buildings.csv"
    assert job.file.name.startswith("imports/")
    assert job.started_at is not None
    assert job.finished_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["result"].units == 4
    assert b"hx-trigger" not in page.content  # finished: nothing polls
    assert Unit.objects.filter(building__operator=registry_world.orgs["operator"]).count() == 4


def test_a_bad_file_fails_with_rows_and_columns_and_writes_nothing(registry_world, client, as_job):
    rows = good_rows()
    rows[2] = row(unit_number="201", floor="2", rent="abc")
    response = post(client, registry_world, csv_text(rows))
    job = ImportJob.objects.get()
    assert response.status_code == 303
    assert job.status == ImportJob.Status.FAILED
    assert job.error_count == 1
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "家賃")]
    assert "abc" in job.errors[0]["message"]
    assert not Building.objects.filter(operator=registry_world.orgs["operator"]).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["result"].error_count == 1
    assert "家賃" in page.content.decode()


def test_small_files_still_answer_the_upload_itself_and_leave_a_job(registry_world, client):
    response = post(client, registry_world, csv_text(good_rows()))
    assert response.status_code == 200
    assert response.context["result"].units == 4
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED


def test_only_those_who_act_for_the_landlord_see_the_job(registry_world, client):
    job = queued_job(registry_world)
    url = reverse("registry:import_job", args=[job.pk])
    for user in (
        registry_world.user("operator", "viewer"),
        registry_world.user("agent", "staff"),  # authorised by the operator
    ):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(registry_world.user("other_operator"))
    assert client.get(url).status_code == 404
    client.force_login(registry_world.user("authority"))
    assert client.get(url).status_code == 403  # not in the permission table's kinds at all


def test_htmx_gets_the_partial_and_polls_only_while_unfinished(registry_world, client):
    job = queued_job(registry_world)
    url = reverse("registry:import_job", args=[job.pk])
    client.force_login(registry_world.user("operator"))
    partial = client.get(url, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in body
    assert f'hx-get="{url}"' in body
    assert 'hx-trigger="every 1s"' in body
    assert 'hx-swap="outerHTML"' in body
    assert 'aria-live="polite"' in body
    full = client.get(url)
    assert b"<html" in full.content
    assert f'href="{url}"'.encode() in full.content  # "Check again" without JavaScript
    assert b'http-equiv="refresh"' not in full.content
    run_import.call(job.pk)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" not in done.content.decode()
    assert b"hx-trigger" not in done.content
    assert done.context["result"].units == 4


def test_progress_is_reported_while_the_import_runs(registry_world, client, monkeypatch):
    job = queued_job(registry_world)
    url = reverse("registry:import_job", args=[job.pk])
    client.force_login(registry_world.user("operator"))
    seen: dict[str, Any] = {}

    def fake_import(*, progress, **kwargs: Any) -> ImportResult:  # type: ignore[no-untyped-def]
        progress(1000)
        running = ImportJob.objects.get(pk=job.pk)
        seen["status"] = running.status
        seen["rows_done"] = rows_done(running)
        seen["partial"] = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        progress(2500)
        return ImportResult(encoding="utf-8", rows=2500, buildings=250, units=2500)

    monkeypatch.setattr(tasks, "import_buildings", fake_import)
    assert run_import.call(job.pk) == ImportJob.Status.SUCCEEDED
    assert seen["status"] == ImportJob.Status.RUNNING
    assert seen["rows_done"] == 1000
    assert 'value="1000" max="2500"' in seen["partial"]
    assert "1000" in seen["partial"]
    assert "2500" in seen["partial"]
    job.refresh_from_db()
    assert (job.rows_done, job.result["units"]) == (2500, 2500)
    assert cache.get(progress_key(job.pk)) is None


def test_the_real_import_reports_progress_through_the_cache(registry_world, monkeypatch):
    rows = [row(building_key=f"K{i // 10}", unit_number=str(100 + i % 10)) for i in range(1200)]
    job = queued_job(registry_world, csv_text(rows))
    written: list[int] = []
    real_set = cache.set

    def spy(key: str, value: Any, *args: Any, **kwargs: Any) -> None:
        if key == progress_key(job.pk):
            written.append(value)
        real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(tasks.cache, "set", spy)
    assert run_import.call(job.pk) == ImportJob.Status.SUCCEEDED
    assert written == [0, 1000, 1200]
    job.refresh_from_db()
    assert (job.rows_done, job.result["buildings"], job.result["units"]) == (1200, 120, 1200)


def test_without_inline_mode_the_job_is_queued_for_the_worker(
    registry_world, client, settings, django_capture_on_commit_callbacks
):
    settings.SUMAI = {**settings.SUMAI, "IMPORT_INLINE": False, "IMPORT_SYNC_MAX_BYTES": 0}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, registry_world, csv_text(good_rows()))
    job = ImportJob.objects.get()
    assert response.status_code == 303
    assert job.status == ImportJob.Status.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sumai.registry.tasks.run_import"
    assert queued.args_kwargs["args"][0] == job.pk
    page = client.get(response["Location"])
    assert "hx-get" in page.content.decode()
    assert run_import.call(*queued.args_kwargs["args"]) == ImportJob.Status.SUCCEEDED
    assert run_import.call(job.pk) == ImportJob.Status.SUCCEEDED  # delivered twice: runs once
    assert Unit.objects.filter(building__operator=registry_world.orgs["operator"]).count() == 4


def test_an_unexpected_error_fails_the_job(registry_world, monkeypatch):
    job = queued_job(registry_world)

    def broken(**kwargs: Any) -> ImportResult:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tasks, "import_buildings", broken)
    assert run_import.call(job.pk) == ImportJob.Status.FAILED
    job.refresh_from_db()
    assert job.error_count == 1
    message = job.errors[0]["message"]
    assert "unexpected" in message or "予期しないエラー" in message  # in the uploader's language
    assert "disk" not in job.errors[0]["message"]


def test_status_must_be_one_of_the_choices(registry_world):
    job = queued_job(registry_world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(status="paused")
