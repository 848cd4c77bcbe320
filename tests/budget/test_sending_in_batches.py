"""A run's invoices are rendered and sent by tasks of a batch each: the batch's e-mails are queued
together, and the run is finished once every channel of every invoice has carried it."""

import pytest

from budget import tasks
from budget.invoicing import services
from budget.models import EinvoiceDelivery, InvoiceRun
from nns_portal import tasks as outbox_tasks
from nns_portal.models import OutboxMessage
from tests.invoicing import RUN_DATE

pytestmark = pytest.mark.django_db


def _issued_run(django_capture_on_commit_callbacks, staff) -> InvoiceRun:
    """A run whose invoices are issued and whose sending tasks were lost."""
    with django_capture_on_commit_callbacks(execute=False):
        run = services.invoice_run_start(
            fee_year=2026, issued_on=RUN_DATE, send_by_email=True, user=staff
        )
        services.invoice_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.issued) == (InvoiceRun.Status.EMAILING, 2)
    return run


def _wanting_e_invoice_and_e_mail(association):
    association.invoice_channel = association.InvoiceChannel.BOTH
    association.invoice_reference = "4711ABC"
    association.save()
    return association


def test_a_task_takes_a_batch_and_its_e_mails_go_to_the_outbox_as_one_batch(
    invoicing, settings, monkeypatch, django_capture_on_commit_callbacks
):
    run = _issued_run(django_capture_on_commit_callbacks, invoicing.staff)
    ids = sorted(run.invoices.values_list("pk", flat=True))
    invoice_batches: list[list[int]] = []
    outbox_batches: list[list[int]] = []
    monkeypatch.setattr(tasks.send_invoices, "delay_on_commit", invoice_batches.append)
    monkeypatch.setattr(outbox_tasks.send_outbox_batch, "delay_on_commit", outbox_batches.append)

    settings.INVOICE_SEND_BATCH_SIZE = 1
    services.invoices_send(invoice_ids=ids)
    assert invoice_batches == [[ids[0]], [ids[1]]]

    settings.INVOICE_SEND_BATCH_SIZE = 25
    services.invoices_send(invoice_ids=ids)
    assert invoice_batches[-1] == ids

    services.invoices_send_now(invoice_ids=ids)
    queued = sorted(OutboxMessage.objects.values_list("pk", flat=True))
    assert len(queued) == 2 and outbox_batches == [queued]
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED


def test_the_run_is_finished_by_the_batch_that_sends_its_last_invoice(
    invoicing, django_capture_on_commit_callbacks
):
    run = _issued_run(django_capture_on_commit_callbacks, invoicing.staff)
    first, last = sorted(run.invoices.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=False):
        services.invoices_send_now(invoice_ids=[first])
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.EMAILING

    with django_capture_on_commit_callbacks(execute=False):
        services.invoices_send_now(invoice_ids=[last])
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED
    assert OutboxMessage.objects.filter(category="invoice").count() == 2


