from django.urls import path

from sumai.support import views

app_name = "support"
urlpatterns = [
    # public
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.corporation_page, name="corporation"),
    path("open-data/corporations.csv", views.export_csv, name="export_csv"),
    path("open-data/corporations.json", views.export_json, name="export_json"),
    path("open-data/hsds.json", views.export_hsds, name="export_hsds"),
    # the corporation
    path("org/<int:org_id>/", views.application, name="application"),
    path("org/<int:org_id>/step/", views.application_step, name="application_step"),
    path("org/<int:org_id>/services/", views.profile, name="services"),
    path("org/<int:org_id>/area/", views.area, name="area"),
    path("org/<int:org_id>/capacity/", views.capacity, name="capacity"),
    path("org/<int:org_id>/changes/", views.change_notice, name="change_notice"),
    path("org/<int:org_id>/filings/", views.filings, name="filings"),
    # the designating prefecture
    path("designation/", views.inbox, name="inbox"),
    path("designation/<int:pk>/", views.review, name="review"),
    path("designation/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("designation/<int:pk>/supervise/", views.review_supervise, name="review_supervise"),
    path("designation/notices/<int:notice_id>/", views.notice_acknowledge, name="notice_acknowledge"),
    path("designation/filings/<int:filing_id>/", views.filing_decide, name="filing_decide"),
]
