"""Issuing invoices and credit notes, invoice runs and payments.

Every issuing transaction first locks the fee schedule of the year it invoices, then the number
series of the invoice date's year, always in that order. The first lock makes "is this association
invoiced for the year yet?" a question that two runs cannot both answer "no"; the second hands out
numbers one at a time, in the same transaction as the invoice, so a rolled-back invoice gives its
number back and the series never has a gap or a duplicate.
"""

import datetime
import itertools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Association, AssociationYear, User
from nns_portal.batches import ItemFailures
from nns_portal.models import OutboxMessage

from ..models import (
    EinvoiceDelivery,
    FeeSchedule,
    Invoice,
    InvoiceLine,
    InvoiceRun,
    InvoiceSeries,
    Payment,
)
from .einvoices import einvoice_deliver
from .emails import (
    has_invoice_address,
    invoice_address,
    invoice_email_key_sql,
    invoices_email_queue,
)
from .fees import fees_for
from .ocr import ocr_reference


class AlreadyInvoiced(ValidationError):
    """The association has its invoice for the year already (perhaps from a concurrent run)."""


def schedule_problems(*, schedule: FeeSchedule) -> list[str]:
    """What is missing before invoices can be issued with this schedule, in Swedish."""
    missing = {
        "seller_address": schedule.seller_address,
        "seller_org_number": schedule.seller_org_number,
        "seller_bankgiro": schedule.seller_bankgiro,
        "seller_email": schedule.seller_email,
    }
    problems = [
        _("The fee schedule of %(year)s has no %(field)s.")
        % {"year": schedule.year, "field": FeeSchedule._meta.get_field(name).verbose_name}
        for name, value in missing.items()
        if not value
    ]
    if schedule.indicator_fee is None:
        problems.append(
            _("The fee schedule of %(year)s has no indicator fee.") % {"year": schedule.year}
        )
    return problems


def schedule_for_invoicing(*, fee_year: int, lock: bool = False) -> FeeSchedule:
    """The year's fee schedule, complete enough to issue invoices with; ValidationError if not.

    With ``lock``, the row stays locked until the transaction ends (see the module's docstring).
    """
    schedules = FeeSchedule.objects.select_for_update() if lock else FeeSchedule.objects
    schedule = schedules.filter(year=fee_year).first()
    if schedule is None:
        raise ValidationError(_("There is no fee schedule for %(year)s.") % {"year": fee_year})
    if problems := schedule_problems(schedule=schedule):
        raise ValidationError(problems)
    return schedule


def _take_number(issued_on: datetime.date) -> tuple[int, int]:
    """The next place in the series of the invoice date's year; call inside the transaction."""
    year = issued_on.year
    InvoiceSeries.objects.bulk_create([InvoiceSeries(year=year)], ignore_conflicts=True)
    series = InvoiceSeries.objects.select_for_update().get(year=year)
    if series.last_issued_on and issued_on < series.last_issued_on:
        raise ValidationError(
            _(
                "Invoice %(year)s-%(sequence)04d is dated %(date)s: "
                "a later number cannot have an earlier date."
            )
            % {"year": year, "sequence": series.last_sequence, "date": series.last_issued_on}
        )
    series.last_sequence += 1
    series.last_issued_on = issued_on
    series.save(update_fields=["last_sequence", "last_issued_on"])
    return year, series.last_sequence


def invoice_number(
    *, series_year: int, sequence: int, issued_on: datetime.date
) -> dict[str, object]:
    """The fields that place an invoice in its series: number, OCR reference and date."""
    return {
        "series_year": series_year,
        "sequence": sequence,
        "number": f"{series_year}-{sequence:04d}",
        "ocr": ocr_reference(series_year=series_year, sequence=sequence),
        "issued_on": issued_on,
    }


def _numbered(issued_on: datetime.date) -> dict[str, object]:
    series_year, sequence = _take_number(issued_on)
    return invoice_number(series_year=series_year, sequence=sequence, issued_on=issued_on)


def buyer_address(*, association: Association) -> str:
    if association.invoice_address.strip():
        return association.invoice_address.strip()
    place = f"{association.postal_code} {association.city}".strip()
    return "\n".join(line for line in [association.street_address, place] if line)


def delivery_problems(*, association: Association) -> list[str]:
    """What the association's chosen channel lacks, in Swedish: an invoice issued anyway would
    not reach its finance office, or would come back unpaid."""
    problems = []
    name = {"name": association.name}
    if association.invoice_channel in Association.EMAIL_CHANNELS and not invoice_address(
        association
    ):
        problems.append(
            _("%(name)s wants invoices by e-mail but has no invoice e-mail or e-mail address.")
            % name
        )
    if (
        association.invoice_channel in Association.EINVOICE_CHANNELS
        and not association.invoice_reference.strip()
    ):
        problems.append(
            _(
                "%(name)s wants e-invoices but has no invoice reference (Er referens): public "
                "bodies return an e-invoice without one."
            )
            % name
        )
    return problems


