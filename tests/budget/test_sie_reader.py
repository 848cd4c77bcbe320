"""The SIE 4 reader against files in the shape Fortnox and Visma write them (made from
SIE-Gruppen's format description), broken files, and the portal's own export read back."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from budget.invoicing import services
from budget.invoicing.sie import sie_export
from budget.plan.sie_reader import parse_sie
from tests.invoicing import issue

DATA = Path(__file__).parent.parent / "data" / "sie"
D = Decimal


def _file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_a_file_as_fortnox_writes_it():
    sie = parse_sie(_file("fortnox_2025.se"))

    assert (sie.program, sie.org_number, sie.sie_type) == ("Fortnox 3.58.13", "8024000005", "4")
    assert sie.company == "Nationella nätverket för samordningsförbund"
    assert sie.fiscal_year == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert sie.accounts["1930"] == "Företagskonto"
    assert sie.results[0] == {"3010": D("-12400.00"), "3011": D("-60650.00"),
                              "5010": D("8000.00"), "7010": D("50000.00")}  # fmt: skip
    assert sie.results[-1]["7010"] == D("40000.00")
    assert sie.periods[0][("7010", 4)] == D("25000.00")
    assert (sie.vouchers, sie.transactions) == (6, 12)
    assert sie.voucher_months[("7010", 3)] == D("25000.00")
    assert sie.voucher_months[("1930", 4)] == D("-33000.00")


def test_a_file_as_visma_writes_it_with_cost_centres_and_a_checksum():
    sie = parse_sie(_file("visma_2025.se"))

    assert sie.accounts["7690"] == "Övriga personalkostnader, förtroendevalda"
    # The cost-centre rows ({1 "10"}) are left out: the whole account's row is there too.
    assert sie.periods[0] == {("3010", 1): D("-11800.00"), ("7010", 1): D("15000.00"),
                              ("7010", 2): D("15000.00"), ("7690", 2): D("4500.50")}  # fmt: skip
    # A row taken away (#BTRANS) and one added (#RTRANS, repeated as #TRANS) count once.
    assert sie.voucher_months[("1930", 2)] == D("-19500.50")
    assert sie.vouchers == 4


def test_the_checksum_finds_a_changed_character():
    content = _file("visma_2025.se").replace(b"L\x94ner januari", b"L\x94ner Januari")

    with pytest.raises(ValidationError, match="kontrollsumman"):
        parse_sie(content)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda t: "namn;belopp\r\nAlfa;100\r\n", "#FLAGGA"),
        (lambda t: t.replace("#TRANS 3011 {} -60650.00", "#TRANS 3011 {} -60600.00"),
         "balanserar inte"),
        (lambda t: t.replace("#RES 0 5010", "#RES 0 5011"), "5011 är inte deklarerat"),
        (lambda t: t.replace("#KTYP 5010 K", '#KONTO 5010 "Hyra"'), "deklareras två gånger"),
        (lambda t: t.rsplit("}", 1)[0], "avbruten"),
        (lambda t: t.replace("202504 5010 {} 8000.00", "202504 5010 {} 8100.00"), "#PSALDO"),
        (lambda t: t.replace("#RAR 0 20250101 20251231", ""), "#RAR 0"),
        (lambda t: t.replace('"Lön mars"', '"Lön\x01mars"'), "styrtecken"),
        (lambda t: t.replace("#FORMAT PC8", "#FORMAT UTF8"), "PC8"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_whole_with_the_line(damage, reason):
    text = _file("fortnox_2025.se").decode("cp437")
    damaged = damage(text)
    assert damaged != text

    with pytest.raises(ValidationError) as refused:
        parse_sie(damaged.encode("cp437"))

    message = " ".join(refused.value.messages)
    assert reason in message
    assert "Rad " in message or reason == "#FLAGGA"  # a file that is no SIE at all has no line


def test_a_file_saved_as_utf_8_is_refused_rather_than_read_with_wrong_letters():
    content = _file("fortnox_2025.se").decode("cp437").encode("utf-8")

    with pytest.raises(ValidationError, match="Rad 8: filen är UTF-8"):
        parse_sie(content)


@pytest.mark.django_db
def test_the_portal_s_own_export_reads_back(invoicing):
    alfa, beta = issue(invoicing.a), issue(invoicing.b)
    services.invoice_credit(
        invoice=beta, reason="Fel", issued_on=datetime.date(2026, 2, 3), issued_by="", reissue=False
    )
    services.payment_register(
        invoice=alfa, paid_on=datetime.date(2026, 2, 20), amount=D(1000), note="", user=None
    )

    sie = parse_sie(sie_export(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)))

    assert sie.vouchers == 4  # two invoices, a credit note, a payment
    assert sie.fiscal_year == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    receivable = sum(v for (account, _m), v in sie.voucher_months.items() if account == "1510")
    assert receivable == alfa.total_amount - 1000
    assert sum(sie.voucher_months.values()) == 0
