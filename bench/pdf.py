"""An invoice's PDF next to WeasyPrint's blank page (python -m bench.pdf)."""

import os
import statistics
import time

import django

django.setup()

from weasyprint import HTML  # noqa: E402

from budget.invoicing.pdf import render_invoice_pdf  # noqa: E402
from budget.models import Invoice  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "30"))


def timed(render) -> float:
    render()  # fonts loaded, templates compiled
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        render()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


invoice = Invoice.objects.order_by("-issued_on").first()
pdf = timed(lambda: render_invoice_pdf(invoice=invoice))
blank = timed(lambda: HTML(string="<!DOCTYPE html><html><body></body></html>").write_pdf())
print(f"Faktura-PDF {pdf * 1000:.0f} ms, tom sida {blank * 1000:.0f} ms (median av {ROUNDS}),"
      f" kvot {pdf / blank:.1f}")  # fmt: skip
