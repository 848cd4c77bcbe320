"""Invoice PDFs made with WeasyPrint: rendered once, then kept as issued."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils import translation

from nns_portal.pdf import EmbeddedFile, render_pdf

from ..models import Invoice, InvoicePdf
from .filenames import einvoice_filename, invoice_pdf_filename
from .ubl import render_invoice_ubl


def render_invoice_pdf(*, invoice: Invoice) -> bytes:
    """An A4 PDF of the invoice in Swedish (an invoice to a Swedish authority is in Swedish):
    a PDF/A-3b, which the receiving public body can archive as it is, carrying the invoice's
    Peppol UBL as its alternative form (as ZUGFeRD and Factur-X invoices do). That UBL is the
    e-invoice without the PDF inside it, which would have to contain itself."""
    with translation.override("sv"):
        html = render_to_string(
            "budget/invoice_pdf.html",
            {"invoice": invoice, "lines": list(invoice.lines.all())},
        )
    ubl = EmbeddedFile(
        name=einvoice_filename(invoice),
        content=render_invoice_ubl(invoice=invoice, pdf=None),
        description=f"{invoice.get_kind_display()} {invoice.number}, Peppol BIS Billing 3.0",
    )
    return render_pdf(html, archive=True, embedded=[ubl])


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice's PDF: the stored one, or rendered and stored now (the first stored wins)."""
    stored = InvoicePdf.objects.filter(invoice=invoice).values_list("content", flat=True).first()
    if stored is None:
        content = render_invoice_pdf(invoice=invoice)
        InvoicePdf.objects.bulk_create(
            [InvoicePdf(invoice=invoice, content=content)], ignore_conflicts=True
        )
        stored = InvoicePdf.objects.values_list("content", flat=True).get(invoice=invoice)
    return bytes(stored)


def invoices_zip(*, fee_year: int) -> bytes:
    """Every invoice and credit note of a fee year as PDFs in one ZIP, in number order."""
    invoices = Invoice.objects.filter(fee_year=fee_year).select_related("credits", "replaces")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices.order_by("series_year", "sequence"):
            archive.writestr(invoice_pdf_filename(invoice), invoice_pdf(invoice=invoice))
    return buffer.getvalue()
