"""Peppol BIS Billing 3.0 (EN 16931) UBL for invoices and credit notes.

Made from the invoice's frozen snapshot, never from today's register, with the invoice's PDF
inside, and kept once made (``InvoiceUbl``). A credit note is a UBL ``CreditNote`` whose amounts
are positive and which refers to the invoice it credits. No VAT is category O with the schedule's
exemption text; VAT charged is category S with NNS's VAT number (SE + organisation number + 01).
"""

import base64
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from nns_portal.text import xml_unsafe

from ..models import Invoice, InvoiceLine
from .filenames import invoice_pdf_filename

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CURRENCY = "SEK"
SWEDISH_ORGNR = "0007"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOT = {
    Invoice.Kind.INVOICE: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    Invoice.Kind.CREDIT_NOTE: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
ROOT_NAME = {Invoice.Kind.INVOICE: "Invoice", Invoice.Kind.CREDIT_NOTE: "CreditNote"}
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)

# A Swedish postal line: "123 45 Ort" (perhaps "SE-123 45 Ort").
POSTAL_LINE = re.compile(r"^(?:SE-?)?(\d{3} ?\d{2})\s+(.+)$")


@dataclass(frozen=True)
class PostalAddress:
    street: str
    additional: str
    postal_zone: str
    city: str


