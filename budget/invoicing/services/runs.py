"""Invoice runs and sending: a year's invoices issued one transaction each by a worker, and
every invoice sent by its association's channels (e-mail with PDF, e-invoice, or both), each
channel once, in batches of ``INVOICE_SEND_BATCH_SIZE``; a run whose worker died is resumed
from what the database holds."""

import datetime
import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Association, User
from nns_portal.batches import ItemFailures
from nns_portal.models import OutboxMessage
from nns_portal.outbox import outbox_queue

from ...models import EinvoiceDelivery, Invoice, InvoiceRun, InvoiceSendLease
from ..einvoices import einvoice_deliver
from ..emails import (
    has_invoice_address,
    invoice_address,
    invoice_draft,
    invoice_email_key,
    invoice_email_key_sql,
    resend_key_prefix,
)
from ..selectors import invoices_not_emailed
from .issuing import AlreadyInvoiced, invoice_issue, schedule_for_invoicing


def _batch(invoice_ids: list[int]) -> list[Invoice]:
    """A task's invoices, with what sending them reads, in number order."""
    invoices = Invoice.objects.filter(pk__in=invoice_ids).select_related("association", "credits")
    return list(invoices.order_by("pk"))


def invoices_send(*, invoice_ids: list[int]) -> None:
    """Send each invoice or credit note by its association's channel (e-mail with PDF,
    e-invoice, or both) once this transaction commits; each channel once per document.
    A task takes ``INVOICE_SEND_BATCH_SIZE`` of them."""
    from ...tasks import send_invoices

    now = timezone.now()
    InvoiceSendLease.objects.bulk_create(
        [InvoiceSendLease(invoice_id=pk, dispatched_at=now, started_at=None) for pk in invoice_ids],
        update_conflicts=True,
        unique_fields=["invoice"],
        update_fields=["dispatched_at", "started_at"],
    )
    for batch in itertools.batched(invoice_ids, settings.INVOICE_SEND_BATCH_SIZE, strict=False):
        send_invoices.delay_on_commit(list(batch))


def invoices_send_now(*, invoice_ids: list[int]) -> None:
    """Send a batch of invoices by their associations' channels; a channel that has carried
    one already is not used again. The batch's e-mails are queued together, and a run whose
    last invoices these were is finished. An invoice that cannot be sent (its e-invoice
    refused, its PDF failing) does not hold the others back; the first such failure is raised
    at the end, and the run's resumption tries it again."""
    InvoiceSendLease.objects.filter(invoice_id__in=invoice_ids).update(started_at=timezone.now())
    invoices = _batch(invoice_ids)
    failures = ItemFailures()
    for invoice in invoices:
        if invoice.association.invoice_channel in Association.EINVOICE_CHANNELS:
            with failures.item(f"The e-invoice {invoice.number}"):
                einvoice_deliver(invoice_id=invoice.pk)
    emailed = [
        invoice
        for invoice in invoices
        if invoice.association.invoice_channel in Association.EMAIL_CHANNELS
    ]
    try:
        invoices_email_queue(invoices=emailed)  # raises once the others are queued
    finally:
        for run_id in sorted({invoice.run_id for invoice in invoices if invoice.run_id}):
            invoice_run_finish_if_done(run_id=run_id)
    failures.raise_first()


def invoices_email(*, invoice_ids: list[int]) -> None:
    """E-mail each invoice or credit note with its PDF once this transaction commits (once:
    one already e-mailed is not sent again), ``INVOICE_SEND_BATCH_SIZE`` to a task."""
    from ...tasks import email_invoices

    for batch in itertools.batched(invoice_ids, settings.INVOICE_SEND_BATCH_SIZE, strict=False):
        email_invoices.delay_on_commit(list(batch))


def invoices_email_now(*, invoice_ids: list[int]) -> int:
    """Queue the e-mails of a batch of invoices not e-mailed yet; returns how many."""
    return invoices_email_queue(invoices=_batch(invoice_ids))


def invoices_email_queue(*, invoices: list[Invoice]) -> int:
    """Queue those of ``invoices`` not e-mailed yet, each with its PDF, in one go (the outbox
    sends them as one batch); returns how many were queued. Each invoice is e-mailed once; one
    whose e-mail cannot be made (its PDF, say) does not hold the others back."""
    failures = ItemFailures()
    drafts = []
    for invoice in invoices_not_emailed(invoices):
        if invoice_address(invoice.association):
            with failures.item(f"The e-mail of {invoice.number}"):
                drafts.append(invoice_draft(invoice, key=invoice_email_key(invoice.pk)))
    queued = outbox_queue(drafts=drafts)
    failures.raise_first()
    return queued


