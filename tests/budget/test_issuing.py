"""Issuing: invoice runs, the number series, snapshots, immutability and credit notes."""

import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from budget.invoicing import services
from budget.invoicing.ocr import ocr_is_valid
from budget.models import FeeSchedule, Invoice, InvoiceLine, InvoiceRun, IssuedInvoiceError
from tests.factories import AssociationFactory, AssociationYearFactory
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def run(year: int = 2026, on: datetime.date = RUN_DATE) -> InvoiceRun:
    created = services.invoice_run_create(
        fee_year=year, issued_on=on, send_by_email=False, user=None
    )
    services.invoice_run_execute(run_id=created.pk)
    created.refresh_from_db()
    return created


def test_a_run_invoices_each_member_once_with_its_fee_lines(invoicing):
    result = run()
    assert result.status == InvoiceRun.Status.FINISHED
    assert (result.issued, result.to_invoice, result.problems) == (2, 2, [])
    alfa = Invoice.objects.get(association=invoicing.a)
    lines = [(line.kind, line.amount) for line in alfa.lines.all()]
    assert lines == [
        (InvoiceLine.Kind.MEMBERSHIP_FEE, Decimal(200)),
        (InvoiceLine.Kind.SERVICE_FEE, Decimal(60650)),
        (InvoiceLine.Kind.INDICATOR_FEE, Decimal(4700)),
    ]
    assert alfa.total_amount == Decimal(65550)
    assert alfa.due_on == RUN_DATE + datetime.timedelta(days=30)
    beta = Invoice.objects.get(association=invoicing.b)
    assert beta.total_amount == Decimal(200 + 14000)  # no indicators: no indicator fee
    # Gamma left in 2024: a former member is not invoiced.
    assert not Invoice.objects.filter(association=invoicing.former_member).exists()


def test_an_association_without_a_budget_is_listed_not_invoiced_with_zero(invoicing):
    gap = AssociationFactory(name="Samordningsförbundet Utan Budget")
    result = run()
    assert result.issued == 2
    assert result.problems == [
        {
            "association": "Samordningsförbundet Utan Budget",
            "message": "Samordningsförbundet Utan Budget saknar total budget för 2026: "
            "ange den innan fakturering.",
        }
    ]
    assert not Invoice.objects.filter(association=gap).exists()
    # Once the budget is entered, running again invoices only that association.
    AssociationYearFactory(association=gap, year=2026)
    again = run()
    assert (again.issued, again.problems) == (1, [])
    assert list(Invoice.objects.order_by("sequence").values_list("number", flat=True)) == [
        "2026-0001",
        "2026-0002",
        "2026-0003",
    ]


def test_a_second_run_of_a_year_is_refused_while_one_is_under_way(invoicing):
    first = services.invoice_run_create(
        fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
    )

    with pytest.raises(ValidationError, match="Fakturering av 2026 pågår redan"):
        services.invoice_run_create(
            fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
        )
    services.invoice_run_execute(run_id=first.pk)
    second = services.invoice_run_create(
        fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
    )

    assert second.to_invoice == 0


def test_a_run_is_refused_until_the_schedule_is_complete(scene):
    schedule = FeeSchedule.objects.get(year=2026)
    assert not schedule.seller_bankgiro  # as shipped: NNS's details are entered by staff
    with pytest.raises(ValidationError) as refused:
        services.invoice_run_create(
            fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
        )
    assert "Avgiftsplanen för 2026 saknar NNS bankgiro." in refused.value.messages
    with pytest.raises(ValidationError, match="Det finns ingen avgiftsplan för 2031"):
        services.invoice_run_create(
            fee_year=2031, issued_on=RUN_DATE, send_by_email=False, user=None
        )
    assert not InvoiceRun.objects.exists()


