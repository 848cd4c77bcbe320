from django.http import HttpRequest, HttpResponse
from django.urls import path

from nns_portal.urls import urlpatterns as portal_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The yardstick: Django's request cycle with the portal's middleware, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial), *portal_urlpatterns]
