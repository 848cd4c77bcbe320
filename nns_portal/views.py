from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import service_status


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = service_status()
    healthy = all(status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "services": status},
        status=200 if healthy else 503,
    )


def not_offered(request: HttpRequest, *args: str) -> HttpResponse:
    raise Http404
