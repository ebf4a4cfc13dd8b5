from django.urls import path

from sumai.councils import views

app_name = "councils"
urlpatterns = [
    # public
    path("", views.directory, name="directory"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.meeting_file, name="meeting_file"),
    # the council's own staff
    path("<int:org_id>/edit/", views.edit, name="edit"),
    path("<int:org_id>/members/", views.member_add, name="member_add"),
    path("<int:org_id>/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:org_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<int:org_id>/meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    # activity grants (居住支援協議会等活動支援事業)
    path("grants/", views.grants_index, name="grants"),
    path("grants/new/", views.programme_new, name="programme_new"),
    path("grants/decisions/", views.grant_inbox, name="grant_inbox"),
    path("grants/<int:year>/", views.programme, name="programme"),
    path("grants/<int:year>/apply/", views.application_new, name="application_new"),
    path("grants/applications/<int:pk>/", views.application_detail, name="application"),
    path("grants/applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("grants/applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("grants/applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("grants/applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
]
