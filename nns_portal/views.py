from email.utils import parseaddr

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import service_status, worker_status
from .start import start_sections


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Welcome, and for the person logged in, what is due (see ``nns_portal.start``)."""
    sections = start_sections(user=request.user, now=timezone.now())
    return render(request, "home.html", {"sections": sections})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What the portal holds about people, why, for how long, and whom to ask."""
    context = {
        "person_months": settings.PERSON_RETENTION_MONTHS,
        "email_days": settings.EMAIL_BODY_RETENTION_DAYS,
        "contact": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }
    return render(request, "privacy.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse): what is tested, what is known."""
    contact = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return render(request, "accessibility.html", {"contact": contact})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The services the web needs (503 when one is down), and each queue's worker as beat's
    heartbeats show it (reported, not part of the status: the web serves without workers)."""
    status = service_status()
    healthy = all(status.values())
    workers = worker_status() if status["database"] else {}
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "services": status,
            "workers": workers,
            "workers_ok": all(queue["ok"] for queue in workers.values()),
        },
        status=200 if healthy else 503,
    )


def not_offered(request: HttpRequest, *args: str) -> HttpResponse:
    raise Http404
