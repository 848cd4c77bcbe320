"""Bankgirot's own example BgMax files, as other projects keep them in their tests, read as the
bank means them: every deposit's currency, number of payments and sum, and each payment that
names several references split by the amounts the bank states for them.

The files are the outside judges of the reader (``../shared/bgmax-samples`` with their
sources, or ``BGMAX_SAMPLES_DIR``); the figures below were read off their records by hand.
"""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from budget.invoicing.bank_payments import Outcome, _shares, payments_match
from budget.invoicing.bgmax import parse_bgmax
from tests.invoicing import NNS_BANKGIRO, issue

SAMPLES = Path(
    os.environ.get("BGMAX_SAMPLES_DIR", settings.BASE_DIR.parent / "shared" / "bgmax-samples")
)
D = Decimal

# Deposits: (currency, payments, sum). Bankgirot's examples come in versions that share them.
UTAN_TILLVAL = [("SEK", 5, D("850.00"))]
AVTAL_OM_OCR = [("SEK", 4, D("2100.00"))]
BILDFIL = [("SEK", 6, D("3533.00"))]
OCR_UTOKAD = [("SEK", 2, D("3700.00")), ("SEK", 1, D("2000.00")), ("SEK", 4, D("2900.00"))]
BGMAXFIL4 = [*OCR_UTOKAD, ("EUR", 2, D("4000.00"))]
CHECKSIFFRA = [("SEK", 3, D("1900.00")), ("SEK", 4, D("8000.00"))]
CHECKSIFFRA_EUR = [*CHECKSIFFRA, ("EUR", 2, D("4000.00"))]


def sek(deposits):
    return [("SEK", count, total) for _currency, count, total in deposits]


# A payment naming several references, by its line: (reference, amount stated, marked
# incorrect). None: the bank states no amount, so each invoice gets what is left of it.
FIL4_SPLITS = {
    21: [("573964", D(1700), False), ("573865", D(300), False)],
    41: [("7495575", D(1000), False), ("695668", D(500), False), ("8988777", D(400), True),
         ("74450", D(-500), False)],
}  # fmt: skip
UTOKAD_SPLITS = {
    20: [("573964", D(1700), False), ("573865", D(300), False)],
    40: [("7495575", D(1000), True), ("695668", D(500), False), ("8988777", D(400), True),
         ("744565", D(-500), False)],
}  # fmt: skip
BILDFIL_SPLITS = {
    11: [("43753", D(300), True)],
    12: [("34850", D(400), False), ("47852", D(-200), False), ("583161", D(500), False)],
    20: [("246462", None, False), ("3861275", None, False)],
}
CHECKSIFFRA_SPLITS = {  # line 14 is the record with tabs: an amount of 0, not 22 000 000 kr
    13: [("657866", None, False), ("658765", None, False), ("657767", None, False),
         ("657965", None, False)],
}  # fmt: skip

READ = {
    "bgc-utan-tillval-lf.2xic.txt": (UTAN_TILLVAL, {}),
    "bgc-utan-tillval-noeol.2xic.txt": (UTAN_TILLVAL, {}),
    "bgc-utan-tillval-nopad-utf8.2xic.txt": (UTAN_TILLVAL, {}),
    "adapted/bgc-utan-tillval-split80-adapted.2xic.txt": (UTAN_TILLVAL, {}),
    "bgc-avtal-om-ocr-noeol.2xic.txt": (AVTAL_OM_OCR, {}),
    "adapted/bgc-avtal-om-ocr-split80-adapted.2xic.txt": (AVTAL_OM_OCR, {}),
    "bgc-bildfil-noeol.2xic.txt": (BILDFIL, BILDFIL_SPLITS),
    "adapted/bgc-bildfil-split80-adapted.2xic.txt": (BILDFIL, BILDFIL_SPLITS),
    "bgc-ocr-utokad-noeol.2xic.txt": (OCR_UTOKAD, UTOKAD_SPLITS),
    "adapted/bgc-ocr-utokad-split80-adapted.2xic.txt": (OCR_UTOKAD, UTOKAD_SPLITS),
    "adapted/bgc-ocr-utokad.2xic.demo-ocr-adapted.txt": (OCR_UTOKAD, {}),
    "bgc-bgmaxfil4-eur.zimpler.txt": (BGMAXFIL4, FIL4_SPLITS),
    "adapted/bgc-bgmaxfil4.zimpler.SEK-adapted.txt": (sek(BGMAXFIL4), FIL4_SPLITS),
    "adapted/bgc-bgmaxfil4.zimpler.demo-ocr-adapted.txt": (sek(BGMAXFIL4), {}),
    "bgc-checksiffra-langd.fabhed.txt": (CHECKSIFFRA, CHECKSIFFRA_SPLITS),
    "bgc-checksiffra-langd-eur.rickardlindgren.txt": (CHECKSIFFRA_EUR, CHECKSIFFRA_SPLITS),
    "adapted/bgc-checksiffra-langd.rickardlindgren.SEK-adapted.txt": (
        sek(CHECKSIFFRA_EUR),
        CHECKSIFFRA_SPLITS,
    ),
    "minimal.zimpler.txt": ([("SEK", 1, D("1100.00"))], {}),
}
# Files that are not whole, consistent BgMax files: refused, with the reason.
REFUSED = {
    "bgmaxfil4-broken.zimpler.txt": r"slutposten \(70\) räknar 8/0/13/5",
    "multipayment.pybgmax.txt": "BGC-löpnumret är inte siffror",
}