def test_an_invoice_wanted_by_e_invoice_and_e_mail_waits_for_both(
    invoicing, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EINVOICE_FOLDER = tmp_path
    association = _wanting_e_invoice_and_e_mail(invoicing.a)
    run = _issued_run(django_capture_on_commit_callbacks, invoicing.staff)
    both = run.invoices.get(association=association)
    other = run.invoices.exclude(pk=both.pk).get()
    with django_capture_on_commit_callbacks(execute=False):
        services.invoices_send_now(invoice_ids=[other.pk])
        services.invoices_email_now(invoice_ids=[both.pk])  # staff e-mailed it; no e-invoice yet
    assert not services.invoice_run_finish_if_done(run_id=run.pk)

    with django_capture_on_commit_callbacks(execute=False):
        services.invoices_send_now(invoice_ids=[both.pk])  # the e-mail is not queued again
    assert EinvoiceDelivery.objects.filter(invoice=both).exists()
    assert OutboxMessage.objects.filter(category="invoice").count() == 2
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED


def test_an_invoice_whose_association_has_no_address_left_needs_no_e_mail_to_finish(
    invoicing, django_capture_on_commit_callbacks
):
    run = _issued_run(django_capture_on_commit_callbacks, invoicing.staff)
    invoicing.b.invoice_email = invoicing.b.email = ""
    invoicing.b.save()
    with django_capture_on_commit_callbacks(execute=False):
        services.invoices_send_now(invoice_ids=[run.invoices.get(association=invoicing.a).pk])
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED
    assert OutboxMessage.objects.filter(category="invoice").count() == 1


def test_the_run_sends_while_it_issues_and_is_finished_when_all_went_before_it_ended(
    invoicing, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A fast worker sends each batch as soon as it is issued: the run, still issuing, is not
    finished by them, but when its issuing ends."""
    settings.INVOICE_SEND_BATCH_SIZE = 1
    seen: list[tuple[list[int], str]] = []

    def worker_at_once(batch: list[int]) -> None:
        seen.append((batch, InvoiceRun.objects.get().status))
        services.invoices_send_now(invoice_ids=batch)

    monkeypatch.setattr(tasks.send_invoices, "delay_on_commit", worker_at_once)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.invoice_run_start(
            fee_year=2026, issued_on=RUN_DATE, send_by_email=True, user=invoicing.staff
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_run_execute(run_id=run.pk)

    assert [status for _batch, status in seen] == [InvoiceRun.Status.RUNNING] * 2
    assert sorted(pk for batch, _status in seen for pk in batch) == sorted(
        run.invoices.values_list("pk", flat=True)
    )
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED
    assert OutboxMessage.objects.filter(category="invoice").count() == 2


def test_an_invoice_that_cannot_be_sent_does_not_hold_the_rest_of_its_batch_back(
    invoicing, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """A PDF that fails, or an e-invoice the transport refuses, is that invoice's alone: the
    batch's other invoices go, the task still fails (and is seen), and the run waits for it."""
    from budget.invoicing import einvoices, pdf

    settings.EINVOICE_FOLDER = tmp_path
    association = _wanting_e_invoice_and_e_mail(invoicing.a)
    run = _issued_run(django_capture_on_commit_callbacks, invoicing.staff)
    broken = run.invoices.get(association=association)
    fine = run.invoices.exclude(pk=broken.pk).get()
    render = pdf.render_invoice_pdf

    def failing_for_broken(*, invoice):
        if invoice.pk == broken.pk:
            raise RuntimeError("WeasyPrint failed")
        return render(invoice=invoice)

    monkeypatch.setattr(pdf, "render_invoice_pdf", failing_for_broken)
    with (
        django_capture_on_commit_callbacks(execute=False),
        pytest.raises(RuntimeError, match="WeasyPrint"),
    ):
        services.invoices_send_now(invoice_ids=[broken.pk, fine.pk])
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [
        fine.association.invoice_email
    ]
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.EMAILING

    monkeypatch.setattr(pdf, "render_invoice_pdf", render)  # mended: the resumption sends it
    with django_capture_on_commit_callbacks(execute=False):
        services.invoices_send_now(invoice_ids=[broken.pk, fine.pk])
    assert OutboxMessage.objects.count() == 2
    assert EinvoiceDelivery.objects.filter(invoice=broken).exists()
    run.refresh_from_db()
    assert run.status == InvoiceRun.Status.FINISHED

    class Refusing:
        name = "refusing"

        def deliver(self, **document):
            raise ConnectionError("the access point is down")

    credit_note, _ = services.invoice_credit(
        invoice=broken, reason="Fel", issued_on=RUN_DATE, issued_by="x@nns.example", reissue=False
    )
    monkeypatch.setattr(einvoices, "einvoice_transport", Refusing)
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(ConnectionError):
        services.invoices_send_now(invoice_ids=[credit_note.pk])
    assert not EinvoiceDelivery.objects.filter(invoice=credit_note).exists()
    assert OutboxMessage.objects.filter(key__contains=f":{credit_note.pk}:").exists()