def invoice_draft(
    *,
    association: Association,
    schedule: FeeSchedule,
    year: AssociationYear,
    number: dict[str, object],
    issued_by: str,
    replaces: Invoice | None = None,
    run: InvoiceRun | None = None,
) -> tuple[Invoice, list[InvoiceLine]]:
    """An association's unsaved invoice for ``year`` and its lines: the fees of the schedule and
    snapshots of seller and buyer, so that later changes to either never alter it."""
    fees = fees_for(
        schedule=schedule,
        total_budget=year.total_budget,
        takes_part_in_indicators=year.takes_part_in_indicators,
    )
    issued_on = number["issued_on"]
    invoice = Invoice(
        **number,
        kind=Invoice.Kind.INVOICE,
        association=association,
        fee_year=year.year,
        replaces=replaces,
        run=run,
        due_on=issued_on + datetime.timedelta(days=schedule.payment_terms_days),
        seller_name=schedule.seller_name,
        seller_address=schedule.seller_address,
        seller_org_number=schedule.seller_org_number,
        seller_bankgiro=schedule.seller_bankgiro,
        seller_email=schedule.seller_email,
        seller_reference=schedule.seller_reference,
        payment_terms=schedule.payment_terms,
        late_interest_text=schedule.late_interest_text,
        buyer_name=association.name,
        buyer_address=buyer_address(association=association),
        buyer_org_number=association.org_number,
        buyer_reference=association.invoice_reference,
        buyer_order_number=association.invoice_order_number,
        buyer_peppol_id=association.peppol_participant,
        total_budget=year.total_budget,
        service_fee_per_mille=schedule.service_fee_per_mille,
        vat_percent=schedule.vat_percent,
        vat_exemption_text="" if schedule.vat_percent else schedule.vat_exemption_text,
        net_amount=fees.net,
        vat_amount=fees.vat,
        total_amount=fees.total,
        issued_by=issued_by,
    )
    lines = [
        InvoiceLine(invoice=invoice, position=position, kind=line.kind, amount=line.amount)
        for position, line in enumerate(fees.lines, start=1)
    ]
    return invoice, lines


def invoice_issue(
    *,
    association: Association,
    fee_year: int,
    issued_on: datetime.date,
    issued_by: str,
    run: InvoiceRun | None = None,
    replaces: Invoice | None = None,
) -> Invoice:
    """Issue an association's invoice for a year (or the one replacing a credited invoice)."""
    with transaction.atomic():
        schedule = schedule_for_invoicing(fee_year=fee_year, lock=True)
        name = {"name": association.name, "year": fee_year}
        if not Association.objects.members_during(fee_year).filter(pk=association.pk).exists():
            raise ValidationError(_("%(name)s is not a member in %(year)s.") % name)
        if replaces is None:
            first = Invoice.objects.filter(
                association=association,
                fee_year=fee_year,
                kind=Invoice.Kind.INVOICE,
                replaces__isnull=True,
            ).first()
            if first is not None:
                raise AlreadyInvoiced(
                    _("%(name)s has invoice %(number)s for %(year)s already.")
                    % {**name, "number": first.number}
                )
        elif not Invoice.objects.filter(credits=replaces).exists():
            raise ValidationError(_("Only a credited invoice can be replaced."))
        elif Invoice.objects.filter(replaces=replaces).exists():
            raise ValidationError(
                _("Invoice %(number)s has been replaced already.") % {"number": replaces.number}
            )
        if problems := delivery_problems(association=association):
            raise ValidationError(problems)
        year = AssociationYear.objects.filter(association=association, year=fee_year).first()
        if year is None:
            raise ValidationError(
                _("%(name)s has no total budget for %(year)s: enter it before invoicing.") % name
            )
        invoice, lines = invoice_draft(
            association=association,
            schedule=schedule,
            year=year,
            number=_numbered(issued_on),
            issued_by=issued_by,
            replaces=replaces,
            run=run,
        )
        invoice.save()
        InvoiceLine.objects.bulk_create(lines)
    return invoice


# A credit note's own details; everything else of the invoice's snapshot it copies as issued.
_CREDIT_NOTE_OWN = frozenset(
    {
        "id",
        "number",
        "series_year",
        "sequence",
        "kind",
        "credits",
        "replaces",
        "run",
        "issued_on",
        "due_on",
        "ocr",
        "reason",
        "issued_by",
        "created_at",
    }
)
_CREDITED_AMOUNTS = frozenset({"net_amount", "vat_amount", "total_amount"})


