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
        "workers": {},
        "workers_ok": True,
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


@pytest.mark.django_db
def test_a_queue_without_a_worker_is_reported_shown_to_staff_and_mailed_once(
    client, scene, settings
):
    """Beat's heartbeat reaches each queue's worker every minute; one not taken for five
    minutes is reported by /healthz (the web still serves: 200), on the office's start page,
    atop every admin page, and in one e-mail to staff per silence."""
    import datetime

    import time_machine
    from django.utils import timezone

    from nns_portal import tasks
    from nns_portal.models import OutboxMessage

    settings.WORKER_SILENT_SECONDS = 300
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for queue in ("mail", "bulk", "housekeeping"):
            tasks.heartbeat.delay(queue)
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        tasks.heartbeat.delay("mail")
        tasks.heartbeat.delay("housekeeping")
    later = start + datetime.timedelta(minutes=6)
    with time_machine.travel(later, tick=False):
        report = client.get(reverse("healthz"))
        assert report.status_code == 200 and report.json()["workers_ok"] is False
        workers = report.json()["workers"]
        assert workers["bulk"] == {"last_seen_seconds_ago": 360, "ok": False}
        assert workers["mail"]["ok"] and workers["housekeeping"]["ok"]
        scene.staff.is_superuser = True
        scene.staff.save()
        client.force_login(scene.staff)
        page = " ".join(client.get(reverse("home")).text.split())
        assert "Ingen arbetare har tagit kön bulk sedan" in page
        for admin_page in (reverse("admin:index"), reverse("admin:meetings_meeting_changelist")):
            shown = " ".join(client.get(admin_page).text.split())
            assert "Ingen arbetare har tagit kön bulk sedan" in shown, admin_page
        tasks.warn_of_silent_workers.delay()
        tasks.warn_of_silent_workers.delay()
    warned = OutboxMessage.objects.filter(category="workers_silent")
    assert [m.to for m in warned] == [scene.staff.email]
    assert "kön bulk" in warned.get().subject
    tasks.heartbeat.delay("bulk")  # its worker is back
    assert client.get(reverse("healthz")).json()["workers_ok"] is True
    assert "Ingen arbetare" not in client.get(reverse("home")).text
    assert "Ingen arbetare" not in client.get(reverse("admin:index")).text
