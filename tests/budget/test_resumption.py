"""An invoice run resumed from the database when its worker dies or its tasks are lost;
"finished" is written only when the last e-mail is in the outbox."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from budget.invoicing import services as invoice_services
from budget.models import InvoiceRun, InvoiceSendLease
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


def _issued_with_batches_lost(invoicing_scene, django_capture_on_commit_callbacks) -> InvoiceRun:
    run = _run_with_lost_tasks(invoicing_scene, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):  # issued; both batches' tasks lost
        invoice_services.invoice_run_execute(run_id=run.pk)
    return run


def _resume_while_the_run_is_busy(run: InvoiceRun, at: datetime.datetime, capture) -> list[int]:
    with time_machine.travel(at, tick=False):
        InvoiceRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())  # still busy
        with capture(execute=True):
            return invoicing_resume()


@pytest.mark.django_db
def test_a_batch_whose_worker_died_is_sent_again_a_lease_after_it_began_whatever_the_run_does(
    invoicing, django_capture_on_commit_callbacks, settings
):
    """The run goes on (its progress is fresh), but the worker that began one batch was killed:
    its invoices go to a new task once their lease (counted from the start) has run out, not
    when the whole run goes quiet."""
    settings.INVOICE_SEND_LEASE_SECONDS = 60
    run = _issued_with_batches_lost(invoicing, django_capture_on_commit_callbacks)
    began = timezone.now()
    InvoiceSendLease.objects.filter(invoice__run=run).update(started_at=began)  # then killed

    capture = django_capture_on_commit_callbacks
    assert _resume_while_the_run_is_busy(run, began + datetime.timedelta(seconds=50), capture) == []
    assert _resume_while_the_run_is_busy(run, began + datetime.timedelta(seconds=70), capture) == [
        run.pk
    ]
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED
    assert OutboxMessage.objects.filter(category="invoice").count() == 2
    later = began + datetime.timedelta(minutes=10)
    assert _resume_while_the_run_is_busy(run, later, capture) == []  # all sent: nothing lapses


@pytest.mark.django_db
def test_a_batch_waiting_its_turn_is_not_sent_twice_but_one_lost_from_the_queue_is(
    invoicing, django_capture_on_commit_callbacks, settings
):
    """In a large run, batches wait minutes in the queue behind the others: the lease does not
    count that wait. A batch that never begins (lost from Redis) goes to a new task after
    INVOICE_QUEUE_LEASE_SECONDS."""
    settings.INVOICE_SEND_LEASE_SECONDS, settings.INVOICE_QUEUE_LEASE_SECONDS = 60, 300
    run = _issued_with_batches_lost(invoicing, django_capture_on_commit_callbacks)
    dispatched = InvoiceSendLease.objects.filter(invoice__run=run).latest("dispatched_at")
    queued = dispatched.dispatched_at

    capture = django_capture_on_commit_callbacks
    assert _resume_while_the_run_is_busy(run, queued + datetime.timedelta(minutes=4), capture) == []
    assert OutboxMessage.objects.filter(category="invoice").count() == 0
    assert _resume_while_the_run_is_busy(run, queued + datetime.timedelta(minutes=6), capture) == [
        run.pk
    ]
    assert OutboxMessage.objects.filter(category="invoice").count() == 2
