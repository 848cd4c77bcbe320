"""E-invoices: each invoice's UBL made once and kept, downloads, and delivery by transport."""

import io
import zipfile
from pathlib import Path

from django.db import IntegrityError, transaction

from ..models import EinvoiceDelivery, Invoice, InvoiceUbl
from .einvoice_transport import einvoice_transport
from .filenames import einvoice_filename
from .pdf import invoice_pdf
from .ubl import EinvoiceRefused, render_invoice_ubl


def invoice_ubl(*, invoice: Invoice) -> bytes:
    """The invoice's UBL: the stored one, or made from its snapshot and stored now (the first
    stored wins, as for the PDF)."""
    stored = InvoiceUbl.objects.filter(invoice=invoice).values_list("content", flat=True).first()
    if stored is None:
        content = render_invoice_ubl(invoice=invoice, pdf=invoice_pdf(invoice=invoice))
        InvoiceUbl.objects.bulk_create(
            [InvoiceUbl(invoice=invoice, content=content)], ignore_conflicts=True
        )
        stored = InvoiceUbl.objects.values_list("content", flat=True).get(invoice=invoice)
    return bytes(stored)


def _fee_year_documents(fee_year: int) -> list[Invoice]:
    return list(
        Invoice.objects.filter(fee_year=fee_year)
        .select_related("credits")
        .order_by("series_year", "sequence")
    )


REFUSED_LIST = "ej-skapade.txt"


def einvoices_zip(*, fee_year: int) -> bytes:
    """Every invoice and credit note of a fee year as UBL in one ZIP, in number order; those
    that cannot be made are named, with the reason, in ``ej-skapade.txt``."""
    buffer = io.BytesIO()
    refused = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in _fee_year_documents(fee_year):
            try:
                archive.writestr(einvoice_filename(invoice), invoice_ubl(invoice=invoice))
            except EinvoiceRefused as error:
                refused.append(str(error))
        if refused:
            archive.writestr(REFUSED_LIST, "\n".join(refused) + "\n")
    return buffer.getvalue()


def einvoices_write(*, fee_year: int, folder: Path) -> tuple[list[Path], list[str]]:
    """Write ``<number>.xml`` for every invoice and credit note of a fee year into ``folder``;
    returns the files written and why the others could not be made."""
    folder.mkdir(parents=True, exist_ok=True)
    written, refused = [], []
    for invoice in _fee_year_documents(fee_year):
        try:
            document = invoice_ubl(invoice=invoice)
        except EinvoiceRefused as error:
            refused.append(str(error))
            continue
        path = folder / einvoice_filename(invoice)
        path.write_bytes(document)
        written.append(path)
    return written, refused


def einvoice_deliver(*, invoice_id: int) -> bool:
    """Hand the invoice's e-invoice to the transport once; False if it was handed over before.

    The row is taken first, in a transaction that holds it while the transport works: a second
    worker waits, then finds it and stops; a transport that fails rolls the row back, and the
    next attempt hands the same document over again (the transport must take that)."""
    invoice = Invoice.objects.select_related("credits").get(pk=invoice_id)
    document = invoice_ubl(invoice=invoice)
    transport = einvoice_transport()
    try:
        with transaction.atomic():
            delivery = EinvoiceDelivery.objects.create(invoice=invoice, transport=transport.name)
            delivery.receipt = transport.deliver(
                number=invoice.number, receiver=invoice.buyer_peppol_id, document=document
            )[:300]
            delivery.save(update_fields=["receipt"])
    except IntegrityError:
        return False
    return True
