from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sumai.api import matches, views
from sumai.cases import api as cases_api
from sumai.placements import api_inquiries, api_placements
from sumai.registry import api as registry_api
from sumai.search import api as search_api

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the CSP keeps script-src 'self'; Swagger UI
    # sets inline style attributes, allowed on this page only.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("postal/<str:code>/", views.postal, name="postal"),
    path("authorities/<str:code>/", views.authority, name="authority"),
    path("municipalities/", views.MunicipalityList.as_view(), name="municipality-list"),
    path("prefectures/", views.PrefectureList.as_view(), name="prefecture-list"),
    path("me/", views.me, name="me"),
    path("registry/units/", registry_api.unit_list, name="registry-unit-list"),
    path("registry/units/<id:pk>/", registry_api.unit_detail, name="registry-unit-detail"),
    path("registry/vacancy", registry_api.vacancy_push, name="registry-vacancy"),
    path("units/", search_api.unit_list, name="unit-list"),
    path("units/<id:pk>/", search_api.unit_detail, name="unit-detail"),
    path("buildings/", search_api.building_list, name="building-list"),
    path("buildings/<id:pk>/", search_api.building_detail, name="building-detail"),
    path("households/", cases_api.household_list, name="household-list"),
    path("households/<id:pk>/", cases_api.household_detail, name="household-detail"),
    path("cases/", cases_api.case_list, name="case-list"),
    path("cases/<id:pk>/", cases_api.case_detail, name="case-detail"),
    path("cases/<id:pk>/notes/", cases_api.case_note, name="case-notes"),
    path("cases/<id:pk>/matches/", matches.matches, name="case-matches"),
    path("cases/<id:pk>/matches/<id:snapshot>/", matches.match_detail, name="case-match-detail"),
    path("cases/<id:pk>/placements/", api_placements.case_placements, name="case-placements"),
    path("cases/<id:pk>/inquiries/", api_inquiries.case_inquiries, name="case-inquiries"),
    path("registry/inquiries/", api_inquiries.landlord_inquiries, name="registry-inquiry-list"),
    path("registry/inquiries/<id:pk>/answer", api_inquiries.landlord_answer, name="registry-inquiry-answer"),
    path("referrals/", cases_api.referral_list, name="referral-list"),
    path("rules/household", views.rules_household, name="rules-household"),
    path("rules/unit", views.rules_unit, name="rules-unit"),
    path("rules/subsidy", views.rules_subsidy, name="rules-subsidy"),
    path("rules/ledger", views.rules_ledger, name="rules-ledger"),
]