def postal_address(text: str) -> PostalAddress:
    """The parts of an address written as lines: street lines, then "postal code city"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    postal_zone = city = ""
    if lines and (match := POSTAL_LINE.match(lines[-1])):
        postal_zone, city = match.group(1).replace(" ", ""), match.group(2)
        lines = lines[:-1]
    return PostalAddress(
        street=lines[0] if lines else "",
        additional=", ".join(lines[1:]),
        postal_zone=postal_zone,
        city=city,
    )


class EinvoiceRefused(ValueError):
    """The invoice holds a text that XML cannot carry: no e-invoice is made of it (rather than
    one that is not well-formed). Issued invoices never change, so it is credited and issued
    again from the corrected register."""


class _CharacterRefused(ValueError):
    def __init__(self, element: str, character: str) -> None:
        super().__init__(element)
        self.element, self.character = element, character


def _amount(value: Decimal) -> str:
    return f"{abs(value):.2f}"


class _Builder:
    """Appends UBL elements in schema order; an empty value makes no element (Peppol refuses
    empty elements)."""

    def __init__(self, parent: ET.Element) -> None:
        self.parent = parent

    def cbc(self, tag: str, value: object, **attributes: str) -> None:
        if value is None or value == "":
            return
        text = str(value)
        for written in (text, *attributes.values()):
            if character := xml_unsafe(written):
                raise _CharacterRefused(tag, character)
        element = ET.SubElement(self.parent, f"{{{CBC}}}{tag}", attributes)
        element.text = text

    def money(self, name: str, value: Decimal) -> None:
        self.cbc(name, _amount(value), currencyID=CURRENCY)

    def cac(self, name: str) -> "_Builder":
        return _Builder(ET.SubElement(self.parent, f"{{{CAC}}}{name}"))


def _tax_category(parent: _Builder, invoice: Invoice, *, name: str, reason: bool) -> None:
    category = parent.cac(name)
    if invoice.vat_percent:
        category.cbc("ID", "S")
        category.cbc("Percent", f"{invoice.vat_percent:.2f}")
    else:
        category.cbc("ID", "O")
        if reason:
            category.cbc("TaxExemptionReason", invoice.vat_exemption_text or "Ej momspliktig")
    category.cac("TaxScheme").cbc("ID", "VAT")


def _party(
    parent: _Builder,
    *,
    endpoint: str,
    name: str,
    address: str,
    org_number: str,
    vat_number: str = "",
    contact_name: str = "",
    contact_email: str = "",
) -> None:
    party = parent.cac("Party")
    scheme, _, identifier = endpoint.partition(":")
    party.cbc("EndpointID", identifier, schemeID=scheme)
    party.cac("PartyName").cbc("Name", name)
    parts = postal_address(address)
    postal = party.cac("PostalAddress")
    postal.cbc("StreetName", parts.street)
    postal.cbc("AdditionalStreetName", parts.additional)
    postal.cbc("CityName", parts.city)
    postal.cbc("PostalZone", parts.postal_zone)
    postal.cac("Country").cbc("IdentificationCode", "SE")
    if vat_number:
        tax_scheme = party.cac("PartyTaxScheme")
        tax_scheme.cbc("CompanyID", vat_number)
        tax_scheme.cac("TaxScheme").cbc("ID", "VAT")
    legal = party.cac("PartyLegalEntity")
    legal.cbc("RegistrationName", name)
    legal.cbc("CompanyID", org_number, schemeID=SWEDISH_ORGNR)
    if contact_name or contact_email:
        contact = party.cac("Contact")
        contact.cbc("Name", contact_name)
        contact.cbc("ElectronicMail", contact_email)


def _line(parent: _Builder, invoice: Invoice, line: InvoiceLine) -> None:
    tag, quantity = (
        ("CreditNoteLine", "CreditedQuantity")
        if invoice.is_credit_note
        else ("InvoiceLine", "InvoicedQuantity")
    )
    element = parent.cac(tag)
    element.cbc("ID", line.position)
    element.cbc(quantity, "1", unitCode="C62")
    element.money("LineExtensionAmount", line.amount)
    item = element.cac("Item")
    item.cbc("Name", line.description())
    _tax_category(item, invoice, name="ClassifiedTaxCategory", reason=False)
    element.cac("Price").money("PriceAmount", line.amount)


def render_invoice_ubl(*, invoice: Invoice, pdf: bytes | None) -> bytes:
    """The UBL document of an issued invoice or credit note, in UTF-8, with ``pdf`` inside
    (None: without it, the form the PDF itself carries); raises ``EinvoiceRefused`` for a text
    that XML cannot carry."""
    try:
        return _ubl(invoice, pdf)
    except _CharacterRefused as refused:
        raise EinvoiceRefused(
            _(
                "No e-invoice can be made of %(number)s: its %(element)s holds a character "
                "that XML cannot carry (U+%(code)04X)."
            )
            % {
                "number": invoice.number,
                "element": refused.element,
                "code": ord(refused.character),
            }
        ) from None


def _header(document: _Builder, invoice: Invoice) -> None:
    """What the document is, when, and what the buyer routes it by."""
    document.cbc("CustomizationID", CUSTOMIZATION_ID)
    document.cbc("ProfileID", PROFILE_ID)
    document.cbc("ID", invoice.number)
    document.cbc("IssueDate", invoice.issued_on.isoformat())
    if invoice.is_credit_note:
        document.cbc("CreditNoteTypeCode", "381")
        document.cbc("Note", invoice.reason)
    else:
        document.cbc("DueDate", invoice.due_on.isoformat())
        document.cbc("InvoiceTypeCode", "380")
        document.cbc("Note", f"Avgifter till NNS för {invoice.fee_year}")
    document.cbc("DocumentCurrencyCode", CURRENCY)
    document.cbc("BuyerReference", invoice.buyer_reference)
    if invoice.buyer_order_number:
        document.cac("OrderReference").cbc("ID", invoice.buyer_order_number)
    if invoice.is_credit_note:
        credited = document.cac("BillingReference").cac("InvoiceDocumentReference")
        credited.cbc("ID", invoice.credits.number)
        credited.cbc("IssueDate", invoice.credits.issued_on.isoformat())


def _attached_pdf(document: _Builder, invoice: Invoice, pdf: bytes) -> None:
    reference = document.cac("AdditionalDocumentReference")
    reference.cbc("ID", invoice.number)
    reference.cbc("DocumentDescription", invoice.get_kind_display())
    reference.cac("Attachment").cbc(
        "EmbeddedDocumentBinaryObject",
        base64.b64encode(pdf).decode("ascii"),
        mimeCode="application/pdf",
        filename=invoice_pdf_filename(invoice),
    )


def _parties(document: _Builder, invoice: Invoice) -> None:
    _party(
        document.cac("AccountingSupplierParty"),
        endpoint=f"{SWEDISH_ORGNR}:{invoice.seller_org_number}",
        name=invoice.seller_name,
        address=invoice.seller_address,
        org_number=invoice.seller_org_number,
        vat_number=f"SE{invoice.seller_org_number}01" if invoice.vat_percent else "",
        contact_name=invoice.seller_reference,
        contact_email=invoice.seller_email,
    )
    _party(
        document.cac("AccountingCustomerParty"),
        endpoint=invoice.buyer_peppol_id or f"{SWEDISH_ORGNR}:{invoice.buyer_org_number}",
        name=invoice.buyer_name,
        address=invoice.buyer_address,
        org_number=invoice.buyer_org_number,
    )


def _payment_means(document: _Builder, invoice: Invoice) -> None:
    """How an invoice is paid (bankgiro with its OCR reference) and the terms; a credit note
    has none."""
    if invoice.is_credit_note:
        return
    means = document.cac("PaymentMeans")
    means.cbc("PaymentMeansCode", "30", name="Bankgiro")
    means.cbc("PaymentID", invoice.ocr)
    account = means.cac("PayeeFinancialAccount")
    account.cbc("ID", invoice.seller_bankgiro)
    account.cac("FinancialInstitutionBranch").cbc("ID", "SE:BANKGIRO")
    terms = " ".join(text for text in [invoice.payment_terms, invoice.late_interest_text] if text)
    if terms:
        document.cac("PaymentTerms").cbc("Note", terms)


def _totals(document: _Builder, invoice: Invoice) -> None:
    tax_total = document.cac("TaxTotal")
    tax_total.money("TaxAmount", invoice.vat_amount)
    subtotal = tax_total.cac("TaxSubtotal")
    subtotal.money("TaxableAmount", invoice.net_amount)
    subtotal.money("TaxAmount", invoice.vat_amount)
    _tax_category(subtotal, invoice, name="TaxCategory", reason=True)
    totals = document.cac("LegalMonetaryTotal")
    totals.money("LineExtensionAmount", invoice.net_amount)
    totals.money("TaxExclusiveAmount", invoice.net_amount)
    totals.money("TaxInclusiveAmount", invoice.total_amount)
    totals.money("PayableAmount", invoice.total_amount)


def _ubl(invoice: Invoice, pdf: bytes | None) -> bytes:
    """The elements in the order the UBL schema requires."""
    # The document's own namespace is the default one: written as an attribute, since
    # ElementTree sets a default namespace only for documents without unqualified attributes.
    root = ET.Element(ROOT_NAME[invoice.kind], {"xmlns": ROOT[invoice.kind]})
    document = _Builder(root)
    _header(document, invoice)
    if pdf is not None:
        _attached_pdf(document, invoice, pdf)
    _parties(document, invoice)
    _payment_means(document, invoice)
    _totals(document, invoice)
    for line in invoice.lines.all():
        _line(document, invoice, line)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
