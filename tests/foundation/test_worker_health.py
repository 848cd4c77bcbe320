"""`manage.py worker_health`, each worker's healthcheck in docker-compose.yml, against a real
worker on the real Redis."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from nns_portal.health import heartbeat_record


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_answers_and_takes_its_queues_is_healthy(celery_worker, capsys):
    for queue in ("mail", "housekeeping"):
        heartbeat_record(queue=queue)

    call_command("worker_health", "--hostname", celery_worker.hostname, "--queues",
                 "mail,housekeeping")  # fmt: skip

    assert "housekeeping, mail OK" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_worker_is_unhealthy_when_a_queue_of_its_own_has_gone_silent(celery_worker, settings):
    settings.WORKER_SILENT_SECONDS = 300
    heartbeat_record(queue="mail")
    heartbeat_record(queue="bulk", now=timezone.now() - datetime.timedelta(minutes=6))

    with pytest.raises(CommandError, match="Ingen arbetare har tagit kön bulk sedan"):
        call_command("worker_health", "--hostname", celery_worker.hostname, "--queues",
                     "mail,bulk")  # fmt: skip
    # Another worker's silent queue is not this one's problem.
    call_command("worker_health", "--hostname", celery_worker.hostname, "--queues", "mail")


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_does_not_answer_or_misses_a_queue_is_unhealthy(celery_worker):
    with pytest.raises(CommandError, match="Arbetaren celery@nowhere svarar inte"):
        call_command("worker_health", "--hostname", "celery@nowhere", "--queues", "mail",
                     "--timeout", "1")  # fmt: skip
    with pytest.raises(CommandError, match="Arbetaren tar inte kön reports"):
        call_command("worker_health", "--hostname", celery_worker.hostname, "--queues",
                     "mail,reports")  # fmt: skip
