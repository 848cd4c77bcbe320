from functools import partial

import pytest
from django.core.cache import caches
from django.urls import reverse

from nns_portal.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_reports_every_service_reachable(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "services": {"database": True, "broker": True, "cache": True},
    }


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client, monkeypatch):
    unreachable = partial(type(celery_app).connection_for_write, celery_app, "redis://127.0.0.1:1")
    monkeypatch.setattr(celery_app, "connection_for_write", unreachable)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["services"] == {"database": True, "broker": False, "cache": True}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    caches._settings = None

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["services"]["cache"] is False