def _credit_note_snapshot(invoice: Invoice) -> dict[str, object]:
    """The invoice's frozen snapshot (seller, buyer, rates), with its amounts negated."""
    snapshot: dict[str, object] = {}
    for field in Invoice._meta.concrete_fields:
        if field.name in _CREDIT_NOTE_OWN:
            continue
        value = getattr(invoice, field.attname)
        snapshot[field.attname] = -value if field.name in _CREDITED_AMOUNTS else value
    return snapshot


def _batch(invoice_ids: list[int]) -> list[Invoice]:
    """A task's invoices, with what sending them reads, in number order."""
    invoices = Invoice.objects.filter(pk__in=invoice_ids).select_related("association", "credits")
    return list(invoices.order_by("pk"))


def invoices_send(*, invoice_ids: list[int]) -> None:
    """Send each invoice or credit note by its association's channel (e-mail with PDF,
    e-invoice, or both) once this transaction commits; each channel once per document.
    A task takes ``INVOICE_SEND_BATCH_SIZE`` of them."""
    from ..tasks import send_invoices

    for batch in itertools.batched(invoice_ids, settings.INVOICE_SEND_BATCH_SIZE, strict=False):
        send_invoices.delay_on_commit(list(batch))


def invoices_send_now(*, invoice_ids: list[int]) -> None:
    """Send a batch of invoices by their associations' channels; a channel that has carried
    one already is not used again. The batch's e-mails are queued together, and a run whose
    last invoices these were is finished. An invoice that cannot be sent (its e-invoice
    refused, its PDF failing) does not hold the others back; the first such failure is raised
    at the end, and the run's resumption tries it again."""
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
    from ..tasks import email_invoices

    for batch in itertools.batched(invoice_ids, settings.INVOICE_SEND_BATCH_SIZE, strict=False):
        email_invoices.delay_on_commit(list(batch))


def invoices_email_now(*, invoice_ids: list[int]) -> int:
    """Queue the e-mails of a batch of invoices not e-mailed yet; returns how many."""
    return invoices_email_queue(invoices=_batch(invoice_ids))


def invoice_credit(
    *,
    invoice: Invoice,
    reason: str,
    issued_on: datetime.date,
    issued_by: str,
    reissue: bool,
    send_by_email: bool = False,
) -> tuple[Invoice, Invoice | None]:
    """Credit an invoice in full; with ``reissue``, issue its replacement from today's data;
    with ``send_by_email``, send the credit note and the replacement by the association's
    channel."""
    if not reason.strip():
        raise ValidationError(_("Say why the invoice is credited."))
    with transaction.atomic():
        # The year's lock first, as when issuing, so that the two never wait on each other.
        FeeSchedule.objects.select_for_update().filter(year=invoice.fee_year).first()
        if invoice.is_credit_note:
            raise ValidationError(_("A credit note cannot be credited."))
        existing = Invoice.objects.filter(credits=invoice).first()
        if existing is not None:
            raise ValidationError(
                _("Invoice %(number)s is credited already by %(credit)s.")
                % {"number": invoice.number, "credit": existing.number}
            )
        credit_note = Invoice.objects.create(
            **_credit_note_snapshot(invoice),
            **_numbered(issued_on),
            kind=Invoice.Kind.CREDIT_NOTE,
            credits=invoice,
            due_on=None,
            reason=reason.strip(),
            issued_by=issued_by,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=credit_note, position=line.position, kind=line.kind, amount=-line.amount
            )
            for line in invoice.lines.all()
        )
        replacement = None
        if reissue:
            replacement = invoice_issue(
                association=invoice.association,
                fee_year=invoice.fee_year,
                issued_on=issued_on,
                issued_by=issued_by,
                replaces=invoice,
            )
        if send_by_email:
            invoices_send(
                invoice_ids=[issued.pk for issued in (credit_note, replacement) if issued]
            )
    return credit_note, replacement


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
            }
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
    from ..tasks import execute_invoice_run

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
    from ..tasks import execute_invoice_run

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
    return resumed


def payment_register(
    *, invoice: Invoice, paid_on: datetime.date, amount: Decimal, note: str, user: User | None
) -> Payment:
    """Record money received for an invoice (a part of it, or all)."""
    payment = Payment(
        invoice=invoice, paid_on=paid_on, amount=amount, note=note, registered_by=user
    )
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def payment_remove(*, payment: Payment) -> None:
    """Take back a payment registered by mistake (its history keeps that it was there)."""
    payment.delete()