def test_an_issued_invoice_is_a_snapshot_of_its_day(invoicing):
    invoice = issue(invoicing.a)
    invoicing.a.name = "Samordningsförbundet Alfa-Omega"
    invoicing.a.save()
    schedule = FeeSchedule.objects.get(year=2026)
    schedule.seller_bankgiro = "9999996"
    schedule.service_fee_per_mille = Decimal("4.0")
    schedule.save()
    invoicing.a.years.filter(year=2026).update(total_budget=Decimal(1))
    invoice = Invoice.objects.get(pk=invoice.pk)
    assert invoice.buyer_name == "Samordningsförbundet Alfa"
    assert invoice.seller_bankgiro == "50501055"
    assert (invoice.service_fee_per_mille, invoice.total_budget) == (
        Decimal("3.5"),
        Decimal("17328500"),
    )
    assert invoice.total_amount == Decimal(65550)


def test_numbers_follow_the_invoice_dates_and_restart_each_year(invoicing):
    first = issue(invoicing.a, on=datetime.date(2025, 12, 15))
    second = issue(invoicing.b, on=datetime.date(2026, 1, 8))
    assert (first.number, second.number) == ("2025-0001", "2026-0001")
    late = AssociationFactory()
    AssociationYearFactory(association=late)
    with pytest.raises(ValidationError, match="ett senare nummer kan inte ha ett tidigare datum"):
        issue(late, on=datetime.date(2026, 1, 7))
    assert issue(late, on=datetime.date(2026, 1, 8)).number == "2026-0002"


def test_a_refused_invoice_leaves_no_gap(invoicing):
    issue(invoicing.a)
    with pytest.raises(services.AlreadyInvoiced):
        issue(invoicing.a)
    assert issue(invoicing.b).number == "2026-0002"


def test_every_ocr_reference_passes_the_banks_checks(invoicing):
    invoice = issue(invoicing.a)
    assert invoice.ocr == "2026000105"  # 20260001, length digit 0 (ten digits), Luhn 5
    assert ocr_is_valid(invoice.ocr)
    assert not ocr_is_valid("2026000106")  # wrong check digit
    assert not ocr_is_valid("202600015")  # a digit left out: the length digit no longer fits


def test_an_issued_invoice_cannot_be_changed_or_deleted(invoicing):
    invoice = issue(invoicing.a)
    invoice.total_amount = Decimal(1)
    with pytest.raises(IssuedInvoiceError):
        invoice.save()
    with pytest.raises(IssuedInvoiceError):
        invoice.delete()
    with pytest.raises(IssuedInvoiceError):
        Invoice.objects.filter(pk=invoice.pk).update(total_amount=Decimal(1))
    with pytest.raises(IssuedInvoiceError):
        Invoice.objects.all().delete()
    with pytest.raises(IssuedInvoiceError):
        InvoiceLine.objects.filter(invoice=invoice).update(amount=Decimal(1))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE budget_invoice SET total_amount = 1, net_amount = 1",
        "DELETE FROM budget_invoice",
        "UPDATE budget_invoiceline SET amount = 1",
        "DELETE FROM budget_invoiceline",
    ],
)
def test_the_database_refuses_to_change_an_issued_invoice(invoicing, statement):
    issue(invoicing.a)
    refused = pytest.raises(
        DatabaseError, match="Ett utfärdat dokument ändras eller raderas aldrig"
    )
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Invoice.objects.get().total_amount == Decimal(65550)


def test_a_credit_note_cancels_an_invoice_and_a_new_one_replaces_it(invoicing):
    invoice = issue(invoicing.a)
    invoicing.a.years.filter(year=2026).update(total_budget=Decimal(10_000_000))
    credit_note, replacement = services.invoice_credit(
        invoice=invoice,
        reason="Fel total budget",
        issued_on=datetime.date(2026, 3, 16),
        issued_by="kansli@nns.example",
        reissue=True,
    )
    assert credit_note.number == "2026-0002"
    assert credit_note.credits == invoice
    assert credit_note.total_amount == Decimal(-65550)
    assert [line.amount for line in credit_note.lines.all()] == [
        Decimal(-200),
        Decimal(-60650),
        Decimal(-4700),
    ]
    assert credit_note.due_on is None
    assert replacement.number == "2026-0003"
    assert replacement.replaces == invoice
    assert replacement.total_amount == Decimal(200 + 35000 + 4700)
    # The invoice itself is unchanged.
    assert Invoice.objects.get(pk=invoice.pk).total_amount == Decimal(65550)


