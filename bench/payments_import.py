"""The bank's file with 20,000 payments (BgMax): read, matched and registered, then rolled
back so that the database stays as it was (python -m bench.payments_import)."""

import datetime
import time
from collections import defaultdict

import django

django.setup()

from django.db import transaction  # noqa: E402

from budget.demo import DEMO_SELLER  # noqa: E402
from budget.invoicing.bank_payments import Outcome  # noqa: E402
from budget.invoicing.bgmax import WrittenPayment, bgmax_write, parse_bgmax  # noqa: E402
from budget.invoicing.payment_files import (  # noqa: E402
    payment_file_register,
    payment_file_upload,
)
from budget.models import Invoice  # noqa: E402

PAYMENTS = 20_000

invoices = Invoice.objects.filter(kind=Invoice.Kind.INVOICE).order_by("pk")[:PAYMENTS]
deposits = defaultdict(list)
for index, (ocr, amount, issued_on) in enumerate(
    invoices.values_list("ocr", "total_amount", "issued_on")
):
    deposits[issued_on + datetime.timedelta(days=10 + index % 40)].append(
        WrittenPayment(ocr, amount, payer=f"Förbund {index}")
    )
content = bgmax_write(
    bankgiro=DEMO_SELLER["seller_bankgiro"],
    deposits=sorted(deposits.items()),
    created=datetime.datetime(2026, 11, 26, 6, 0),
)
started = time.perf_counter()
parsed = parse_bgmax(content)
parse_time = time.perf_counter() - started
with transaction.atomic():
    started = time.perf_counter()
    payment_file = payment_file_upload(name="bench.txt", content=content, user=None)
    preview_time = time.perf_counter() - started
    started = time.perf_counter()
    matches = payment_file_register(payment_file_id=payment_file.pk, user=None)
    register_time = time.perf_counter() - started
    transaction.set_rollback(True)
registered = sum(match.outcome != Outcome.UNMATCHED for match in matches)
size = len(content) / 1e6
print(
    f"{len(parsed.payments)} betalningar, {size:.1f} MB: läsning {parse_time:.2f} s, "
    f"förhandsvisning (läsning + matchning) {preview_time:.2f} s, registrering (läsning, "
    f"matchning, skrivning i en transaktion) {register_time:.2f} s; {registered} matchade"
)
