"""CSV import and export of buildings and units (bulk operators)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.accounts.access import access_for
from sumai.accounts.models import Organisation
from sumai.registry.exports import export_lines, template_lines
from sumai.registry.imports import ENCODING_NAMES, MAX_ERRORS, import_buildings
from sumai.registry.selectors import operators_actable_by
from sumai.registry.services import Actor

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
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
    access = access_for(request)
    operators = operators_actable_by(access)
    context: dict[str, Any] = {"max_errors": MAX_ERRORS}
    if not operators.exists():
        context["form"] = None
        return render(request, "registry/import.html", context, status=403)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, operators=operators)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_buildings(
                actor=Actor(request.user, access),  # type: ignore[arg-type]
                operator=form.cleaned_data["operator"],
                fileobj=upload.file,
                filename=upload.name or "",
            )
            context.update(
                form=ImportForm(operators=operators),
                result=result,
                encoding_name=ENCODING_NAMES.get(result.encoding, result.encoding),
                operator=form.cleaned_data["operator"],
            )
            return render(request, "registry/import.html", context, status=200 if result.ok else 400)
        context["form"] = form
        return render(request, "registry/import.html", context, status=400)
    context["form"] = ImportForm(operators=operators)
    return render(request, "registry/import.html", context)


def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("".join(template_lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sumai-import-template.csv"'
    return response


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    access = access_for(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(export_lines(access), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sumai-export-{stamp}.csv"'
    return response
