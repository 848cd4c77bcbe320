"""SIE 4 export of invoices, credit notes and payments for the accountant (SIE 4I: vouchers
to import).

The file is in the format's own encoding, PC8 (code page 437). Each invoice is one voucher in
series ``F``, numbered as the invoice: accounts receivable debited with the total, each fee's
income account (and output VAT) credited, so that every voucher sums to zero. A credit note is
the same voucher with the signs turned. Each payment is one voucher in series ``I``, numbered by
the payment's id so that the same payment keeps its number in every export (and in that order,
since a series' numbers ascend): the bank account debited, accounts receivable credited. The
accounts are those of the fee year's schedule.
"""

import datetime
import re
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import FeeSchedule, Invoice, InvoiceLine, Payment

SERIES = "F"
PAYMENT_SERIES = "I"
ACCOUNT_NAMES = {
    "account_bank": "Bankgiro",
    "account_receivable": "Kundfordringar",
    "account_membership_fee": "Medlemsavgifter",
    "account_service_fee": "Serviceavgifter",
    "account_indicator_fee": "Indikatoravgifter",
    "account_vat": "Utgående moms",
}
LINE_ACCOUNT = {
    InvoiceLine.Kind.MEMBERSHIP_FEE: "account_membership_fee",
    InvoiceLine.Kind.SERVICE_FEE: "account_service_fee",
    InvoiceLine.Kind.INDICATOR_FEE: "account_indicator_fee",
}


# Control characters (CR and LF among them) would end a record: each becomes a space.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _quoted(text: str) -> str:
    """A text field as SIE 4 wants it: in quotation marks, a quotation mark in it preceded by a
    backslash (the only escape the format has: any other backslash is itself), and nothing
    that ends the line. A backslash at the very end would escape the closing mark, so a space
    follows it. Braces inside quotation marks are text, not an object list. A character
    outside PC8 is written as "?" when the file is encoded."""
    text = CONTROL.sub(" ", text).replace('"', '\\"')
    return f'"{text} "' if text.endswith("\\") else f'"{text}"'


def _day(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _transactions(invoice: Invoice, schedule: FeeSchedule) -> list[tuple[str, Decimal]]:
    rows = [(schedule.account_receivable, invoice.total_amount)]
    credited: dict[str, Decimal] = defaultdict(Decimal)
    for line in invoice.lines.all():
        credited[getattr(schedule, LINE_ACCOUNT[line.kind])] -= line.amount
    if invoice.vat_amount:
        credited[schedule.account_vat] -= invoice.vat_amount
    rows.extend(credited.items())
    return rows


@translation.override("sv")
def sie_export(*, start: datetime.date, end: datetime.date) -> bytes:
    """Vouchers of the invoices and credit notes dated, and the payments received, from
    ``start`` to ``end`` (one year)."""
    if end < start:
        raise ValidationError(_("The period must end on or after its first day."))
    if start.year != end.year:
        raise ValidationError(_("The period must lie within one financial year (calendar year)."))
    invoices = list(
        Invoice.objects.filter(issued_on__range=(start, end))
        .prefetch_related("lines")
        .order_by("series_year", "sequence")
    )
    payments = list(  # by number: the format wants a series' numbers ascending
        Payment.objects.filter(paid_on__range=(start, end)).select_related("invoice").order_by("pk")
    )
    fee_years = {invoice.fee_year for invoice in invoices}
    fee_years |= {payment.invoice.fee_year for payment in payments}
    schedules = {
        schedule.year: schedule
        for schedule in FeeSchedule.objects.filter(year__in=fee_years | {start.year})
    }
    seller = schedules.get(start.year) or next(iter(schedules.values()), None)
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        f"#PROGRAM {_quoted('NNS-portalen')} 1.0",
        f"#GEN {_day(timezone.localdate())}",
    ]
    if seller is not None:
        lines.append(f"#FNAMN {_quoted(seller.seller_name)}")
        if seller.seller_org_number:
            org = seller.seller_org_number
            lines.append(f"#ORGNR {org[:6]}-{org[6:]}")
    lines.append(f"#RAR 0 {start.year}0101 {start.year}1231")
    accounts: dict[str, str] = {}
    for schedule in schedules.values():
        for field, name in ACCOUNT_NAMES.items():
            accounts.setdefault(getattr(schedule, field), name)
    lines.extend(f"#KONTO {number} {_quoted(name)}" for number, name in sorted(accounts.items()))
    for invoice in invoices:
        title = f"{invoice.get_kind_display()} {invoice.number} {invoice.buyer_name}"
        lines.append(f"#VER {SERIES} {invoice.sequence} {_day(invoice.issued_on)} {_quoted(title)}")
        lines.append("{")
        for account, amount in _transactions(invoice, schedules[invoice.fee_year]):
            lines.append(f"   #TRANS {account} {{}} {_amount(amount)}")
        lines.append("}")
    for payment in payments:
        invoice, schedule = payment.invoice, schedules[payment.invoice.fee_year]
        title = f"Inbetalning {invoice.number} {invoice.buyer_name}"
        lines.append(f"#VER {PAYMENT_SERIES} {payment.pk} {_day(payment.paid_on)} {_quoted(title)}")
        lines.append("{")
        lines.append(f"   #TRANS {schedule.account_bank} {{}} {_amount(payment.amount)}")
        lines.append(f"   #TRANS {schedule.account_receivable} {{}} {_amount(-payment.amount)}")
        lines.append("}")
    return ("\r\n".join(lines) + "\r\n").encode("cp437", errors="replace")
