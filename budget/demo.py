"""NNS's budget table, demo fee schedules and the 2026 invoices, loaded by ``load_demo``.

The 2026 run is dated 2 February. Centrala Östergötland's invoice was issued from a mistyped
total budget, then credited and issued again, so that "Mina fakturor" of the demo chair shows an
invoice, its credit note and the new invoice. The payments come from the bank's file
(``data/demo-bgmax-2026.txt``, BgMax): most members have paid, Dalsland half of its invoice,
Trelleborg nothing (overdue), and one payment has an OCR reference no invoice has.
Running it again changes nothing.
"""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

from stdnum import luhn

from members.models import Association, AssociationYear

from .invoicing import services
from .invoicing.payment_files import payment_file_register, payment_file_upload
from .models import FeeSchedule, Invoice, InvoiceRun, PaymentFile, SieImport
from .plan.account_ranges import account_ranges_load_demo
from .plan.outcome_import import sie_import
from .plan.services import budget_import

YEAR = 2026
RUN_DATE = datetime.date(2026, 2, 2)
CREDIT_DATE = datetime.date(2026, 3, 16)
OVERDUE_MEMBER = "Samordningsförbundet Trelleborg"
PARTLY_PAID_MEMBER = "Samordningsförbundet Dalsland"
DATA = Path(__file__).parent / "data"
PAYMENT_FILE = DATA / "demo-bgmax-2026.txt"
CREDITED_MEMBER = "Samordningsförbundet Centrala Östergötland"
BUDGET_ERROR = Decimal(1_250_000)
DEMO_SELLER = {
    "seller_address": "c/o Samordningsförbundet Östergötland\nBox 1234\n581 12 Linköping",
    "seller_org_number": "8024000005",
    "seller_bankgiro": "50501055",
    "seller_email": "faktura@nns.example",
    "seller_reference": "Karin Lindqvist, kassör",
}


def _schedules() -> None:
    assert luhn.is_valid(DEMO_SELLER["seller_org_number"])
    assert luhn.is_valid(DEMO_SELLER["seller_bankgiro"])
    for year in range(2024, YEAR + 1):
        FeeSchedule.objects.filter(year=year).update(indicator_fee=Decimal(4700), **DEMO_SELLER)


def _issue() -> None:
    """The 2026 run, made while Centrala Östergötland's budget had a typing error in it."""
    if Invoice.objects.filter(fee_year=YEAR).exists():
        return
    year = AssociationYear.objects.get(association__name=CREDITED_MEMBER, year=YEAR)
    correct = year.total_budget
    year.total_budget = correct + BUDGET_ERROR
    year.save(update_fields=["total_budget"])
    run = InvoiceRun.objects.create(fee_year=YEAR, issued_on=RUN_DATE, send_by_email=False)
    services.invoice_run_execute(run_id=run.pk)
    year.total_budget = correct
    year.save(update_fields=["total_budget"])


def _credit_and_reissue() -> None:
    invoice = Invoice.objects.get(
        association__name=CREDITED_MEMBER,
        fee_year=YEAR,
        kind=Invoice.Kind.INVOICE,
        replaces__isnull=True,
    )
    if Invoice.objects.filter(credits=invoice).exists():
        return
    services.invoice_credit(
        invoice=invoice,
        reason="Fel total budget: förbundets budget för 2026 är 1 250 000 kr lägre.",
        issued_on=CREDIT_DATE,
        issued_by="",
        reissue=True,
    )


def _payments() -> None:
    if PaymentFile.objects.filter(name=PAYMENT_FILE.name).exists():
        return
    payment_file = payment_file_upload(
        name=PAYMENT_FILE.name, content=PAYMENT_FILE.read_bytes(), user=None
    )
    payment_file_register(payment_file_id=payment_file.pk, user=None)


# NNS's bookkeeping as its system exports it: 2025 whole, 2026 to the end of November
# (made by ``python -m bench.sie_file``).
BOOKKEEPING_FILES = [DATA / "demo-bokforing-2025.se", DATA / "demo-bokforing-2026.se"]


def _outcome() -> None:
    account_ranges_load_demo()
    for path in BOOKKEEPING_FILES:
        content = path.read_bytes()
        if not SieImport.objects.filter(sha256=hashlib.sha256(content).hexdigest()).exists():
            sie_import(name=path.name, content=content, user=None)


def load() -> None:
    budget_import()
    if not Association.objects.filter(name=CREDITED_MEMBER).exists():
        return
    _schedules()
    _issue()
    _credit_and_reissue()
    _payments()
    _outcome()
