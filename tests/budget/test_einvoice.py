"""Peppol BIS Billing 3.0 UBL, judged by the official rule sets (CEN EN 16931 and Peppol with
the Swedish SE-R rules) run with saxonche, not by our own reading of them."""

import base64
import io
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from budget.invoicing import einvoices, services
from budget.invoicing.einvoice_rules import einvoice_rules
from budget.invoicing.pdf import invoice_pdf
from budget.invoicing.ubl import postal_address
from budget.models import EinvoiceDelivery, Invoice, InvoiceUbl, IssuedInvoiceError
from tests.invoicing import RUN_DATE, complete_schedule, issue

pytestmark = pytest.mark.django_db
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


@pytest.fixture(scope="session")
def rules():
    """The official rules; a missing rule set fails (never skips) the tests that need it."""
    return einvoice_rules()


def fatal(rules, document: bytes) -> list[str]:
    return [f"{failure.rule}: {failure.text}" for failure in rules.fatal(document)]


def text_of(document: bytes, path: str) -> list[str]:
    return [element.text for element in ET.fromstring(document).findall(path, NS)]


def with_references(association, **values):
    defaults = {"invoice_reference": "4711ABC", "invoice_order_number": "PO-2026-17"}
    for name, value in (defaults | values).items():
        setattr(association, name, value)
    association.full_clean()
    association.save()
    return association


