from django.urls import path

from sumai.councils.views import council, grants

app_name = "councils"
urlpatterns = [
    # public
    path("", council.directory, name="directory"),
    path("<id:org_id>/", council.detail, name="detail"),
    path("meetings/<id:meeting_id>/minutes.pdf", council.meeting_file, name="meeting_file"),
    # the council's own staff
    path("<id:org_id>/edit/", council.edit, name="edit"),
    path("<id:org_id>/members/", council.member_add, name="member_add"),
    path("<id:org_id>/members/<id:member_id>/remove/", council.member_remove, name="member_remove"),
    path("<id:org_id>/meetings/new/", council.meeting_new, name="meeting_new"),
    path("<id:org_id>/meetings/<id:meeting_id>/edit/", council.meeting_edit, name="meeting_edit"),
    # activity grants (居住支援協議会等活動支援事業)
    path("grants/", grants.grants_index, name="grants"),
    path("grants/new/", grants.programme_new, name="programme_new"),
    path("grants/decisions/", grants.grant_inbox, name="grant_inbox"),
    path("grants/<id:year>/", grants.programme, name="programme"),
    path("grants/<id:year>/apply/", grants.application_new, name="application_new"),
    path("grants/applications/<id:pk>/", grants.application_detail, name="application"),
    path("grants/applications/<id:pk>/edit/", grants.application_edit, name="application_edit"),
    path("grants/applications/<id:pk>/submit/", grants.application_submit, name="application_submit"),
    path("grants/applications/<id:pk>/withdraw/", grants.application_withdraw, name="application_withdraw"),
    path("grants/applications/<id:pk>/decide/", grants.application_decide, name="application_decide"),
]
