from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("sumai.web.urls")),
    path("accounts/", include("sumai.accounts.urls")),
    path("audit/", include("sumai.audit.urls")),
    path("registry/", include("sumai.registry.urls")),
    path("places/", include("sumai.places.urls")),
    path("", include("sumai.search.urls")),
    path("support/", include("sumai.support.urls")),
    path("councils/", include("sumai.councils.urls")),
    path("statistics/", include("sumai.insights.urls")),
    path("", include("sumai.cases.urls")),
    path("", include("sumai.matching.urls")),
    path("", include("sumai.placements.urls")),
    path("", include("sumai.outcomes.urls")),
    path("api/v1/", include("sumai.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "sumai.web.views.error_400"
handler403 = "sumai.web.views.error_403"
handler404 = "sumai.web.views.error_404"
handler500 = "sumai.web.views.error_500"
