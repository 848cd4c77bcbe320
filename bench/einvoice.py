"""Peppol UBL per invoice: made from the snapshot, and judged by the official rules
(python -m bench.einvoice)."""

import statistics
import time

import django

django.setup()

from budget.invoicing.einvoice_rules import einvoice_rules  # noqa: E402
from budget.invoicing.pdf import render_invoice_pdf  # noqa: E402
from budget.invoicing.ubl import render_invoice_ubl  # noqa: E402
from budget.models import Invoice  # noqa: E402

ROUNDS = 50

invoices = list(Invoice.objects.prefetch_related("lines").order_by("-issued_on")[:ROUNDS])
pdf = render_invoice_pdf(invoice=invoices[0])
started = time.perf_counter()
rules = einvoice_rules()
compiled = time.perf_counter() - started
made, checked, fatal = [], [], 0
for invoice in invoices:
    started = time.perf_counter()
    document = render_invoice_ubl(invoice=invoice, pdf=pdf)
    made.append(time.perf_counter() - started)
    started = time.perf_counter()
    fatal += len(rules.fatal(document))
    checked.append(time.perf_counter() - started)
print(
    f"UBL {statistics.median(made) * 1000:.1f} ms per faktura (PDF:en inbäddad, ej räknad), "
    f"kontroll mot CEN + Peppol {statistics.median(checked) * 1000:.0f} ms per dokument "
    f"(median av {ROUNDS}), regelverken kompilerade på {compiled:.1f} s; "
    f"{fatal} fatala fel, {len(document) // 1024} kB per dokument"
)
