"""Credit notes: an issued invoice is never changed; it is credited in full, its snapshot
copied with the amounts negated, and, if wanted, issued again from today's register."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...models import FeeSchedule, Invoice, InvoiceLine
from .issuing import _numbered, invoice_issue
from .runs import invoices_send

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
