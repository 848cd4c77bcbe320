"""The e-mails of invoicing, rendered: an invoice or credit note with its PDF, a reminder of an
overdue one; their keys in the outbox. Queuing them is the services' (``services/runs.py``,
``services/reminders.py``)."""

from django.db.models import CharField, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from members.models import Association
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import (
    Attachment,
    Draft,
)

from ..models import Invoice
from .filenames import invoice_pdf_filename
from .pdf import invoice_pdf

CATEGORY = "invoice"


def invoice_email_key(invoice_id: int) -> str:
    return f"invoice:{invoice_id}:email"


def invoice_email_key_sql(invoice_id: Combinable) -> Concat:
    """``invoice_email_key`` in SQL, to look an invoice's e-mail up in a query."""
    return Concat(Value("invoice:"), Cast(invoice_id, CharField()), Value(":email"))


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


def resend_key_prefix(invoice_id: int) -> str:
    """The keys of an invoice's e-mails sent again by staff: ``…:resend:1``, ``…:resend:2``."""
    return f"invoice:{invoice_id}:resend:"


def invoice_draft(invoice: Invoice, *, key: str) -> Draft:
    """The e-mail that carries an invoice or credit note with its PDF."""
    return render_draft(
        key=key,
        category=CATEGORY,
        to=invoice_address(invoice.association),
        template="budget/email/invoice",
        context={"invoice": invoice, "invoices_url": absolute_url(reverse("budget:mine"))},
        language="sv",
        attachments=[_pdf_attachment(invoice)],
    )


def reminder_draft(invoice: Invoice, *, ordinal: int) -> Draft:
    """The first or second reminder of an overdue invoice, with its PDF (``invoice.paid``: what
    is paid of it, as ``with_payments`` reads it)."""
    return render_draft(
        key=f"invoice:{invoice.pk}:reminder:{ordinal}",
        category=CATEGORY,
        to=invoice_address(invoice.association),
        template="budget/email/reminder",
        context={"invoice": invoice, "balance": invoice.total_amount - invoice.paid},
        language="sv",
        attachments=[_pdf_attachment(invoice)],
    )