def _content(name: str) -> bytes:
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"The BgMax sample {path} is missing: set BGMAX_SAMPLES_DIR to the samples.")
    return path.read_bytes()


def _sum(deposit) -> Decimal:
    return sum(p.amount * (-1 if p.deduction else 1) for p in deposit.payments)


def test_every_sample_file_is_in_the_tables():
    on_disk = {str(path.relative_to(SAMPLES)) for path in SAMPLES.rglob("*.txt")}
    assert on_disk == set(READ) | set(REFUSED)


@pytest.mark.parametrize("name", READ)
def test_the_bank_s_file_is_read_as_the_bank_states_it(name):
    deposits, splits = READ[name]
    parsed = parse_bgmax(_content(name))

    assert [
        (
            d.currency,
            len(d.payments),
            sum(p.amount * (-1 if p.deduction else 1) for p in d.payments),
        )
        for d in parsed.deposits
    ] == deposits
    by_line = {payment.line: payment for payment in parsed.payments}

    for line, expected in splits.items():
        shares = _shares(by_line[line])
        assert [(s.reference, s.amount, s.incorrect) for s in shares] == expected, line
        stated = [s.amount for s in shares if s.amount is not None]
        if len(stated) == len(shares):
            assert sum(stated) == by_line[line].amount


@pytest.mark.parametrize("name", REFUSED)
def test_a_broken_sample_is_refused_with_the_reason(name):
    with pytest.raises(ValidationError, match=REFUSED[name]):
        parse_bgmax(_content(name))


def _as_ours(content: bytes) -> bytes:
    """The example as if paid to NNS's bankgiro (its deposits name the bank's example one)."""
    return content.replace(b"050009912346", b"05" + NNS_BANKGIRO.zfill(10).encode())


@pytest.mark.django_db
def test_every_krona_of_the_file_appears_in_the_preview(invoicing):
    """With the references of BgMaxfil4 pointing at real invoices: each part as the bank
    states it, nothing registered above what was paid, and the file's sum in the preview."""
    content = _content("bgc-bgmaxfil4-eur.zimpler.txt")
    alfa, beta = issue(invoicing.a), issue(invoicing.b)
    content = content.replace(b"    573964", alfa.ocr.encode()).replace(
        b"    573865", beta.ocr.encode()
    )
    parsed = parse_bgmax(_as_ours(content))

    matches = payments_match(payments=parsed.payments)

    assert sum(m.amount for m in matches) == sum(d[2] for d in BGMAXFIL4)
    parts = {m.reference: m for m in matches}
    assert (parts[alfa.ocr].amount, parts[alfa.ocr].outcome) == (1700, Outcome.PARTLY)
    assert (parts[beta.ocr].amount, parts[beta.ocr].outcome) == (300, Outcome.PARTLY)
    incorrect = parts["8988777"]
    assert incorrect.amount == 400 and "felaktig" in incorrect.reason
    assert parts["8012577"].outcome == Outcome.UNMATCHED and "EUR" in parts["8012577"].reason
    assert parsed.deposits[0].payments[0].paid_on == datetime.date(2004, 5, 25)
