"""A year of NNS's bookkeeping with 100,000 transactions (SIE 4): read, previewed and imported,
then rolled back so that the database stays as it was (python -m bench.sie_import)."""

import time

import django

django.setup()

from django.db import transaction  # noqa: E402

from bench.sie_file import benchmark_file  # noqa: E402
from budget.plan.outcome_import import sie_import, sie_preview  # noqa: E402
from budget.plan.sie_reader import parse_sie  # noqa: E402

content = benchmark_file(100_000)
started = time.perf_counter()
parsed = parse_sie(content)
parse_time = time.perf_counter() - started
with transaction.atomic():
    started = time.perf_counter()
    preview = sie_preview(content=content)
    preview_time = time.perf_counter() - started
    started = time.perf_counter()
    sie_import(name="bench.se", content=content, user=None)
    import_time = time.perf_counter() - started
    transaction.set_rollback(True)
print(
    f"{parsed.transactions} transaktioner i {parsed.vouchers} verifikationer, "
    f"{len(content) / 1e6:.1f} MB: läsning {parse_time:.2f} s, förhandsvisning (läsning och "
    f"konton mot budgetrader) {preview_time:.2f} s, import (läsning och skrivning i en "
    f"transaktion) {import_time:.2f} s; {len(preview.unmapped)} konton utan budgetrad"
)
