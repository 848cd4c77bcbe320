"""The demo's invoices: every one (and its credit note) a valid Peppol e-invoice, and the
bank's demo file paying most of them."""

import pytest
from django.core.management import call_command

from budget.demo import OVERDUE_MEMBER, PARTLY_PAID_MEMBER, PAYMENT_FILE
from budget.invoicing import einvoices
from budget.invoicing.bank_payments import Outcome
from budget.invoicing.einvoice_rules import einvoice_rules
from budget.invoicing.payment_files import payment_file_read
from budget.invoicing.selectors import Status, status_of, with_payments
from budget.models import Invoice, Payment
from members.models import Association

pytestmark = pytest.mark.django_db


def test_the_demo_invoices_are_valid_e_invoices_with_references_paid_from_the_banks_file():
    """One load of the demo (it takes a while) for all that the demo's invoicing shows."""
    call_command("load_demo", verbosity=0)

    # Every invoice and credit note passes the official rules.
    rules = einvoice_rules()
    invoices = list(Invoice.objects.select_related("credits").order_by("sequence"))
    assert {invoice.kind for invoice in invoices} == {"faktura", "kreditnota"}
    failures = {
        invoice.number: [
            f"{f.rule}: {f.text}" for f in rules.fatal(einvoices.invoice_ubl(invoice=invoice))
        ]
        for invoice in invoices
    }
    assert {number: found for number, found in failures.items() if found} == {}
    assert Invoice.objects.exclude(buyer_reference="").count() > len(invoices) * 3 / 4

    # References and channels: every e-invoice channel has the reference it needs.
    channels = set(Association.objects.values_list("invoice_channel", flat=True))
    assert channels == {"epost", "efaktura", "bada"}
    assert not Association.objects.filter(
        invoice_channel__in=Association.EINVOICE_CHANNELS, invoice_reference=""
    ).exists()

    # The bank's file: most paid, one partly, one unknown reference, nothing twice.
    statuses = {
        invoice.association.name: status_of(invoice)
        for invoice in with_payments(
            Invoice.objects.filter(fee_year=2026, kind="faktura", credit_note__isnull=True)
        ).select_related("association")
    }
    assert statuses[PARTLY_PAID_MEMBER] == Status.PARTLY_PAID
    assert statuses[OVERDUE_MEMBER] == Status.OVERDUE
    paid = [name for name, status in statuses.items() if status == Status.PAID]
    assert len(paid) == len(statuses) - 2
    outcomes = [match.outcome for match in payment_file_read(content=PAYMENT_FILE.read_bytes())]
    assert outcomes.count(Outcome.UNMATCHED) == 1
    assert outcomes.count(Outcome.ALREADY) == Payment.objects.count() == len(outcomes) - 1
