from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sumai.api import views
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
    path("rules/household", views.rules_household, name="rules-household"),
    path("rules/unit", views.rules_unit, name="rules-unit"),
    path("rules/subsidy", views.rules_subsidy, name="rules-subsidy"),
    path("rules/ledger", views.rules_ledger, name="rules-ledger"),
]
