"""Issuing invoices: the fee schedule's checks, the numbers, and the frozen snapshot.

Every issuing transaction first locks the fee schedule of the year it invoices, then the number
series of the invoice date's year, always in that order. The first lock makes "is this association
invoiced for the year yet?" a question that two runs cannot both answer "no"; the second hands out
numbers one at a time, in the same transaction as the invoice, so a rolled-back invoice gives its
number back and the series never has a gap or a duplicate.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Association, AssociationYear

from ...models import FeeSchedule, Invoice, InvoiceLine, InvoiceRun, InvoiceSeries
from ..emails import invoice_address
from ..fees import fees_for
from ..ocr import ocr_reference


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
