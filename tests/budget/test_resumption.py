"""An invoice run resumed from the database when its worker dies or its tasks are lost;
"finished" is written only when the last e-mail is in the outbox."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from budget.invoicing import services as invoice_services
from budget.models import InvoiceRun
from nns_portal.models import OutboxMessage
from tests.invoicing import RUN_DATE

LATER = datetime.timedelta(minutes=3)


def _run_with_lost_tasks(invoicing_scene, django_capture_on_commit_callbacks) -> InvoiceRun:
    with django_capture_on_commit_callbacks(execute=False):
        run = invoice_services.invoice_run_start(
            fee_year=2026, issued_on=RUN_DATE, send_by_email=True, user=invoicing_scene.staff
        )
    return run


@pytest.mark.django_db
def test_a_run_whose_worker_died_before_it_started_is_resumed(
    invoicing, django_capture_on_commit_callbacks
):
    run = _run_with_lost_tasks(invoicing, django_capture_on_commit_callbacks)

    with (
        time_machine.travel(timezone.now() + LATER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert invoicing_resume() == [run.pk]

    run.refresh_from_db()
    assert (run.status, run.issued) == (InvoiceRun.Status.FINISHED, 2)
    assert OutboxMessage.objects.filter(category="invoice").count() == 2


def invoicing_resume() -> list[int]:
    return invoice_services.invoice_runs_resume(now=timezone.now())


@pytest.mark.django_db
def test_a_run_is_finished_only_when_its_e_mails_are_in_the_outbox(
    invoicing, django_capture_on_commit_callbacks
):
    run = _run_with_lost_tasks(invoicing, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):  # issued; the e-mail tasks lost
        invoice_services.invoice_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.issued) == (InvoiceRun.Status.EMAILING, 2)
    assert not OutboxMessage.objects.filter(category="invoice").exists()
    assert invoicing_resume() == []  # it made progress a moment ago

    with (
        time_machine.travel(timezone.now() + LATER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert invoicing_resume() == [run.pk]

    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED and run.finished_at is not None
    assert OutboxMessage.objects.filter(category="invoice").count() == 2
