from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from nns_portal.tasks import clear_expired_sessions


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker):
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="current", session_data="x", expire_date=now + timedelta(1))

    result = clear_expired_sessions.apply_async()
    result.get(timeout=30)

    assert result.successful()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_beat_schedules_the_session_cleanup(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "nns_portal.tasks.clear_expired_sessions" in scheduled


def test_e_mail_bulk_work_and_housekeeping_go_to_queues_of_their_own():
    from nns_portal.celery import app

    def queue(task: str) -> str:
        return app.amqp.router.route({}, task)["queue"].name

    assert queue("nns_portal.tasks.send_outbox_message") == "mail"
    assert queue("meetings.tasks.fan_out_letter") == "bulk"
    assert queue("budget.tasks.execute_invoice_run") == "bulk"
    assert queue("budget.tasks.email_invoices") == "bulk"
    assert queue("nns_portal.tasks.resume_stalled_outbox") == "housekeeping"
    assert queue("budget.tasks.resume_invoice_runs") == "housekeeping"
    assert app.conf.broker_transport_options["visibility_timeout"] == 300
