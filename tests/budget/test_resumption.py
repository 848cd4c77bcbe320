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


@pytest.mark.django_db
def test_a_lost_batch_is_sent_again_when_its_lease_runs_out_whatever_the_run_does(
    invoicing, django_capture_on_commit_callbacks, settings
):
    """The run goes on (its progress is fresh), but one batch's task was lost: its invoices
    go to a new task once their lease has run out, not when the whole run goes quiet."""
    settings.INVOICE_SEND_LEASE_SECONDS = 120
    run = _run_with_lost_tasks(invoicing, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):  # issued; both batches lost
        invoice_services.invoice_run_execute(run_id=run.pk)
    later = timezone.now() + LATER
    with time_machine.travel(later, tick=False):
        InvoiceRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())  # still busy
        with django_capture_on_commit_callbacks(execute=True):
            assert invoicing_resume() == [run.pk]
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED
    assert OutboxMessage.objects.filter(category="invoice").count() == 2
    with time_machine.travel(later + LATER, tick=False):
        assert invoicing_resume() == []  # all sent: nothing lapses
