from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request

from sumai.core import health
from sumai.core import metrics as sumai_metrics
from sumai.core.access import access_for
from sumai.core.api import is_api_path
from sumai.core.api.errors import api_not_found
from sumai.core.notifications import notifications_for
from sumai.web.selectors import dashboard_panels


def favicon(request: HttpRequest) -> HttpResponse:
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("web/favicon.svg"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


def dashboard(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    return render(
        request,
        "web/dashboard.html",
        {
            "panels": dashboard_panels(visible_to=access),
            "notifications": notifications_for(visible_to=access),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers (nothing else is touched; ``readyz`` checks what it depends on)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness (sumai.core.health): 200 when this process should get traffic, else 503."""
    result = health.readiness()
    return JsonResponse(result.as_json(), status=200 if result.ready else 503)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (sumai.core.metrics), for the holder of ``SUMAI_METRICS_TOKEN`` from
    ``SUMAI_METRICS_NETWORKS``; a 404 for anyone else, and for everyone when neither is set."""
    if not sumai_metrics.allowed(request):
        raise Http404
    return HttpResponse(sumai_metrics.exposition(), content_type=sumai_metrics.CONTENT_TYPE)


def _is_api(request: HttpRequest) -> bool:
    return is_api_path(request.path)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's own 400s (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields, a bad host):
    JSON naming the body on the API (413 for a body too large), the plain page elsewhere."""
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
            return JsonResponse(
                {
                    "detail": gettext("The body is too large: at most %(mb).1f MB.") % {"mb": limit / 2**20},
                    "field": "$",
                },
                status=413,
            )
        return JsonResponse({"detail": gettext("Bad request."), "field": "$"}, status=400)
    return bad_request(request, exception or Exception())


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": gettext("You may not use this endpoint.")}, status=403)
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_not_found(request)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"detail": gettext("Server error. It has been recorded; try again later.")}, status=500
        )
    return render(request, "500.html", status=500)
