"""PDFs that last: an invoice is a PDF/A-3b carrying its Peppol UBL (as ZUGFeRD and Factur-X
invoices do), and the portal's other PDFs are tagged, with language and title; read back with
pikepdf, an independent PDF library."""

import datetime
import io

import pikepdf
import pytest

from budget.invoicing import services
from budget.invoicing.einvoice_rules import einvoice_rules
from budget.invoicing.pdf import render_invoice_pdf
from budget.invoicing.ubl import render_invoice_ubl
from budget.plan.pdf import render_budget_pdf
from budget.plan.selectors import budget_table
from budget.plan.services import budget_import
from meetings.annual.pdf import render_document_pdf, render_motions_pdf, render_roll_call_pdf
from meetings.annual.selectors import roll_call
from tests.factories import annual_meeting
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def _open(content: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(content))


@pytest.fixture
def invoice_and_credit_note(invoicing):
    invoicing.a.invoice_reference = "4711"
    invoicing.a.save()
    invoice = issue(invoicing.a)
    credit_note, _ = services.invoice_credit(
        invoice=invoice, reason="Fel budget", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    return invoice, credit_note


def test_an_invoice_is_pdf_a_3b_carrying_its_e_invoice(invoice_and_credit_note):
    rules = einvoice_rules()
    for document in invoice_and_credit_note:
        pdf = _open(render_invoice_pdf(invoice=document))

        metadata = pdf.open_metadata()
        assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"]) == ("3", "B")
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        [(name, attached)] = pdf.attachments.items()
        assert name == f"{document.number}.xml"
        assert attached.obj.AFRelationship == "/Alternative"
        assert {spec.objgen for spec in pdf.Root.AF} == {attached.obj.objgen}
        ubl = attached.get_file().read_bytes()
        assert ubl == render_invoice_ubl(invoice=document, pdf=None)
        assert rules.fatal(ubl) == []


def _assert_tagged(content: bytes, title: str) -> None:
    pdf = _open(content)
    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "sv"
    metadata = pdf.open_metadata()
    assert metadata["dc:title"] == title and metadata["pdfuaid:part"] == "1"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_the_budget_and_the_meeting_papers_are_tagged(invoicing, frozen):
    budget_import()
    _assert_tagged(render_budget_pdf(table=budget_table()), "NNS budget")
    annual = annual_meeting(datetime.date(2027, 1, 4))
    _assert_tagged(
        render_roll_call_pdf(meeting=annual, rows=roll_call(meeting=annual)),
        f"Röstlängd: {annual}",
    )
    _assert_tagged(
        render_motions_pdf(meeting=annual, motions=[]),
        f"Motioner med styrelsens yttranden: {annual}",
    )
    _assert_tagged(render_document_pdf(title="Protokoll", paragraphs=["§ 1"]), "Protokoll")
