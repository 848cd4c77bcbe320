"""The bank's payment file (BgMax): read whole or refused, matched by OCR, registered once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.invoicing import services
from budget.invoicing.bank_payments import (
    Outcome,
    payment_file_read,
    payment_file_register,
    payment_file_upload,
)
from budget.invoicing.bgmax import WrittenPayment, bgmax_write, parse_bgmax
from budget.invoicing.selectors import Status, status_of, with_payments
from budget.models import Invoice, Payment, PaymentFile
from tests.factories import AssociationFactory, AssociationYearFactory
from tests.invoicing import NNS_BANKGIRO, RUN_DATE, issue

pytestmark = pytest.mark.django_db
PAID_ON = datetime.date(2026, 2, 20)
CREATED = datetime.datetime(2026, 2, 21, 6, 0)


def record(*fields: str) -> str:
    return "".join(fields).ljust(80)


# A file laid out as the manual's examples are: a deposit with an OCR payment, a payment naming
# three invoices in extra reference records (amount 0 in each), a deduction, information and
# payer records; a second deposit with a payment without reference. Amounts are in öre.
MANUAL_LAYOUT = "\n".join(
    [
        record("01", "BGMAX".ljust(20), "01", "20260221060000123456", "P"),
        record("05", "0050501055", " " * 10, "SEK"),
        record("20", "0009912346", "2026000105".rjust(25), "6555000".zfill(18), "2", "1",
               "000000000010", "0"),
        record("26", "Samordningsförbundet Alfa"),
        record("27", "Storgatan 2".ljust(35), "58112"),
        record("29", "002120000142"),
        record("20", "0003783511", "2026000204 2026000303".ljust(25), "2510000".zfill(18), "3",
               "2", "000000000011", "0"),
        record("22", "0003783511", "2026000204".rjust(25), "0" * 18, "2", "2", "000000000011", "0"),
        record("22", "0003783511", "\t\t2026000303".rjust(25), "0" * 18, "2", "2", "000000000011",
               "0"),
        record("25", "Betalning av två fakturor"),
        record("21", "0003783511", "9999999999".rjust(25), "50000".zfill(18), "2", "1",
               "000000000012", "0", "1"),
        record("15", "0" * 35, "20260220", "00074", "9015000".zfill(18), "SEK", "00000003", "K"),
        record("05", "0050501055", " " * 10, "SEK"),
        record("20", "0001234567", " " * 25, "120000".zfill(18), "1", "3", "000000000013", "1"),
        record("26", "Berits Garn"),
        record("15", "0" * 35, "20260220", "00075", "120000".zfill(18), "SEK", "00000001", "K"),
        record("70", "00000003", "00000001", "00000002", "00000002"),
    ]
)  # fmt: skip


def test_the_manuals_record_layout_is_read_field_by_field():
    parsed = parse_bgmax(MANUAL_LAYOUT.encode("latin-1"))

    assert not parsed.test_file
    assert [d.serial for d in parsed.deposits] == ["00074", "00075"]
    first, split, deduction, unreferenced = parsed.payments
    assert (first.bankgiro, first.reference, first.amount, first.serial) == (
        "50501055",
        "2026000105",
        Decimal("65550.00"),
        "000000000010",
    )
    assert first.payer == "Samordningsförbundet Alfa"
    assert first.paid_on == datetime.date(2026, 2, 20)
    assert split.extra_references == [("2026000204", 0), ("2026000303", 0)]
    assert split.information == ["Betalning av två fakturor"]
    assert deduction.deduction and deduction.amount == Decimal("500.00")
    assert unreferenced.reference == "" and unreferenced.payer == "Berits Garn"


def three_invoices(invoicing):
    """Alfa's (65 550 kr), Beta's (14 200 kr) and Gamma's invoices of 2026."""
    gamma = AssociationFactory(
        name="Samordningsförbundet Omega", joined_on=datetime.date(2020, 1, 1)
    )
    AssociationYearFactory(association=gamma, year=2026, total_budget=Decimal(2_000_000))
    return issue(invoicing.a), issue(invoicing.b), issue(gamma)


def test_payments_are_matched_by_ocr_and_shared_over_the_invoices_they_name(invoicing):
    alfa, beta, gamma = three_invoices(invoicing)
    assert [alfa.ocr, beta.ocr, gamma.ocr] == ["2026000105", "2026000204", "2026000303"]
    matches = payment_file_read(content=MANUAL_LAYOUT.encode("latin-1"))

    outcomes = [(m.reference, m.amount, m.outcome) for m in matches]
    assert (beta.total_amount, gamma.total_amount) == (14200, 11900)
    assert outcomes == [
        ("2026000105", Decimal("65550.00"), Outcome.PAID),
        ("2026000204", Decimal(14200), Outcome.PAID),
        ("2026000303", Decimal(10900), Outcome.PARTLY),
        ("9999999999", Decimal("-500.00"), Outcome.UNMATCHED),
        ("", Decimal("1200.00"), Outcome.UNMATCHED),
    ]
    assert "avdrag" in matches[3].reason.lower()
    assert not Payment.objects.exists(), "the preview writes nothing"


def bank_file(*deposits, bankgiro=NNS_BANKGIRO) -> bytes:
    return bgmax_write(bankgiro=bankgiro, deposits=list(deposits), created=CREATED)


