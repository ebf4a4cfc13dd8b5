"""The public directory and council pages with their minutes, and the council's own editing of its profile,
members and meetings.

The permissions table lets the admins and staff of the organisation in the URL through to the editing
pages; the selectors find the council (and its members and meetings) only for them, so an organisation of
another kind, or a member or meeting of another council, is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.editlock import edit_token
from sumai.core.errors import Conflict
from sumai.core.uploads import file_response
from sumai.core.views import error_text, fetch, logs_access
from sumai.councils import selectors, services
from sumai.councils.forms import (
    CouncilForm,
    DirectoryForm,
    MeetingForm,
    MemberForm,
    activity_choices_with_descriptions,
)
from sumai.councils.views.common import apply_errors


# ---------------------------------------------------------------------------------------------- public
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    councils = selectors.council_directory(
        prefecture=filters.get("prefecture", ""), level=filters.get("level", ""), q=filters.get("q", "")
    )
    page = Paginator(councils, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "councils/directory.html",
        {"form": form, "page": page, "activities": activity_choices_with_descriptions()},
    )


def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    council = selectors.council_public(pk=org_id)
    who = access_for(request)
    if council is None:
        if selectors.can_edit_council(who, org_id):
            return redirect("councils:edit", org_id=org_id)
        raise Http404
    return render(
        request,
        "councils/detail.html",
        {
            "council": council,
            "meetings": selectors.meetings_visible(council=council, visible_to=who),
            "can_edit": selectors.can_edit_council(who, council.pk),
            "is_member": selectors.is_council_member(who, council.pk),
            "activities": [a for a in activity_choices_with_descriptions() if a[0] in council.activities],
        },
    )


def meeting_file(request: HttpRequest, meeting_id: int) -> HttpResponse | FileResponse:
    meeting = fetch(request, selectors.meeting_visible, pk=meeting_id)
    if not meeting.minutes_file:
        raise Http404
    return file_response(
        meeting.minutes_file.open("rb"),
        content_type="application/pdf",
        filename=meeting.minutes_file_name or "minutes.pdf",
        cache="public, max-age=300" if meeting.is_public else "private, no-store",
    )


# ------------------------------------------------------------------------------------- council's own staff
@logs_access("the members of a council (personal data)")
def edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = fetch(request, selectors.council_organisation, pk=org_id)
    council = selectors.council_for_editing(
        pk=org.pk, visible_to=access_for(request)
    )  # None until first saved
    form = CouncilForm(request.POST or None, council=council)
    form.fields["edit_token"].initial = services.council_token(council)
    status = 400
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "municipalities": form.cleaned_data["municipality_codes"],
        }
        try:
            services.council_save(
                actor=actor_of(request),
                organisation=org,
                data=data,
                edit_token=form.cleaned_data.get("edit_token") or "",
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Council saved."))
            return redirect("councils:detail", org_id=org.pk)
    return render(
        request,
        "councils/edit.html",
        {
            "form": form,
            "organisation": org,
            "council": council,
            "member_form": MemberForm(council=council) if council else None,
            "history": history_for(
                object_type="councils.council", object_id=str(org.pk), visible_to=access_for(request)
            )[:10],
        },
        status=status if request.method == "POST" else 200,
    )


@require_POST
def member_add(request: HttpRequest, org_id: int) -> HttpResponse:
    council = fetch(request, selectors.council_for_editing, pk=org_id)
    form = MemberForm(request.POST, council=council)
    if form.is_valid():
        try:
            services.member_add(actor=actor_of(request), council=council, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Member added."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return redirect("councils:edit", org_id=org_id)


@require_POST
def member_remove(request: HttpRequest, org_id: int, member_id: int) -> HttpResponse:
    member = fetch(request, selectors.member_for_editing, council_id=org_id, pk=member_id)
    services.member_remove(actor=actor_of(request), member=member)
    messages.success(request, _("Member removed."))
    return redirect("councils:edit", org_id=org_id)


def meeting_new(request: HttpRequest, org_id: int) -> HttpResponse:
    return _meeting_form(request, org_id, None)


def meeting_edit(request: HttpRequest, org_id: int, meeting_id: int) -> HttpResponse:
    return _meeting_form(request, org_id, meeting_id)


def _meeting_form(request: HttpRequest, org_id: int, meeting_id: int | None) -> HttpResponse:
    council = fetch(request, selectors.council_for_editing, pk=org_id)
    meeting = (
        fetch(request, selectors.meeting_for_editing, council_id=council.pk, pk=meeting_id)
        if meeting_id
        else None
    )
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            "held_on": meeting.held_on,
            "title": meeting.title,
            "attendees": meeting.attendees,
            "minutes": meeting.minutes,
            "is_public": meeting.is_public,
        }
    if meeting is not None:
        initial["edit_token"] = edit_token(meeting, services.MEETING_FIELDS)
    form = MeetingForm(request.POST or None, request.FILES or None, initial=initial)
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(
                actor=actor_of(request),
                council=council,
                data=form.cleaned_data,
                upload=form.cleaned_data.get("minutes_file"),
                meeting=meeting,
                edit_token=form.cleaned_data.get("edit_token") or "",
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("councils:detail", org_id=org_id)
    return render(
        request,
        "councils/meeting_form.html",
        {"form": form, "council": council, "meeting": meeting},
        status=status if request.method == "POST" else 200,
    )
