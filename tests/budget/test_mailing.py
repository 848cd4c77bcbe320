"""Invoices e-mailed with their PDF through the outbox and real SMTP, and reminders."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from budget.invoicing import services
from budget.models import InvoiceReminder
from nns_portal.models import OutboxMessage
from tests.factories import STOCKHOLM
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


def test_an_invoice_is_e_mailed_once_with_its_pdf(invoicing, smtp_server, send):
    invoice = issue(invoicing.a)
    assert send(services.invoices_email_now, invoice_ids=[invoice.pk]) == 1
    assert send(services.invoices_email_now, invoice_ids=[invoice.pk]) == 0
    [message] = smtp_server.messages
    assert message["To"] == invoicing.a.invoice_email
    assert message["Subject"] == "Faktura 2026-0001 från NNS: avgifter för 2026"
    text = message.get_body(("plain",)).get_content()
    assert "OCR-nummer: 2026000105" in text
    assert "Belopp: 65\xa0550\xa0kr" in text
    assert "Förfallodatum: 2026-03-04" in text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "faktura-2026-0001.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_without_an_invoice_address_the_associations_own_address_is_used(invoicing, send):
    invoicing.b.invoice_email = ""
    invoicing.b.email = "info@beta.example"
    invoicing.b.save()
    invoice = issue(invoicing.b)
    send(services.invoices_email_now, invoice_ids=[invoice.pk])
    assert OutboxMessage.objects.get().to == "info@beta.example"


def test_a_run_started_by_staff_issues_and_e_mails_every_invoice(invoicing, smtp_server, send):
    run = send(
        services.invoice_run_start,
        fee_year=2026,
        issued_on=RUN_DATE,
        send_by_email=True,
        user=invoicing.staff,
    )
    run.refresh_from_db()
    assert (run.status, run.issued) == ("finished", 2)
    assert sorted(message["To"] for message in smtp_server.messages) == sorted(
        [invoicing.a.invoice_email, invoicing.b.invoice_email]
    )
    assert {invoice.issued_by for invoice in run.invoices.all()} == {invoicing.staff.email}


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 20), STOCKHOLM))


def reminders(send) -> list[tuple[str, int]]:
    send(services.overdue_reminders_send)
    return sorted(
        (reminder.invoice.buyer_name, reminder.ordinal)
        for reminder in InvoiceReminder.objects.select_related("invoice")
    )


def test_an_overdue_invoice_is_reminded_once_then_once_more_and_never_when_paid(
    invoicing, send, settings
):
    settings.INVOICE_REMINDER_GRACE_DAYS = 5
    settings.INVOICE_SECOND_REMINDER_DAYS = 14
    alfa, beta = issue(invoicing.a), issue(invoicing.b)  # due 4 March
    services.payment_register(
        invoice=beta, paid_on=RUN_DATE, amount=beta.total_amount, note="", user=None
    )
    with at(datetime.date(2026, 3, 4)):
        services.payment_register(
            invoice=alfa,
            paid_on=datetime.date(2026, 3, 4),
            amount=Decimal(5000),
            note="",
            user=None,
        )
    alfa_name = invoicing.a.name
    with at(datetime.date(2026, 3, 9)):
        assert reminders(send) == []  # overdue, but within the days payments take to register
    with at(datetime.date(2026, 3, 10)):
        assert reminders(send) == [(alfa_name, 1)]
        assert reminders(send) == [(alfa_name, 1)]  # beat running twice changes nothing
    with at(datetime.date(2026, 3, 23)):
        assert reminders(send) == [(alfa_name, 1)]
    with at(datetime.date(2026, 3, 24)):
        assert reminders(send) == [(alfa_name, 1), (alfa_name, 2)]
    with at(datetime.date(2026, 6, 1)):
        assert reminders(send) == [(alfa_name, 1), (alfa_name, 2)]  # two at most
    messages = OutboxMessage.objects.filter(key__contains=":reminder:").order_by("key")
    assert [message.key for message in messages] == [
        f"invoice:{alfa.pk}:reminder:1",
        f"invoice:{alfa.pk}:reminder:2",
    ]
    assert "Kvar att betala: 60\xa0550\xa0kr" in messages[0].body_text
    assert messages[0].subject == "Påminnelse: faktura 2026-0001 från NNS har förfallit"
    assert messages[0].attachments.get().filename == "faktura-2026-0001.pdf"


def test_paid_and_credited_invoices_are_never_reminded(invoicing, send):
    alfa, beta = issue(invoicing.a), issue(invoicing.b)
    services.payment_register(
        invoice=alfa, paid_on=RUN_DATE, amount=alfa.total_amount, note="", user=None
    )
    services.invoice_credit(
        invoice=beta, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    with at(datetime.date(2026, 9, 1)):
        assert reminders(send) == []


def test_sending_an_invoice_again_sends_a_new_message_each_time_once(
    invoicing, smtp_server, send, admin_client
):
    from django.contrib import admin
    from django.urls import reverse

    invoice = issue(invoicing.a)
    send(services.invoices_email_now, invoice_ids=[invoice.pk])
    assert send(services.invoices_email_now, invoice_ids=[invoice.pk]) == 0

    response = send(
        admin_client.post,
        path=reverse("admin:budget_invoice_changelist"),
        data={
            "action": "email_invoices_again",
            admin.helpers.ACTION_CHECKBOX_NAME: [invoice.pk],
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    assert send(services.invoice_email_resend, invoice_id=invoice.pk) is True

    assert len(smtp_server.messages) == 3
    assert [m.key for m in OutboxMessage.objects.order_by("pk")] == [
        f"invoice:{invoice.pk}:email",
        f"invoice:{invoice.pk}:resend:1",
        f"invoice:{invoice.pk}:resend:2",
    ]
    assert all(m.get_filename() for s in smtp_server.messages for m in s.iter_attachments())
    page = admin_client.get(reverse("admin:budget_invoice_change", args=[invoice.pk]))
    assert "skickad igen 2 gånger" in page.text


def test_staff_find_partly_paid_overdue_invoices_and_remind_them_now(invoicing, staff_client, send):
    alfa, beta = issue(invoicing.a), issue(invoicing.b)  # due 4 March
    services.payment_register(
        invoice=alfa, paid_on=RUN_DATE, amount=Decimal(5000), note="", user=None
    )  # partly paid
    services.payment_register(
        invoice=beta, paid_on=RUN_DATE, amount=beta.total_amount, note="", user=None
    )
    changelist = reverse("admin:budget_invoice_changelist")
    with at(datetime.date(2026, 3, 5)):
        listed = staff_client.get(changelist, {"status": "past_due"}).text
        assert alfa.number in listed and beta.number not in listed
        action = {"action": "remind_now", "_selected_action": [alfa.pk, beta.pk]}
        confirmation = staff_client.post(changelist, action)
        assert "1 person får: en påminnelse" in confirmation.text
        assert not InvoiceReminder.objects.exists()
        confirmed = {**action, "confirmed": "yes"}
        response = send(staff_client.post, path=changelist, data=confirmed, follow=True)
        assert "1 påminnelse är skickad." in response.text
        assert reminders(send) == [(invoicing.a.name, 1)]
        for _again in range(2):
            send(staff_client.post, path=changelist, data=confirmed)
        assert reminders(send) == [(invoicing.a.name, 1), (invoicing.a.name, 2)]  # two at most