def test_an_invoice_passes_every_official_rule_and_carries_what_the_buyer_routes_by(
    invoicing, rules
):
    with_references(invoicing.a)
    complete_schedule(2026, seller_reference="Karin Kassör")
    invoice = issue(invoicing.a)
    document = einvoices.invoice_ubl(invoice=invoice)

    assert fatal(rules, document) == []
    root = ET.fromstring(document)
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
    assert text_of(document, "cbc:BuyerReference") == ["4711ABC"]
    assert text_of(document, "cac:OrderReference/cbc:ID") == ["PO-2026-17"]
    assert text_of(document, "cbc:DocumentCurrencyCode") == ["SEK"]
    endpoints = root.findall(".//cbc:EndpointID", NS)
    assert [(e.get("schemeID"), e.text) for e in endpoints] == [
        ("0007", "8024000005"),
        ("0007", invoicing.a.org_number),
    ]
    assert text_of(document, "cac:PaymentMeans/cbc:PaymentID") == [invoice.ocr]
    assert text_of(document, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == ["50501055"]
    assert text_of(document, ".//cac:TaxCategory/cbc:ID") == ["O"]
    assert text_of(document, ".//cac:TaxCategory/cbc:TaxExemptionReason") == [
        invoice.vat_exemption_text
    ]
    assert text_of(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["65550.00"]
    assert text_of(document, "cac:AccountingSupplierParty/cac:Party/cac:Contact/cbc:Name") == [
        "Karin Kassör"
    ]
    assert text_of(document, "cac:PaymentTerms/cbc:Note")[0].startswith("30 dagar netto")
    [attachment] = root.findall(".//cbc:EmbeddedDocumentBinaryObject", NS)
    assert attachment.get("mimeCode") == "application/pdf"
    assert base64.b64decode(attachment.text) == invoice_pdf(invoice=invoice)


@pytest.mark.parametrize(
    "case",
    [
        "no order number",
        "VAT charged",
        "credit note",
        "long names and å/ä/ö",
        "buyer reached by GLN",
    ],
)
def test_edge_cases_pass_with_no_fatal_assertion(invoicing, rules, case):
    association = with_references(invoicing.a)
    if case == "no order number":
        with_references(association, invoice_order_number="")
    if case == "VAT charged":
        complete_schedule(2026, vat_percent=Decimal(25))
    if case == "long names and å/ä/ö":
        association.name = "Samordningsförbundet Älvdalen–Åre–Örnsköldsvik & Co " + "Å" * 140
        association.invoice_address = "Box 17\nAvd. för ekonomi, Ö-huset\n831 82 Östersund"
        with_references(association, invoice_reference="ÅÄÖ-ref <1>")
    if case == "buyer reached by GLN":
        with_references(association, peppol_id="0088:7350012345679")
    invoice = issue(association)
    if case == "credit note":
        invoice, _ = services.invoice_credit(
            invoice=invoice,
            reason="Fel budget",
            issued_on=RUN_DATE,
            issued_by="kansli@nns.example",
            reissue=False,
        )
    document = einvoices.invoice_ubl(invoice=invoice)

    assert fatal(rules, document) == []
    if case == "credit note":
        assert ET.fromstring(document).tag.endswith("}CreditNote")
        assert text_of(document, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
            invoice.credits.number
        ]
        assert text_of(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["65550.00"]
    if case == "VAT charged":
        assert text_of(document, ".//cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == ["S"]
        assert text_of(document, ".//cac:PartyTaxScheme/cbc:CompanyID") == ["SE802400000501"]
    if case == "no order number":
        assert text_of(document, "cac:OrderReference/cbc:ID") == []
    if case == "buyer reached by GLN":
        [endpoint] = ET.fromstring(document).findall(
            "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS
        )
        assert (endpoint.get("schemeID"), endpoint.text) == ("0088", "7350012345679")


def test_the_rules_catch_a_missing_buyer_reference_and_a_bad_check_digit(invoicing, rules):
    with_references(invoicing.a, invoice_order_number="")
    document = einvoices.invoice_ubl(invoice=issue(invoicing.a))
    assert fatal(rules, document) == []

    without_reference = document.replace(b"<cbc:BuyerReference>4711ABC</cbc:BuyerReference>", b"")
    assert without_reference != document
    assert any(f.startswith("PEPPOL-EN16931-R003") for f in fatal(rules, without_reference))

    bad_digit = document.replace(b">8024000005<", b">8024000006<")
    assert bad_digit != document
    rules_broken = {f.split(":")[0] for f in fatal(rules, bad_digit)}
    assert {"SE-R-013", "PEPPOL-COMMON-R049"} <= rules_broken


def test_the_ubl_is_made_once_from_the_snapshot_and_never_changes(invoicing):
    with_references(invoicing.a)
    invoice = issue(invoicing.a)
    first = einvoices.invoice_ubl(invoice=invoice)
    with_references(invoicing.a, invoice_reference="NEW", name="Nytt namn")

    assert einvoices.invoice_ubl(invoice=invoice) == first
    assert b"NEW" not in first
    stored = InvoiceUbl.objects.get(invoice=invoice)
    with pytest.raises(IssuedInvoiceError):
        stored.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceUbl.objects.filter(pk=stored.pk)._raw_delete(InvoiceUbl.objects.db)


def test_a_postal_address_is_split_into_its_parts():
    parts = postal_address("c/o Förbundet\nBox 1234\n581 12 Linköping")
    assert (parts.street, parts.additional, parts.postal_zone, parts.city) == (
        "c/o Förbundet",
        "Box 1234",
        "58112",
        "Linköping",
    )
    assert postal_address("").postal_zone == ""


def test_export_einvoices_writes_one_file_per_document_of_the_year(invoicing, rules, tmp_path):
    with_references(invoicing.a)
    with_references(invoicing.b)
    invoice = issue(invoicing.a)
    issue(invoicing.b)
    services.invoice_credit(
        invoice=invoice, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=True
    )

    call_command("export_einvoices", "--year", "2026", "--out", str(tmp_path))

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(f"{i.number}.xml" for i in Invoice.objects.filter(fee_year=2026))
    assert len(names) == 4
    for path in tmp_path.iterdir():
        assert fatal(rules, path.read_bytes()) == [], path.name


def test_staff_download_one_xml_and_a_years_zip(invoicing, admin_client):
    with_references(invoicing.a)
    invoice = issue(invoicing.a)

    response = admin_client.get(reverse("admin:budget_invoice_ubl", args=[invoice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response.content == einvoices.invoice_ubl(invoice=invoice)

    response = admin_client.get(reverse("admin:budget_invoice_ubl_zip", args=[2026]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"{invoice.number}.xml"]


def test_an_einvoice_is_handed_to_the_transport_once(invoicing, settings, tmp_path):
    settings.EINVOICE_FOLDER = tmp_path
    with_references(invoicing.a, invoice_channel="efaktura")
    invoice = issue(invoicing.a)

    assert einvoices.einvoice_deliver(invoice_id=invoice.pk) is True
    assert einvoices.einvoice_deliver(invoice_id=invoice.pk) is False

    assert [p.name for p in tmp_path.iterdir()] == [f"{invoice.number}.xml"]
    delivery = EinvoiceDelivery.objects.get(invoice=invoice)
    assert delivery.receipt == str(tmp_path / f"{invoice.number}.xml")


def test_the_run_lists_associations_whose_channel_lacks_what_it_needs(invoicing):
    # A row from before an e-invoice needed its reference (the model refuses it now).
    type(invoicing.a).objects.filter(pk=invoicing.a.pk).update(
        invoice_channel="efaktura", invoice_reference=""
    )
    invoicing.b.invoice_email = invoicing.b.email = ""
    invoicing.b.save()
    run = services.invoice_run_create(
        fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
    )

    services.invoice_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.issued == 0
    messages = {p["association"]: p["message"] for p in run.problems}
    assert "referens" in messages[invoicing.a.name]
    assert "e-post" in messages[invoicing.b.name]
    assert not Invoice.objects.exists()


def test_a_peppol_id_is_checked_and_written_compactly(invoicing):
    from django.core.exceptions import ValidationError

    association = invoicing.a
    association.peppol_id = "0007:212000-0142"
    association.full_clean()
    assert association.peppol_id == "0007:2120000142"
    for wrong in ["2120000142", "0007:2120000143", "9999:123"]:
        association.peppol_id = wrong
        with pytest.raises(ValidationError):
            association.full_clean()
    association.peppol_id = ""
    assert association.peppol_participant == f"0007:{association.org_number}"


def test_check_einvoices_passes_a_good_year_and_fails_a_missing_rule_set(
    invoicing, settings, tmp_path
):
    from io import StringIO

    from django.core.management.base import CommandError

    from budget.invoicing.einvoice_rules import einvoice_rules

    with_references(invoicing.a)
    issue(invoicing.a)
    out = StringIO()
    call_command("check_einvoices", "--year", "2026", stdout=out)
    assert "1 e-fakturor utan fatala fel." in out.getvalue()

    settings.EINVOICE_RULES_DIR = tmp_path
    einvoice_rules.cache_clear()
    try:
        with pytest.raises(CommandError, match="EINVOICE_RULES_DIR"):
            call_command("check_einvoices", "--year", "2026")
    finally:
        einvoice_rules.cache_clear()
