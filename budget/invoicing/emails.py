"""E-mailing invoices with their PDF, and reminding of overdue ones, through the outbox."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, Max, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from members.models import Association
from nns_portal.batches import ItemFailures
from nns_portal.emails import absolute_url, render_draft
from nns_portal.models import OutboxMessage
from nns_portal.outbox import (
    Attachment,
    Draft,
    outbox_known_keys,
    outbox_queue,
    outbox_status_counts,
)

from ..models import Invoice, InvoiceReminder, InvoiceRun
from .pdf import invoice_pdf, invoice_pdf_filename
from .selectors import balance_due_filter, with_payments

CATEGORY = "invoice"


def invoice_email_key(invoice_id: int) -> str:
    return f"invoice:{invoice_id}:email"


def invoice_email_key_sql(invoice_id: Combinable) -> Concat:
    """``invoice_email_key`` in SQL, to look an invoice's e-mail up in a query."""
    return Concat(Value("invoice:"), Cast(invoice_id, CharField()), Value(":email"))


def invoice_email_message(*, invoice: Invoice) -> OutboxMessage | None:
    """The e-mail that carried the invoice, once queued."""
    return OutboxMessage.objects.filter(key=invoice_email_key(invoice.pk)).first()


def invoice_email_resent_count(*, invoice: Invoice) -> int:
    return OutboxMessage.objects.filter(key__startswith=_resend_key_prefix(invoice.pk)).count()


def run_email_progress(*, run: InvoiceRun) -> dict[str, int]:
    """How many of a run's invoice e-mails are queued, being sent, sent and failed."""
    keys = [invoice_email_key(pk) for pk in run.invoices.values_list("pk", flat=True)]
    return outbox_status_counts(messages=OutboxMessage.objects.filter(key__in=keys))


def invoice_address(association: Association) -> str:
    """Where invoices go: the invoice e-mail, or the association's own address."""
    return association.invoice_email or association.email


def has_invoice_address(prefix: str = "") -> Q:
    """``invoice_address`` is not empty, in SQL (``prefix`` leads from the model queried)."""
    return Q(**{f"{prefix}invoice_email__gt": ""}) | Q(**{f"{prefix}email__gt": ""})


def _pdf_attachment(invoice: Invoice) -> Attachment:
    return Attachment(
        invoice_pdf_filename(invoice), invoice_pdf(invoice=invoice), "application/pdf"
    )


def _resend_key_prefix(invoice_id: int) -> str:
    return f"invoice:{invoice_id}:resend:"


def invoices_not_emailed(invoices: list[Invoice]) -> list[Invoice]:
    """Those of ``invoices`` whose e-mail is not in the outbox yet (each is e-mailed once)."""
    queued = outbox_known_keys(keys=[invoice_email_key(invoice.pk) for invoice in invoices])
    return [invoice for invoice in invoices if invoice_email_key(invoice.pk) not in queued]


def invoices_email_queue(*, invoices: list[Invoice]) -> int:
    """Queue those of ``invoices`` not e-mailed yet, each with its PDF, in one go (the outbox
    sends them as one batch); returns how many were queued. Each invoice is e-mailed once; one
    whose e-mail cannot be made (its PDF, say) does not hold the others back."""
    failures = ItemFailures()
    drafts = []
    for invoice in invoices_not_emailed(invoices):
        if invoice_address(invoice.association):
            with failures.item(f"The e-mail of {invoice.number}"):
                drafts.append(_invoice_draft(invoice, key=invoice_email_key(invoice.pk)))
    queued = outbox_queue(drafts=drafts)
    failures.raise_first()
    return queued


@transaction.atomic
def invoice_email_resend(*, invoice_id: int) -> bool:
    """Queue the invoice (or credit note) again, as a new message that is itself sent once:
    the n-th re-sending has its own key, so a double click (the same n) sends one."""
    sent_again = OutboxMessage.objects.filter(
        key__startswith=_resend_key_prefix(invoice_id)
    ).count()
    key = f"{_resend_key_prefix(invoice_id)}{sent_again + 1}"
    invoice = Invoice.objects.select_related("association", "credits").get(pk=invoice_id)
    if not invoice_address(invoice.association):
        return False
    return outbox_queue(drafts=[_invoice_draft(invoice, key=key)]) == 1


def _invoice_draft(invoice: Invoice, *, key: str) -> Draft:
    return render_draft(
        key=key,
        category=CATEGORY,
        to=invoice_address(invoice.association),
        template="budget/email/invoice",
        context={"invoice": invoice, "invoices_url": absolute_url(reverse("budget:mine"))},
        language="sv",
        attachments=[_pdf_attachment(invoice)],
    )


def reminders_due(*, today: datetime.date) -> list[tuple[Invoice, int]]:
    """Overdue invoices to remind now: a first reminder some days after the due date, a second
    (and last) one some days after the first. Paid and credited invoices never qualify."""
    grace = datetime.timedelta(days=settings.INVOICE_REMINDER_GRACE_DAYS)
    interval = datetime.timedelta(days=settings.INVOICE_SECOND_REMINDER_DAYS)
    overdue = (
        with_payments(Invoice.objects.filter(kind=Invoice.Kind.INVOICE))
        .filter(balance_due_filter(today=today), due_on__lt=today - grace)
        .annotate(reminded=Count("reminders"), last_reminded=Max("reminders__queued_at"))
        .select_related("association")
        .order_by("sequence")
    )
    due = []
    for invoice in overdue:
        if invoice.reminded == 0:
            due.append((invoice, 1))
        elif (
            invoice.reminded == 1 and timezone.localdate(invoice.last_reminded) <= today - interval
        ):
            due.append((invoice, 2))
    return due


def overdue_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue the reminders that are due; returns how many. Each is recorded once, with its mail."""
    today = today or timezone.localdate()
    queued = 0
    for invoice, ordinal in reminders_due(today=today):
        to = invoice_address(invoice.association)
        if not to:
            continue
        with transaction.atomic():
            _reminder, created = InvoiceReminder.objects.get_or_create(
                invoice=invoice, ordinal=ordinal
            )
            if not created:
                continue
            draft = render_draft(
                key=f"invoice:{invoice.pk}:reminder:{ordinal}",
                category=CATEGORY,
                to=to,
                template="budget/email/reminder",
                context={"invoice": invoice, "balance": invoice.total_amount - invoice.paid},
                language="sv",
                attachments=[_pdf_attachment(invoice)],
            )
            queued += outbox_queue(drafts=[draft])
    return queued
