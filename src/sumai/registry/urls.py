from django.urls import path

from sumai.registry import views, views_bulk, views_vacancy

app_name = "registry"
urlpatterns = [
    # landlord / agent
    path("buildings/", views.building_list, name="buildings"),
    path("buildings/new/", views.building_new, name="building_new"),
    path("buildings/<id:pk>/", views.building_detail, name="building"),
    path("buildings/<id:pk>/edit/", views.building_edit, name="building_edit"),
    path("buildings/<id:pk>/units/new/", views.unit_new, name="unit_new"),
    path("buildings/<id:pk>/units/<id:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("buildings/<id:pk>/units/<id:unit_id>/delete/", views.unit_delete, name="unit_delete"),
    path("buildings/<id:pk>/submit/", views.building_submit, name="building_submit"),
    path("buildings/<id:pk>/documents/", views.attachment_add, name="attachment_add"),
    path(
        "buildings/<id:pk>/documents/<id:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("documents/<id:attachment_id>/", views.attachment_download, name="attachment"),
    path("buildings/<id:pk>/recall/", views.building_recall, name="building_recall"),
    path("buildings/<id:pk>/withdraw/", views.building_withdraw, name="building_withdraw"),
    path("buildings/<id:pk>/notify-change/", views.building_notify_change, name="building_notify_change"),
    path("landlords/<id:org_id>/", views.operator_page, name="operator"),
    path("landlords/<id:org_id>/agents/", views.agent_authorise, name="agent_authorise"),
    path(
        "landlords/<id:org_id>/agents/<id:authorisation_id>/revoke/",
        views.agent_revoke,
        name="agent_revoke",
    ),
    # authority
    path("inquiries/", views.inquiries, name="inquiries"),
    path("area/", views.area_list, name="area"),
    path("area/<id:pk>/", views.area_building, name="area_building"),
    path("review/", views.review_inbox, name="inbox"),
    path("review/registered/", views.registered_list, name="registered"),
    path("review/<id:pk>/", views.review_detail, name="review"),
    path("review/<id:pk>/decide/", views.review_decide, name="review_decide"),
    path("review/<id:pk>/instruct/", views.review_instruct, name="review_instruct"),
    path("review/<id:pk>/strike-off/", views.review_strike_off, name="review_strike_off"),
    # bulk operators: CSV
    path("import/", views_bulk.import_csv, name="import"),
    path("import/<id:job_id>/", views_bulk.import_job, name="import_job"),
    path("import/template.csv", views_bulk.import_template, name="import_template"),
    path("export.csv", views_bulk.export_csv, name="export"),
    # vacancy
    path("vacancy/confirm/<id:pk>/", views_vacancy.confirm_building, name="vacancy_confirm"),
    path("buildings/<id:pk>/vacancy/", views_vacancy.set_building_vacancy, name="vacancy_set"),
    path("vacancy/link/<str:token>/", views_vacancy.confirm_by_link, name="vacancy_link"),
]
