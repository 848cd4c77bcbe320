"""The bank's payment file (BgMax): read whole or refused, matched by OCR, registered once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.invoicing import services
from budget.invoicing.bank_payments import Outcome
from budget.invoicing.bgmax import WrittenPayment, bgmax_write, parse_bgmax
from budget.invoicing.payment_files import (
    payment_file_read,
    payment_file_register,
    payment_file_upload,
)
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
        # Tabs, as in one of Bankgirot's examples: they stand for spaces to the next eighth column.
        record("22", "0003783511", "\t\t   2026000303", "0" * 18, "2", "2", "000000000011",
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
    assert [(e.reference, e.amount, e.reference_code) for e in split.extra_references] == [
        ("2026000204", 0, "2"),
        ("2026000303", 0, "2"),
    ]
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


def test_staff_upload_preview_and_confirm_in_the_admin(
    invoicing, admin_client, django_capture_on_commit_callbacks
):
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

    with django_capture_on_commit_callbacks(execute=True):  # the job registers them
        admin_client.post(reverse("admin:budget_paymentfile_register", args=[payment_file.pk]))

    assert Payment.objects.get().bank_reference.startswith("bgmax:50501055:20260220:")
    registered = admin_client.get(response.url).text
    assert "Registrerad från den här filen" in registered
    assert "från en annan fil" not in registered and "Registrera de matchade" not in registered
    broken = admin_client.post(
        reverse("admin:budget_paymentfile_add"),
        {"file": SimpleUploadedFile("bgmax.txt", content[:-100])},
    )
    assert broken.status_code == 200
    assert "slutpost" in broken.text
    assert PaymentFile.objects.count() == 1


def _one_payment(*extras: str, amount: str = "10000", reference: str = "", code: str = "2",
                 day: str = "20260220", total: str | None = None) -> bytes:  # fmt: skip
    """A file of one payment (amount in öre) with the given extra reference records."""
    lines = [
        record("01", "BGMAX".ljust(20), "01", "20260221060000123456", "P"),
        record("05", NNS_BANKGIRO.zfill(10), " " * 10, "SEK"),
        record("20", "0003783511", reference.rjust(25), amount.zfill(18), code, "1",
               "000000000010", "0"),
        *extras,
        record("15", "0" * 35, day, "00074", (total or amount).zfill(18), "SEK", "00000001", "K"),
        record("70", "00000001", "00000000", f"{sum(e[:2] in ('22', '23') for e in extras):08d}",
               "00000001"),
    ]  # fmt: skip
    return "\n".join(lines).encode("utf-8")


def _extra(reference: str, amount: str, kind: str = "22", code: str = "2") -> str:
    return record(kind, "0003783511", reference.rjust(25), amount.zfill(18), code, "1",
                  "000000000010", "0")  # fmt: skip


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_one_payment(amount="1²000"), "inte siffror"),
        (_one_payment(amount="١٠٠٠٠"), "inte siffror"),  # Arabic-Indic digits
        (_one_payment(amount="1" + "0" * 14), "större än någon betalning"),  # 10^12 kr
        (_one_payment(day="20270220"), "har inte kommit än"),
    ],
)
def test_hostile_amounts_and_dates_are_refused_with_their_line(admin_client, content, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        reverse("admin:budget_paymentfile_add"), {"file": SimpleUploadedFile("bg.txt", content)}
    )

    assert response.status_code == 200
    assert (reason in response.text and "Rad 3" in response.text) or "Rad 4" in response.text
    assert not PaymentFile.objects.exists()


def test_a_control_character_in_the_payers_name_is_read_as_a_space(invoicing, admin_user):
    alfa, _beta, _gamma = three_invoices(invoicing)
    content = _one_payment(record("26", "Alfa\x00förbund"), amount="6555000", reference=alfa.ocr)

    payment_file = payment_file_upload(name="bg.txt", content=content, user=admin_user)
    payment_file_register(payment_file_id=payment_file.pk, user=admin_user)

    assert Payment.objects.get().note == "Bankgiro Alfa förbund"


@pytest.mark.parametrize(
    "extras",
    [
        [_extra("2026000204", "500000")],  # 100 kr paid, 5 000 kr stated for another invoice
        [_extra("2026009999", "400000", kind="23")],  # a minus record frees 4 000 kr
    ],
)
def test_what_is_registered_of_a_payment_never_exceeds_what_the_bank_paid(invoicing, extras):
    three_invoices(invoicing)
    stated = sum(Decimal(extra[37:55]) for extra in extras) / 100

    matches = payment_file_read(content=_one_payment(*extras, reference="2026000105"))

    assert {m.outcome for m in matches} == {Outcome.UNMATCHED}
    assert any("mer än de 100.00 kr som betalats" in m.reason for m in matches)
    assert sum(m.amount for m in matches) == Decimal(100)
    assert stated > 0


def test_a_file_over_the_limit_is_refused_at_once(invoicing, settings):
    settings.PAYMENT_FILE_MAX_BYTES = 1000
    content = _one_payment()
    assert len(content) > 1000 - 600  # a file of one payment is about 500 bytes

    with pytest.raises(ValidationError, match="större än 0 MB"):
        payment_file_read(content=content * 3)


def test_a_registration_whose_worker_died_is_started_again(
    invoicing, admin_user, django_capture_on_commit_callbacks, settings
):
    from budget.invoicing.payment_files import payment_files_resume

    alfa, _beta, _gamma = three_invoices(invoicing)
    content = bank_file((PAID_ON, [WrittenPayment(alfa.ocr, alfa.total_amount)]))
    payment_file = payment_file_upload(name="bg.txt", content=content, user=admin_user)
    started = datetime.datetime(2026, 2, 21, 9, 0, tzinfo=datetime.UTC)
    PaymentFile.objects.filter(pk=payment_file.pk).update(registering_since=started)  # died
    soon = started + datetime.timedelta(seconds=settings.JOB_STALL_SECONDS - 1)
    late = started + datetime.timedelta(seconds=settings.JOB_STALL_SECONDS + 1)

    assert payment_files_resume(now=soon) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert payment_files_resume(now=late) == [payment_file.pk]

    payment_file.refresh_from_db()
    assert payment_file.registered == 1 and payment_file.registering_since is None
    assert Payment.objects.get().registered_by == admin_user
    assert payment_files_resume(now=late + datetime.timedelta(hours=1)) == []


def test_unmatched_payments_wait_on_the_office_s_start_page_until_handled(
    invoicing, admin_user, client
):
    from budget.invoicing.payment_files import payment_files_unmatched_handled
    from budget.models import PaymentFile

    alfa, _beta, _gamma = three_invoices(invoicing)
    content = bank_file(
        (
            PAID_ON,
            [
                WrittenPayment(alfa.ocr, alfa.total_amount),
                WrittenPayment("2026009900", Decimal(500)),
            ],
        )
    )
    uploaded = payment_file_upload(name="bg-0305.txt", content=content, user=admin_user)
    payment_file_register(payment_file_id=uploaded.pk, user=admin_user)
    uploaded.refresh_from_db()
    assert (uploaded.registered, uploaded.unmatched) == (1, 1)
    assert uploaded.unmatched_amount == Decimal(500)

    client.force_login(admin_user)
    page = " ".join(client.get("/").text.split())
    assert "Betalningsfilen bg-0305.txt har 1 betalning (500 kr) som inte matchade" in page
    payment_files_unmatched_handled(payment_files=PaymentFile.objects.all())
    assert "bg-0305.txt har 1 betalning" not in client.get("/").text
