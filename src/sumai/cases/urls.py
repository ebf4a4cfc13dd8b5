from django.urls import path

from sumai.cases import views

app_name = "cases"
urlpatterns = [
    path("help/", views.ask, name="ask"),
    path("help/sent/<str:reference>/", views.asked, name="asked"),
    path("help/municipalities/", views.municipality_options, name="municipality_options"),
    path("help/corporations/", views.corporation_options, name="corporation_options"),
    path("cases/requests/", views.requests, name="requests"),
    path("cases/requests/<id:pk>/", views.request_detail, name="request"),
    path("cases/requests/<id:pk>/contact/", views.request_contact, name="request_contact"),
    path("cases/desk/<id:org_id>/", views.desk, name="desk"),
    path("cases/requests/<id:pk>/household/", views.household_open, name="household_open"),
    path("cases/households/", views.households, name="households"),
    path("cases/households/<id:pk>/", views.household, name="household"),
    path("cases/households/<id:pk>/edit/", views.household_edit, name="household_edit"),
    path("cases/households/<id:pk>/consents/", views.consents, name="consents"),
    path(
        "cases/households/<id:pk>/consents/<id:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/households/<id:pk>/access/", views.access_report, name="access_report"),
]
