from django.urls import path

from sumai.support.views import corporation, prefecture, public

app_name = "support"
urlpatterns = [
    # public
    path("", public.directory, name="directory"),
    path("<id:pk>/", public.corporation_page, name="corporation"),
    path("open-data/corporations.csv", public.export_csv, name="export_csv"),
    path("open-data/corporations.json", public.export_json, name="export_json"),
    path("open-data/hsds.json", public.export_hsds, name="export_hsds"),
    # the corporation
    path("org/<id:org_id>/", corporation.application, name="application"),
    path("org/<id:org_id>/step/", corporation.application_step, name="application_step"),
    path("org/<id:org_id>/services/", corporation.profile, name="services"),
    path("org/<id:org_id>/area/", corporation.area, name="area"),
    path("org/<id:org_id>/capacity/", corporation.capacity, name="capacity"),
    path("org/<id:org_id>/changes/", corporation.change_notice, name="change_notice"),
    path("org/<id:org_id>/filings/", corporation.filings, name="filings"),
    # the designating prefecture
    path("designation/", prefecture.inbox, name="inbox"),
    path("designation/<id:pk>/", prefecture.review, name="review"),
    path("designation/<id:pk>/decide/", prefecture.review_decide, name="review_decide"),
    path("designation/<id:pk>/supervise/", prefecture.review_supervise, name="review_supervise"),
    path("designation/notices/<id:notice_id>/", prefecture.notice_acknowledge, name="notice_acknowledge"),
    path("designation/filings/<id:filing_id>/", prefecture.filing_decide, name="filing_decide"),
]
