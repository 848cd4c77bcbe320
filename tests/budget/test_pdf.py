"""The invoice PDF, read back with pypdf."""

import io
import re

import pytest
from django.db import DatabaseError, connection, transaction
from pypdf import PdfReader

from budget.invoicing import services
from budget.invoicing.pdf import invoice_pdf, render_invoice_pdf
from budget.models import FeeSchedule, InvoicePdf, IssuedInvoiceError
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \xa0\u202f]+", " ", text)


def test_the_invoice_pdf_carries_every_detail_a_treasurer_needs(invoicing):
    invoice = issue(invoicing.a)
    reader, text = pdf_text(render_invoice_pdf(invoice=invoice))
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4
    for expected in [
        "FAKTURA",
        "2026-0001",  # number
        "Fakturadatum 2026-02-02",
        "Förfallodatum 2026-03-04",
        "OCR-nummer 2026000105",
        "5050-1055",  # NNS's bankgiro
        "802400-0005",  # NNS's organisation number
        f"Org.nr {invoicing.a.org_number_display}",  # the buyer's
        "Samordningsförbundet Alfa",
        "Nationella nätverket för samordningsförbund",
        "Medlemsavgift 2026 200 kr",
        "Serviceavgift 2026: 3,5 ‰ av total budget 17 328 500 kr 60 650 kr",
        "Indikatoravgift 2026 4 700 kr",
        "Att betala 65 550 kr",
        "Ingen moms debiteras.",
        "Avgifter till NNS för 2026",
    ]:
        assert expected in text, expected
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontFile2" in font.get_object().get("/FontDescriptor", {})
        or "/DescendantFonts" in font.get_object()
    }
    assert fonts, "the fonts are embedded, so å, ä and ö print anywhere"


def test_a_credit_note_pdf_names_the_invoice_it_cancels_and_asks_no_payment(invoicing):
    invoice = issue(invoicing.a)
    credit_note, _ = services.invoice_credit(
        invoice=invoice, reason="Fel total budget", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    _reader, text = pdf_text(render_invoice_pdf(invoice=credit_note))
    assert "KREDITNOTA" in text
    assert "Krediterar faktura 2026-0001" in text
    assert "Orsak: Fel total budget" in text
    assert "Summa krediterat -65 550 kr" in text
    assert "Att betala" not in text


def test_the_pdf_is_kept_as_first_rendered(invoicing, monkeypatch):
    invoice = issue(invoicing.a)
    first = invoice_pdf(invoice=invoice)

    def render_again(**kwargs: object) -> bytes:
        raise AssertionError("the stored PDF should have been served")

    monkeypatch.setattr("budget.invoicing.pdf.render_invoice_pdf", render_again)
    assert invoice_pdf(invoice=invoice) == first
    assert first.startswith(b"%PDF")
    assert InvoicePdf.objects.count() == 1


def test_the_footer_prints_nns_details_as_typed(invoicing):
    FeeSchedule.objects.filter(year=2026).update(
        seller_name='Nätverket "NNS" – Öst-Väst; {x} </style>',
        seller_email="faktura-nns@nns.example",
    )
    _reader, text = pdf_text(render_invoice_pdf(invoice=issue(invoicing.a)))

    assert "faktura-nns@nns.example" in text
    assert 'Nätverket "NNS" – Öst-Väst; {x} </style>' in text
    assert "u002D" not in text and "u0022" not in text


@pytest.mark.parametrize(
    "statement",
    ["UPDATE budget_invoicepdf SET content = 'forged'", "DELETE FROM budget_invoicepdf"],
)
def test_the_stored_pdf_cannot_be_changed_or_deleted(invoicing, statement):
    invoice = issue(invoicing.a)
    original = invoice_pdf(invoice=invoice)
    stored = InvoicePdf.objects.get()

    with pytest.raises(IssuedInvoiceError):
        InvoicePdf.objects.update(content=b"%PDF-forged")
    with pytest.raises(IssuedInvoiceError):
        InvoicePdf.objects.all().delete()
    stored.content = b"%PDF-forged"
    with pytest.raises(IssuedInvoiceError):
        stored.save()
    with pytest.raises(IssuedInvoiceError):
        stored.delete()
    refused = pytest.raises(DatabaseError, match="Ett utfärdat dokument ändras eller raderas")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert invoice_pdf(invoice=invoice) == original


def test_the_pdf_prints_the_references_terms_and_late_interest(invoicing):
    from tests.invoicing import complete_schedule

    complete_schedule(2026, seller_reference="Karin Kassör")
    invoicing.a.invoice_reference = "4711ABC"
    invoicing.a.invoice_order_number = "IO-17"
    invoicing.a.save()
    invoice = issue(invoicing.a)

    _reader, text = pdf_text(render_invoice_pdf(invoice=invoice))

    for expected in [
        "Er referens 4711ABC",
        "Ert ordernummer IO-17",
        "Vår referens Karin Kassör",
        "Betalningsvillkor 30 dagar netto",
        "Vid betalning efter förfallodagen debiteras dröjsmålsränta enligt räntelagen.",
    ]:
        assert expected in text, expected