@transaction.atomic
def invoice_email_resend(*, invoice_id: int) -> bool:
    """Queue the invoice (or credit note) again, as a new message that is itself sent once:
    the n-th re-sending has its own key, so a double click (the same n) sends one."""
    sent_again = OutboxMessage.objects.filter(key__startswith=resend_key_prefix(invoice_id)).count()
    key = f"{resend_key_prefix(invoice_id)}{sent_again + 1}"
    invoice = Invoice.objects.select_related("association", "credits").get(pk=invoice_id)
    if not invoice_address(invoice.association):
        return False
    return outbox_queue(drafts=[invoice_draft(invoice, key=key)]) == 1


def invoice_run_candidates(*, fee_year: int) -> QuerySet[Association]:
    """Members during the year that have no invoice for it yet, by name."""
    invoiced = Invoice.objects.filter(
        fee_year=fee_year, kind=Invoice.Kind.INVOICE, replaces__isnull=True
    ).values("association_id")
    return Association.objects.members_during(fee_year).exclude(pk__in=invoiced).order_by("name")


def invoice_run_refuse_if_running(*, fee_year: int) -> None:
    """One run of a year at a time: a second is refused at once rather than waiting on the
    first's lock. A run whose worker died is resumed by beat within minutes."""
    running = (
        InvoiceRun.objects.filter(
            fee_year=fee_year,
            status__in=InvoiceRun.UNDER_WAY,
        )
        .order_by("started_at")
        .first()
    )
    if running is not None:
        raise ValidationError(
            _(
                "Invoicing of %(year)s is under way already (started %(started)s); start a new "
                "run when it has finished."
            )
            % {
                "year": fee_year,
                "started": timezone.localtime(running.started_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="run_under_way",
        )


@transaction.atomic
def invoice_run_create(
    *, fee_year: int, issued_on: datetime.date, send_by_email: bool, user: User | None
) -> InvoiceRun:
    """Record a run, once the year's fee schedule is complete and no other run of the year is
    under way; ``invoice_run_execute`` issues."""
    schedule_for_invoicing(fee_year=fee_year, lock=True)
    invoice_run_refuse_if_running(fee_year=fee_year)
    return InvoiceRun.objects.create(
        fee_year=fee_year,
        issued_on=issued_on,
        send_by_email=send_by_email,
        started_by=user,
        to_invoice=invoice_run_candidates(fee_year=fee_year).count(),
    )


def invoice_run_start(
    *, fee_year: int, issued_on: datetime.date, send_by_email: bool, user: User | None
) -> InvoiceRun:
    """Record a run and issue its invoices in the worker once this transaction commits."""
    from ...tasks import execute_invoice_run

    with transaction.atomic():
        run = invoice_run_create(
            fee_year=fee_year, issued_on=issued_on, send_by_email=send_by_email, user=user
        )
        execute_invoice_run.delay_on_commit(run.pk)
    return run


def invoice_run_execute(*, run_id: int) -> None:
    """Issue the run's invoices one transaction each; safe to run again after an interruption.

    When the run sends, each ``INVOICE_SEND_BATCH_SIZE`` invoices issued go to be sent while
    the run goes on issuing the rest."""
    run = InvoiceRun.objects.select_related("started_by").get(pk=run_id)
    if run.status != InvoiceRun.Status.RUNNING:
        return
    issued_by = run.started_by.email if run.started_by else ""
    candidates = list(invoice_run_candidates(fee_year=run.fee_year))
    InvoiceRun.objects.filter(pk=run.pk).update(to_invoice=run.issued + len(candidates))
    problems: list[dict[str, object]] = []
    to_send: list[int] = []
    sending: set[int] = set()
    for association in candidates:
        try:
            invoice = invoice_issue(
                association=association,
                fee_year=run.fee_year,
                issued_on=run.issued_on,
                issued_by=issued_by,
                run=run,
            )
        except AlreadyInvoiced:
            InvoiceRun.objects.filter(pk=run.pk).update(to_invoice=F("to_invoice") - 1)
        except ValidationError as error:
            problems.append({"association": association.name, "message": " ".join(error.messages)})
            InvoiceRun.objects.filter(pk=run.pk).update(problems=problems)
        else:
            InvoiceRun.objects.filter(pk=run.pk).update(
                issued=F("issued") + 1, progress_at=timezone.now()
            )
            to_send.append(invoice.pk)
            if run.send_by_email and len(to_send) == settings.INVOICE_SEND_BATCH_SIZE:
                invoices_send(invoice_ids=to_send)
                sending.update(to_send)
                to_send = []
    if not run.send_by_email:
        InvoiceRun.objects.filter(pk=run.pk).update(
            status=InvoiceRun.Status.FINISHED, finished_at=timezone.now(), problems=problems
        )
        return
    # Finished only once every invoice is sent (see invoice_run_finish_if_done): by the task
    # that sends the last ones, or now, if they were all sent while the run was issuing.
    with transaction.atomic():
        InvoiceRun.objects.filter(pk=run.pk).update(
            status=InvoiceRun.Status.EMAILING, progress_at=timezone.now(), problems=problems
        )
        # Those issued before an interruption are sent too (a channel is never used twice).
        rest = [
            pk for pk in run.invoices.order_by("pk").values_list("pk", flat=True)
            if pk not in sending
        ]  # fmt: skip
        invoices_send(invoice_ids=rest)
        if not rest:
            transaction.on_commit(lambda: invoice_run_finish_if_done(run_id=run.pk))


def _run_invoices_unsent(run: InvoiceRun) -> QuerySet[Invoice]:
    """The run's invoices not yet sent by every channel their association wants: an e-mail
    not in the outbox yet (when there is an address), an e-invoice not handed over yet."""
    emailed = OutboxMessage.objects.filter(key=invoice_email_key_sql(OuterRef("pk")))
    einvoiced = EinvoiceDelivery.objects.filter(invoice=OuterRef("pk"))
    return run.invoices.filter(
        Q(
            ~Exists(emailed),
            has_invoice_address("association__"),
            association__invoice_channel__in=Association.EMAIL_CHANNELS,
        )
        | Q(~Exists(einvoiced), association__invoice_channel__in=Association.EINVOICE_CHANNELS)
    )


def invoice_run_finish_if_done(*, run_id: int) -> bool:
    """Mark a sending run finished once every one of its invoices is sent."""
    with transaction.atomic():
        run = (
            InvoiceRun.objects.select_for_update()
            .filter(pk=run_id, status=InvoiceRun.Status.EMAILING)
            .first()
        )
        if run is None:
            return False
        InvoiceRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())
        if _run_invoices_unsent(run).exists():
            return False
        InvoiceRun.objects.filter(pk=run.pk).update(
            status=InvoiceRun.Status.FINISHED, finished_at=timezone.now()
        )
    return True


def invoice_runs_resume(*, now: datetime.datetime) -> list[int]:
    """Go on with every run that has made no progress for ``JOB_STALL_SECONDS`` (its worker
    died or its task was lost): issue what is left, or e-mail what is not in the outbox yet.
    Both steps are safe beside a copy still running."""
    from ...tasks import execute_invoice_run

    stalled_before = now - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS)
    resumed = []
    with transaction.atomic():
        runs = InvoiceRun.objects.select_for_update(skip_locked=True).filter(
            Q(progress_at__lt=stalled_before)
            | Q(progress_at__isnull=True, started_at__lt=stalled_before),
            status__in=InvoiceRun.UNDER_WAY,
        )
        for run in runs:
            InvoiceRun.objects.filter(pk=run.pk).update(progress_at=now)
            if run.status == InvoiceRun.Status.RUNNING:
                execute_invoice_run.delay_on_commit(run.pk)
            else:
                missing = list(
                    _run_invoices_unsent(run).order_by("pk").values_list("pk", flat=True)
                )
                invoices_send(invoice_ids=missing)
                if not missing:
                    transaction.on_commit(lambda pk=run.pk: invoice_run_finish_if_done(run_id=pk))
            resumed.append(run.pk)
        resumed += _lapsed_batches_resend(now=now, skip=resumed)
    return resumed


def _lapsed_batches_resend(*, now: datetime.datetime, skip: list[int]) -> list[int]:
    """A batch whose task was lost (its worker killed, say) while the run's other batches go
    on: its invoices, unsent when their lease runs out, go to a new task at once."""
    started_before = now - datetime.timedelta(seconds=settings.INVOICE_SEND_LEASE_SECONDS)
    queued_before = now - datetime.timedelta(seconds=settings.INVOICE_QUEUE_LEASE_SECONDS)
    lapsed_filter = Q(send_lease__started_at__lt=started_before) | Q(
        send_lease__started_at=None, send_lease__dispatched_at__lt=queued_before
    )
    resent = []
    for run in InvoiceRun.objects.filter(status=InvoiceRun.Status.EMAILING).exclude(pk__in=skip):
        lapsed = list(
            _run_invoices_unsent(run)
            .filter(lapsed_filter)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if lapsed:
            invoices_send(invoice_ids=lapsed)
            resent.append(run.pk)
    return resent
