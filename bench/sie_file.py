"""SIE 4 files of NNS's bookkeeping, as a bookkeeping system exports them: the demo's years
(``python -m bench.sie_file`` writes ``budget/data/demo-bokforing-2025.se`` and ``-2026.se``)
and the benchmark's year of 100,000 transactions.

Each account's months become vouchers against the bank account (1930), and the file carries
the same figures as ``#RES`` and ``#PSALDO``, so that every check of the reader holds.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "budget" / "data"
NNS_ORG_NUMBER = "802400-0005"

# Account: (name, the year's amount as the budget shows it: income positive, costs negative).
ACCOUNTS_2025 = {
    "3010": ("Medlemsavgifter", 11800),
    "3011": ("Serviceavgifter", 1794449),
    "3012": ("Indikatoravgifter", 371412),
    "3020": ("Bidrag, våld i nära relationer", 206065),
    "3021": ("Samverkansavtal MSI", 250000),
    "3990": ("Övriga intäkter", 50000),
    "4010": ("Projekt våld i nära relationer", -200000),
    "4020": ("Indikatorer, tjänster", -315700),
    "4030": ("Samverkansavtal MSI, kostnader", -250000),
    "4110": ("Årsmöte och medlemsmöte", -224000),
    "4120": ("Opinionsarbete", -2000),
    "5810": ("Resor, arbetsgrupper", -46000),
    "5910": ("Information och webb", -85500),
    "6530": ("Redovisning och revision", -180500),
    "6990": ("Övriga kostnader", -2000),
    "7010": ("Tjänstepersonstöd, arvoden", -1000000),
    "7240": ("Arvoden förtroendevalda", -350000),
    "8310": ("Ränteintäkter", 1850),
}
# 2026 to the end of November: near the budget's pace, with what a year brings.
ACCOUNTS_2026 = {
    "3010": ("Medlemsavgifter", 11400),
    "3011": ("Serviceavgifter", 1732849),
    "3012": ("Indikatoravgifter", 248000),
    "3021": ("Samverkansavtal MSI", 375000),
    "3990": ("Övriga intäkter", 41000),
    "4020": ("Indikatorer, tjänster", -198500),
    "4030": ("Samverkansavtal MSI, kostnader", -231000),
    "4110": ("Årsmöte och medlemsmöte", -362000),
    "4120": ("Opinionsarbete", -21500),
    "5810": ("Resor, arbetsgrupper", -23800),
    "5910": ("Information och webb", -88400),
    "6530": ("Redovisning och revision", -121000),
    "7010": ("Tjänstepersonstöd, arvoden", -916700),
    "7240": ("Arvoden förtroendevalda", -331000),
    "8310": ("Ränteintäkter", 1420),
}
# How the year's amount falls over the months: fees are invoiced in February; what is paid
# each month, every month; the meetings in April and November.
FEES = {"3010", "3011", "3012"}
MEETINGS = {"4110": (4, 11)}


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _months(account: str, total: int, months: int) -> dict[int, Decimal]:
    if account in FEES:
        return {2: Decimal(total)}
    if account in MEETINGS:
        first, second = MEETINGS[account]
        shares = {m: Decimal(total) / 2 for m in (first, second) if m <= months}
        return {m: round(v, 2) for m, v in shares.items()}
    each = (Decimal(total) / months).quantize(Decimal("0.01"))
    amounts = dict.fromkeys(range(1, months + 1), each)
    amounts[months] += Decimal(total) - each * months
    return amounts


def sie4(
    *, year: int, accounts: dict[str, tuple[str, int]], months: int, generated: datetime.date,
    split: int = 1,
) -> bytes:  # fmt: skip
    """The year's file: each month of each account in ``split`` vouchers against the bank."""
    booked: dict[tuple[str, int], Decimal] = {}
    for account, (_name, total) in accounts.items():
        for month, amount in _months(account, total, months).items():
            booked[(account, month)] = -amount  # income is a credit: negative in SIE
    lines = [
        "#FLAGGA 0", "#PROGRAM \"Fortnox\" 3.58.13", "#FORMAT PC8", f"#GEN {generated:%Y%m%d}",
        "#SIETYP 4", f"#ORGNR {NNS_ORG_NUMBER}",
        f"#FNAMN {_quoted('Nationella nätverket för samordningsförbund')}",
        f"#RAR 0 {year}0101 {year}1231", "#KPTYP BAS2014",
        '#KONTO 1930 "Företagskonto"',
        *(f"#KONTO {account} {_quoted(name)}" for account, (name, _t) in sorted(accounts.items())),
    ]  # fmt: skip
    results: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _month), amount in booked.items():
        results[account] += amount
    lines += [f"#RES 0 {account} {amount:.2f}" for account, amount in sorted(results.items())]
    lines += [
        f"#PSALDO 0 {year}{month:02d} {account} {{}} {amount:.2f}"
        for (account, month), amount in sorted(booked.items())
    ]
    lines += _vouchers(year, booked, split)
    return ("\r\n".join(lines) + "\r\n").encode("cp437")


def _vouchers(year: int, booked: dict[tuple[str, int], Decimal], split: int) -> list[str]:
    lines, number = [], 0
    for (account, month), amount in sorted(
        booked.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        parts = [(amount / split).quantize(Decimal("0.01"))] * split
        parts[-1] += amount - sum(parts)
        for part in parts:
            number += 1
            day = datetime.date(year, month, min(28, 1 + number % 28))
            text = _quoted(f"Bokföring {account}")
            lines += [
                f"#VER A {number} {day:%Y%m%d} {text} {day:%Y%m%d}",
                "{",
                f"   #TRANS {account} {{}} {part:.2f}",
                f"   #TRANS 1930 {{}} {-part:.2f}",
                "}",
            ]
    return lines


def benchmark_file(transactions: int = 100_000) -> bytes:
    """A year with ``transactions`` transactions (half against the bank), for ``make bench``."""
    rng = random.Random(2026)
    accounts = {f"{4000 + i}": (f"Konto {i}", -rng.randint(10_000, 900_000)) for i in range(200)}
    per_voucher = 2
    vouchers = transactions // per_voucher
    split = max(1, -(-vouchers // (len(accounts) * 12)))  # rounded up
    return sie4(
        year=2026, accounts=accounts, months=12, generated=datetime.date(2026, 12, 1), split=split
    )


if __name__ == "__main__":
    (DATA / "demo-bokforing-2025.se").write_bytes(
        sie4(year=2025, accounts=ACCOUNTS_2025, months=12, generated=datetime.date(2026, 1, 20))
    )
    (DATA / "demo-bokforing-2026.se").write_bytes(
        sie4(year=2026, accounts=ACCOUNTS_2026, months=11, generated=datetime.date(2026, 12, 4))
    )
    print("Skrev", DATA / "demo-bokforing-2025.se", "och", DATA / "demo-bokforing-2026.se")
