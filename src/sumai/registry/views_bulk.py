"""CSV import and export of buildings and units (bulk operators)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sumai.accounts.models import Organisation
from sumai.core.access import access_for
from sumai.core.roles import ROLES
from sumai.core.views import fetch, logs_access
from sumai.registry.exports import export_lines, template_lines
from sumai.registry.imports import ENCODING_NAMES, MAX_ERRORS
from sumai.registry.models import ImportJob
from sumai.registry.selectors import import_job_for, operators_actable_by
from sumai.registry.tasks import create_import_job, job_result, rows_done, run_import, start_import

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Files up to this size (about 1,000 rows) are imported within the upload request and the result is the
# response, as before; larger ones become a job whose page shows the progress.
SYNC_MAX_BYTES = 256 * 1024
JOB_ROLES = ROLES
CSV_TYPES = {"text/csv", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel"}


class ImportForm(forms.Form):
    operator = forms.ModelChoiceField(
        label=_("Landlord"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The buildings are registered in the name of this landlord."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per unit; rows of one building share a building key and follow each other. "
            "UTF-8 (with or without BOM) or Shift_JIS as Excel saves it. At most 50 MB."
        ),
    )

    def __init__(self, *args: Any, operators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators  # type: ignore[attr-defined]
        if operators.count() == 1:
            self.fields["operator"].initial = operators[0].pk
            self.fields["operator"].widget = forms.HiddenInput()
        self.fields["file"].widget.attrs.update(
            {"accept": ".csv,text/csv", "aria-describedby": "id_file_help"}
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most 50 MB. Split it into several files.")
                % {"size": round(upload.size / 1024 / 1024, 1)}
            )
        suffix = PurePath(upload.name or "").suffix.lower()
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        if suffix != ".csv" and content_type not in CSV_TYPES:
            raise forms.ValidationError(_("Choose a .csv file (in Excel: Save as → CSV)."))
        return upload


def import_csv(request: HttpRequest) -> HttpResponse:
    operators = operators_actable_by(access_for(request))
    context: dict[str, Any] = {"max_errors": MAX_ERRORS}
    if not operators.exists():
        context["form"] = None
        return render(request, "registry/import.html", context, status=403)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, operators=operators)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = create_import_job(
                user=request.user,  # type: ignore[arg-type]
                operator=form.cleaned_data["operator"],
                upload=upload,
            )
            if upload.size <= settings.SUMAI.get("IMPORT_SYNC_MAX_BYTES", SYNC_MAX_BYTES):
                run_import.call(job.pk, translation.get_language() or "")
                job.refresh_from_db()
                context.update(_job_context(job), form=ImportForm(operators=operators))
                status = 200 if job.status == ImportJob.Status.SUCCEEDED else 400
                return render(request, "registry/import.html", context, status=status)
            start_import(job)
            return HttpResponseRedirect(reverse("registry:import_job", args=[job.pk]), status=303)
        context["form"] = form
        return render(request, "registry/import.html", context, status=400)
    context["form"] = ImportForm(operators=operators)
    return render(request, "registry/import.html", context)


def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """One import: its progress while it runs (polled by htmx, or a link without JS), then its result."""
    job = fetch(request, import_job_for, pk=job_id, roles=JOB_ROLES)
    context: dict[str, Any] = {"max_errors": MAX_ERRORS, "form": None, **_job_context(job)}
    if getattr(request, "htmx", False):
        return render(request, "registry/_import_progress.html", context)
    return render(request, "registry/import.html", context)


def _job_context(job: ImportJob) -> dict[str, Any]:
    context: dict[str, Any] = {"job": job, "operator": job.operator}
    if job.finished:
        result = job_result(job)
        context.update(result=result, encoding_name=ENCODING_NAMES.get(result.encoding, result.encoding))
    else:
        context.update(rows_done=rows_done(job))
    return context


def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("".join(template_lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sumai-import-template.csv"'
    return response


@logs_access("the landlord's export of its buildings")
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        export_lines(access_for(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sumai-export-{stamp}.csv"'
    return response
