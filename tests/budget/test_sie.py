"""The SIE 4 export, parsed back: PC8 encoding, one balanced voucher per invoice."""

import datetime
import shlex
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget.invoicing import services
from budget.invoicing.sie import sie_export
from budget.models import FeeSchedule
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def parse(content: bytes) -> tuple[dict[str, list[list[str]]], list[dict]]:
    """Labels with their fields, and the vouchers with their transactions."""
    labels: dict[str, list[list[str]]] = {}
    vouchers: list[dict] = []
    for line in content.decode("cp437").splitlines():
        line = line.strip()
        if line in {"{", "}"} or not line:
            continue
        label, *fields = shlex.split(line.replace("{}", '""'), posix=True)
        if label == "#VER":
            vouchers.append({"fields": fields, "trans": []})
        elif label == "#TRANS":
            vouchers[-1]["trans"].append((fields[0], Decimal(fields[2])))
        else:
            labels.setdefault(label, []).append(fields)
    return labels, vouchers


def test_the_sie_file_has_a_balanced_voucher_per_invoice_and_credit_note(invoicing):
    FeeSchedule.objects.filter(year=2026).update(account_service_fee="3021")
    alfa, beta = issue(invoicing.a), issue(invoicing.b)
    services.invoice_credit(
        invoice=beta,
        reason="Fel",
        issued_on=datetime.date(2026, 2, 20),
        issued_by="",
        reissue=False,
    )
    content = sie_export(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert content.endswith(b"\r\n")
    assert "Utgående moms".encode("cp437") in content
    labels, vouchers = parse(content)
    assert labels["#FORMAT"] == [["PC8"]]
    assert labels["#SIETYP"] == [["4"]]
    assert labels["#ORGNR"] == [["802400-0005"]]
    assert labels["#RAR"] == [["0", "20260101", "20261231"]]
    accounts = dict(labels["#KONTO"])
    assert accounts["1510"] == "Kundfordringar"
    assert accounts["3021"] == "Serviceavgifter"
    assert [voucher["fields"][:3] for voucher in vouchers] == [
        ["F", "1", "20260202"],
        ["F", "2", "20260202"],
        ["F", "3", "20260220"],
    ]
    assert vouchers[0]["fields"][3] == "Faktura 2026-0001 Samordningsförbundet Alfa"
    for voucher in vouchers:
        assert sum(amount for _account, amount in voucher["trans"]) == 0
    assert vouchers[0]["trans"] == [
        ("1510", Decimal("65550.00")),
        ("3010", Decimal("-200.00")),
        ("3021", Decimal("-60650.00")),
        ("3030", Decimal("-4700.00")),
    ]
    assert vouchers[2]["fields"][3].startswith("Kreditnota 2026-0003")
    assert vouchers[2]["trans"][0] == ("1510", -beta.total_amount)
    assert alfa.total_amount == Decimal(65550)


def test_the_period_chooses_the_vouchers(invoicing):
    issue(invoicing.a, on=RUN_DATE)
    issue(invoicing.b, on=datetime.date(2026, 4, 1))
    _labels, vouchers = parse(
        sie_export(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 4, 30))
    )
    assert [voucher["fields"][1] for voucher in vouchers] == ["2"]


def test_a_period_across_two_years_is_refused(invoicing):
    with pytest.raises(ValidationError, match="inom ett räkenskapsår"):
        sie_export(start=datetime.date(2025, 12, 1), end=datetime.date(2026, 1, 31))


def test_payments_are_balanced_vouchers_from_the_bank_to_accounts_receivable(invoicing):
    FeeSchedule.objects.filter(year=2026).update(account_bank="1940")
    alfa, beta = issue(invoicing.a), issue(invoicing.b)
    first = services.payment_register(
        invoice=alfa, paid_on=datetime.date(2026, 2, 20), amount=Decimal(60000), note="", user=None
    )
    second = services.payment_register(
        invoice=alfa, paid_on=datetime.date(2026, 3, 2), amount=Decimal("5550"), note="", user=None
    )
    services.payment_register(
        invoice=beta, paid_on=datetime.date(2026, 4, 5), amount=Decimal(100), note="", user=None
    )

    labels, vouchers = parse(
        sie_export(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))
    )

    payments = [voucher for voucher in vouchers if voucher["fields"][0] == "I"]
    assert [voucher["fields"][:3] for voucher in payments] == [
        ["I", str(first.pk), "20260220"],
        ["I", str(second.pk), "20260302"],
    ]
    assert payments[0]["fields"][3] == "Inbetalning 2026-0001 Samordningsförbundet Alfa"
    assert payments[0]["trans"] == [("1940", Decimal("60000.00")), ("1510", Decimal("-60000.00"))]
    for voucher in vouchers:
        assert sum(amount for _account, amount in voucher["trans"]) == 0
    assert dict(labels["#KONTO"])["1940"] == "Bankgiro"
    receivable = sum(
        amount for voucher in vouchers for account, amount in voucher["trans"] if account == "1510"
    )
    assert receivable == beta.total_amount, "what is left: Beta's invoice, paid in April"


def test_a_series_numbers_ascend_even_when_a_later_payment_is_dated_earlier(invoicing):
    """A payment registered by hand after the bank's, but dated before it: the format wants
    the numbers of series I ascending in the file."""
    alfa = issue(invoicing.a)
    bank = services.payment_register(
        invoice=alfa, paid_on=datetime.date(2026, 2, 20), amount=Decimal(100), note="", user=None
    )
    by_hand = services.payment_register(
        invoice=alfa, paid_on=datetime.date(2026, 2, 5), amount=Decimal(50), note="", user=None
    )

    _labels, vouchers = parse(
        sie_export(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    )

    numbers = [int(v["fields"][1]) for v in vouchers if v["fields"][0] == "I"]
    assert numbers == sorted(numbers) == [bank.pk, by_hand.pk]


def test_only_the_quotation_mark_is_escaped(invoicing):
    invoicing.a.name = 'Förbund "Öst" C:\\mapp\\'
    invoicing.a.save()
    issue(invoicing.a)

    content = sie_export(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))

    line = next(line for line in content.decode("cp437").splitlines() if line.startswith("#VER"))
    assert line.endswith('"Faktura 2026-0001 Förbund \\"Öst\\" C:\\mapp\\ "')
