"""Staff in the admin: invoice runs with progress, payments, credit notes, ZIP and SIE."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.invoicing import services
from budget.invoicing.selectors import Status, status_of, with_payments
from budget.models import FeeSchedule, Invoice, InvoiceRun, Payment
from nns_portal.models import OutboxMessage
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict[str, object]:
    """What the browser would post back from an admin change page, unchanged."""
    data: dict[str, object] = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False):
                    data[form.add_prefix(name)] = value
    return data


def test_staff_start_a_run_and_follow_its_progress(
    staff_client, invoicing, django_capture_on_commit_callbacks
):
    start = {"fee_year": 2026, "issued_on": "2026-02-02", "send_by_email": "on"}
    asked = staff_client.post(reverse("admin:budget_invoicerun_add"), start)
    assert asked.status_code == 200 and not InvoiceRun.objects.exists()
    assert "2 förbund får sin faktura för 2026: 2 med e-post med PDF, 0 som e-faktura" in asked.text
    assert asked.context["adminform"].form["confirmed_count"].value() == "2"
    assert invoicing.a.invoice_email in asked.text and "Visa vilka" in asked.text
    assert "<title>Fel:" not in asked.text and "Rätta felet nedan" not in asked.text
    assert 'value="Ja, starta körningen och skicka"' in asked.text  # a question, not an error
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:budget_invoicerun_add"), {**start, "confirmed_count": "2"}
        )
    assert response.status_code == 302
    run = InvoiceRun.objects.get()
    assert (run.status, run.issued, run.started_by) == ("finished", 2, invoicing.staff)
    page = staff_client.get(reverse("admin:budget_invoicerun_change", args=[run.pk])).text
    assert "2 av 2" in page
    # The tasks ran as the run's transaction committed: both e-mails are out.
    assert "2 väntade: 0 i kö, 2 skickade, 0 misslyckade, 0 saknas" in page
    assert OutboxMessage.objects.filter(category="invoice").count() == 2


def test_a_run_without_nns_details_is_refused_in_swedish(staff_client, invoicing):
    FeeSchedule.objects.filter(year=2026).update(seller_bankgiro="")
    response = staff_client.post(
        reverse("admin:budget_invoicerun_add"), {"fee_year": 2026, "issued_on": "2026-02-02"}
    )
    assert response.status_code == 200
    assert "Avgiftsplanen för 2026 saknar NNS bankgiro." in response.text
    assert not InvoiceRun.objects.exists()


def test_a_wrong_bankgiro_is_refused_in_swedish(staff_client, invoicing):
    schedule = FeeSchedule.objects.get(year=2026)
    response = staff_client.post(
        reverse("admin:budget_feeschedule_change", args=[schedule.pk]),
        {
            **{
                field.name: getattr(schedule, field.name)
                for field in FeeSchedule._meta.fields
                if field.name not in {"id", "indicator_fee"}
            },
            "indicator_fee": 4700,
            "seller_org_number": "802400-0005",
            "seller_bankgiro": "5050-1056",
        },
    )
    assert response.status_code == 200
    assert "Bankgironumret 5050-1056 har fel kontrollsiffra." in response.text


def test_staff_register_a_payment_and_the_invoice_itself_stays(staff_client, invoicing):
    invoice = issue(invoicing.a)
    url = reverse("admin:budget_invoice_change", args=[invoice.pk])
    data = change_form_data(staff_client.get(url))
    data.update(
        {
            "payments-0-paid_on": "2026-02-20",
            "payments-0-amount": "65550",
            "payments-0-note": "Bankgiro",
            "buyer_name": "Ändrat namn",  # read-only: ignored
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    payment = Payment.objects.get()
    assert (payment.amount, payment.registered_by) == (Decimal(65550), invoicing.staff)
    invoice = with_payments(Invoice.objects.filter(pk=invoice.pk)).get()
    assert status_of(invoice) == Status.PAID
    assert invoice.buyer_name == "Samordningsförbundet Alfa"


def test_a_payment_dated_in_the_future_is_refused(staff_client, invoicing):
    invoice = issue(invoicing.a)
    url = reverse("admin:budget_invoice_change", args=[invoice.pk])
    data = change_form_data(staff_client.get(url))
    data.update({"payments-0-paid_on": "2099-01-01", "payments-0-amount": "100"})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "En betalning kan inte vara daterad i framtiden." in response.text
    assert not Payment.objects.exists()


def test_a_payment_on_a_credit_note_is_refused(staff_client, invoicing):
    credit_note, _none = services.invoice_credit(
        invoice=issue(invoicing.a), reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    url = reverse("admin:budget_invoice_change", args=[credit_note.pk])
    data = change_form_data(staff_client.get(url))
    data.update(
        {
            "payments-TOTAL_FORMS": "1",
            "payments-0-paid_on": "2026-02-20",
            "payments-0-amount": "100",
        }
    )

    response = staff_client.post(url, data)

    assert "Betalningar registreras på fakturor, inte på kreditnotor." in response.text
    assert not Payment.objects.exists()


def test_issued_invoices_cannot_be_added_or_deleted_in_the_admin(staff_client, invoicing):
    invoice = issue(invoicing.a)
    assert staff_client.get(reverse("admin:budget_invoice_add")).status_code == 403
    delete = reverse("admin:budget_invoice_delete", args=[invoice.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_staff_credit_and_reissue_from_the_admin(
    staff_client, invoicing, django_capture_on_commit_callbacks
):
    invoice = issue(invoicing.a)
    invoicing.a.years.filter(year=2026).update(total_budget=Decimal(10_000_000))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:budget_invoice_credit", args=[invoice.pk]),
            {"reason": "Fel total budget", "reissue": "on", "send_by_email": "on"},
        )
    assert response.status_code == 302
    credit_note = Invoice.objects.get(credits=invoice)
    replacement = Invoice.objects.get(replaces=invoice)
    assert response.url == reverse("admin:budget_invoice_change", args=[replacement.pk])
    assert replacement.total_amount == Decimal(200 + 35000 + 4700)
    subjects = set(OutboxMessage.objects.values_list("subject", flat=True))
    assert subjects == {
        f"Kreditnota {credit_note.number} från NNS",
        f"Faktura {replacement.number} från NNS: avgifter för 2026",
    }
    again = staff_client.post(
        reverse("admin:budget_invoice_credit", args=[invoice.pk]), {"reason": "Igen"}
    )
    assert "är redan krediterad av" in again.text


def test_the_zip_of_a_year_holds_every_pdf(staff_client, invoicing):
    issue(invoicing.a)
    issue(invoicing.b)
    response = staff_client.get(reverse("admin:budget_invoice_zip", args=[2026]))
    assert response["Content-Disposition"] == 'attachment; filename="fakturor-2026.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["faktura-2026-0001.pdf", "faktura-2026-0002.pdf"]
    assert archive.read("faktura-2026-0002.pdf").startswith(b"%PDF")


def test_the_sie_export_downloads_from_the_admin(staff_client, invoicing):
    issue(invoicing.a)
    response = staff_client.post(
        reverse("admin:budget_invoice_sie"), {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="nns-fakturor-20260101-20261231.SI"'
    )
    assert b"#VER F 1 20260202" in response.content
    refused = staff_client.post(
        reverse("admin:budget_invoice_sie"), {"start": "2026-12-01", "end": "2027-01-31"}
    )
    assert "inom ett räkenskapsår" in refused.text


def test_the_status_filter_of_the_invoice_list(staff_client, invoicing):
    alfa, _beta = issue(invoicing.a), issue(invoicing.b)
    Payment.objects.create(invoice=alfa, paid_on=datetime.date(2026, 2, 3), amount=Decimal(65550))
    url = reverse("admin:budget_invoice_changelist")
    paid = staff_client.get(url, {"status": "paid"}).context["cl"].result_list
    overdue = staff_client.get(url, {"status": "overdue"}).context["cl"].result_list
    assert [invoice.number for invoice in paid] == ["2026-0001"]
    assert [invoice.number for invoice in overdue] == ["2026-0002"]


def test_nns_details_are_typed_as_written_and_kept_as_digits(staff_client, invoicing):
    schedule = FeeSchedule.objects.get(year=2026)
    data = {
        field.name: getattr(schedule, field.name)
        for field in FeeSchedule._meta.fields
        if field.name != "id"
    }
    data.update({"seller_org_number": "802400-0005", "seller_bankgiro": "5050-1055"})
    url = reverse("admin:budget_feeschedule_change", args=[schedule.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    schedule.refresh_from_db()
    assert (schedule.seller_org_number, schedule.seller_bankgiro) == ("8024000005", "50501055")


def test_a_second_run_of_the_year_is_refused_in_the_admin(staff_client, invoicing):
    services.invoice_run_create(fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None)

    response = staff_client.post(
        reverse("admin:budget_invoicerun_add"), {"fee_year": 2026, "issued_on": "2026-02-02"}
    )

    assert response.status_code == 200
    assert "Fakturering av 2026 pågår redan" in response.text
    assert InvoiceRun.objects.count() == 1