def test_a_credit_note_copies_the_whole_snapshot_of_the_invoice(invoicing):
    invoice = issue(invoicing.a)
    invoicing.a.name = "Nytt namn"
    invoicing.a.save()

    credit_note, _none = services.invoice_credit(
        invoice=invoice, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
    )

    own = {"id", "number", "series_year", "sequence", "kind", "credits", "replaces", "run"}
    own |= {"issued_on", "due_on", "ocr", "reason", "issued_by", "created_at"}
    amounts = {"net_amount", "vat_amount", "total_amount"}
    for field in Invoice._meta.concrete_fields:
        copied, original = getattr(credit_note, field.attname), getattr(invoice, field.attname)
        if field.name in amounts:
            assert copied == -original, field.name
        elif field.name not in own:
            assert copied == original, field.name
    assert credit_note.buyer_name != "Nytt namn"


def test_an_invoice_is_credited_once_and_a_credit_note_never(invoicing):
    invoice = issue(invoicing.a)
    credit_note, _none = services.invoice_credit(
        invoice=invoice, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    with pytest.raises(ValidationError, match="är redan krediterad av 2026-0002"):
        services.invoice_credit(
            invoice=invoice, reason="Igen", issued_on=RUN_DATE, issued_by="", reissue=False
        )
    with pytest.raises(ValidationError, match="En kreditnota kan inte krediteras"):
        services.invoice_credit(
            invoice=credit_note, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
        )
    with pytest.raises(ValidationError, match="Ange varför"):
        services.invoice_credit(
            invoice=issue(invoicing.b), reason=" ", issued_on=RUN_DATE, issued_by="", reissue=False
        )
    assert Invoice.objects.count() == 3
    # A new run does not invoice a credited association again: staff reissue it on purpose.
    assert run().issued == 0


def test_issue_invoices_waits_for_a_run_under_way_with_wait(invoicing, monkeypatch):
    """Two commands at once (cron, say): the second fails at once (exit 1), or with --wait
    waits for the first to finish and then invoices what is left (here: nothing)."""
    from django.core.management import CommandError, call_command

    from budget.management.commands import issue_invoices

    first = services.invoice_run_create(
        fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
    )
    with pytest.raises(CommandError, match="pågår redan"):
        call_command("issue_invoices", "--year", "2026", "--date", RUN_DATE.isoformat())

    waited = []

    def the_first_finishes(seconds):
        waited.append(seconds)
        services.invoice_run_execute(run_id=first.pk)

    monkeypatch.setattr(issue_invoices.time, "sleep", the_first_finishes)
    call_command("issue_invoices", "--year", "2026", "--date", RUN_DATE.isoformat(), "--wait", "60")
    assert waited == [issue_invoices.WAIT_STEP_SECONDS]
    assert Invoice.objects.count() == 2  # the first run's; the second found nothing left
    assert InvoiceRun.objects.filter(status="finished").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_issue_invoices_processes_at_once_both_succeed_and_invoice_each_association_once(
    invoicing,
):
    """Two real `manage.py issue_invoices --wait` processes (two cron jobs) started while a
    run is under way: both wait for it, then one invoices what is left (nothing) while the
    other waits for that one; both exit 0, and no association is invoiced twice."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nns_portal.settings.test",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    command = [sys.executable, "manage.py", "issue_invoices", "--year", "2026", "--date",
               RUN_DATE.isoformat(), "--wait", "120"]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    under_way = services.invoice_run_create(
        fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None
    )
    processes = [
        subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.PIPE, text=True, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdout.readline().startswith("Väntar på pågående fakturering av 2026")
    services.invoice_run_execute(run_id=under_way.pk)
    outputs = [process.communicate(timeout=180)[0] for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    assert Invoice.objects.count() == 2
    assert Invoice.objects.values("association").distinct().count() == 2
    assert InvoiceRun.objects.filter(status="finished").count() == 3
