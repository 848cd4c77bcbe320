"""The names an invoice's documents are downloaded and attached by: its PDF and its e-invoice."""

from ..models import Invoice


def invoice_pdf_filename(invoice: Invoice) -> str:
    prefix = "kreditnota" if invoice.is_credit_note else "faktura"
    return f"{prefix}-{invoice.number}.pdf"


def einvoice_filename(invoice: Invoice) -> str:
    return f"{invoice.number}.xml"