def test_a_file_registers_once_with_its_dates_and_partial_and_over_payments(invoicing, admin_user):
    alfa, beta, gamma = three_invoices(invoicing)
    content = bank_file(
        (PAID_ON, [WrittenPayment(alfa.ocr, Decimal(60000), payer="Alfa")]),
        (
            PAID_ON + datetime.timedelta(days=1),
            [
                WrittenPayment(beta.ocr, beta.total_amount + 100),
                WrittenPayment("2026009900", Decimal(500)),
            ],
        ),
    )

    matches = payment_file_register(
        payment_file_id=payment_file_upload(name="bg.txt", content=content, user=admin_user).pk,
        user=admin_user,
    )

    assert [m.outcome for m in matches] == [
        Outcome.PARTLY,
        Outcome.OVERPAID,
        Outcome.UNMATCHED,
    ]
    assert "2026009900" in matches[2].reason
    paid = {p.invoice_id: p for p in Payment.objects.all()}
    assert paid[alfa.pk].paid_on == PAID_ON and paid[alfa.pk].amount == Decimal(60000)
    assert paid[beta.pk].paid_on == PAID_ON + datetime.timedelta(days=1)
    assert paid[alfa.pk].registered_by == admin_user
    assert paid[alfa.pk].history.count() == 1
    statuses = {i.pk: status_of(i) for i in with_payments(Invoice.objects.all())}
    assert statuses[alfa.pk] == Status.PARTLY_PAID
    assert statuses[beta.pk] == Status.OVERPAID
    assert statuses[gamma.pk] == Status.OVERDUE

    again = payment_file_upload(name="bg-igen.txt", content=content, user=admin_user)
    matches = payment_file_register(payment_file_id=again.pk, user=admin_user)
    assert [m.outcome for m in matches][:2] == [Outcome.ALREADY, Outcome.ALREADY]
    assert Payment.objects.count() == 2
    with pytest.raises(ValidationError):
        payment_file_register(payment_file_id=again.pk, user=admin_user)


def test_a_payment_to_another_bankgiro_or_a_credited_invoice_is_not_registered(invoicing):
    alfa, beta, _gamma = three_invoices(invoicing)
    services.invoice_credit(
        invoice=beta, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    other = bank_file((PAID_ON, [WrittenPayment(alfa.ocr, Decimal(100))]), bankgiro="9912346")
    ours = bank_file((PAID_ON, [WrittenPayment(beta.ocr, Decimal(100))]))

    [to_other] = payment_file_read(content=other)
    [to_credited] = payment_file_read(content=ours)

    assert to_other.outcome == Outcome.UNMATCHED and "991-2346" in to_other.reason
    assert to_credited.outcome == Outcome.UNMATCHED and beta.number in to_credited.reason


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda text: text.rsplit("\n", 2)[0], "70"),  # cut short before the end
        (lambda text: "namn;belopp\nAlfa;100\n", "01BGMAX"),  # not BgMax
        (lambda text: text.replace("SEK00000001", "SEK00000002"), "2"),  # payment count
        (lambda text: text.replace("000000000000010000SEK", "000000000000010100SEK"), "kr"),
        (lambda text: text.replace("000000P", "000000T", 1), "test"),
        (lambda text: text.replace("\n20", "\n2X", 1), "rad"),
        (lambda text: text.replace("\n7000000001", "\n7000000002"), "slutpost"),
    ],
)  # fmt: skip
def test_a_broken_or_foreign_file_is_refused_whole_with_a_swedish_reason(invoicing, damage, reason):
    alfa, _beta, _gamma = three_invoices(invoicing)
    text = bank_file((PAID_ON, [WrittenPayment(alfa.ocr, Decimal(100))])).decode("latin-1")
    damaged = damage(text)
    assert damaged != text

    with pytest.raises(ValidationError) as refused:
        payment_file_upload(name="trasig.txt", content=damaged.encode("latin-1"), user=None)

    assert reason.lower() in " ".join(refused.value.messages).lower()
    assert not PaymentFile.objects.exists()
    assert not Payment.objects.exists()


def test_import_payments_command_previews_then_registers(invoicing, tmp_path, capsys):
    alfa, _beta, _gamma = three_invoices(invoicing)
    path = tmp_path / "bgmax.txt"
    path.write_bytes(bank_file((PAID_ON, [WrittenPayment(alfa.ocr, alfa.total_amount)])))

    call_command("import_payments", str(path), "--dry-run")
    assert not Payment.objects.exists()
    call_command("import_payments", str(path))
    call_command("import_payments", str(path))

    assert Payment.objects.get().invoice == alfa
    output = capsys.readouterr().out
    assert "Betalar fakturan: 1" in output
    assert "Redan registrerad: 1" in output
    path.write_text("trasig fil")
    with pytest.raises(CommandError, match="01BGMAX"):
        call_command("import_payments", str(path))


def test_staff_upload_preview_and_confirm_in_the_admin(invoicing, admin_client):
    alfa, _beta, _gamma = three_invoices(invoicing)
    content = bank_file((PAID_ON, [WrittenPayment(alfa.ocr, alfa.total_amount)]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        reverse("admin:budget_paymentfile_add"),
        {"file": SimpleUploadedFile("bgmax.txt", content)},
    )
    payment_file = PaymentFile.objects.get()
    assert response.url == reverse("admin:budget_paymentfile_change", args=[payment_file.pk])
    preview = admin_client.get(response.url)
    assert alfa.number in preview.text
    assert not Payment.objects.exists()

    admin_client.post(reverse("admin:budget_paymentfile_register", args=[payment_file.pk]))

    assert Payment.objects.get().bank_reference.startswith("bgmax:50501055:20260220:")
    broken = admin_client.post(
        reverse("admin:budget_paymentfile_add"),
        {"file": SimpleUploadedFile("bgmax.txt", content[:-100])},
    )
    assert broken.status_code == 200
    assert "slutpost" in broken.text
    assert PaymentFile.objects.count() == 1
