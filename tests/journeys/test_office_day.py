"""The office's day and the chair's year in Chromium (#36): a meeting saved inside its lead
time asks before inviting anyone, overdue invoices (partly paid too) are found from the
start page and reminded, an invoice run that sends is a question, not an error,
the roll call wants the proxy of a delegate who is not the chair or director and fits a
phone, the chair finds the annual meeting and its motion form, cannot blank the reference
e-invoices need, and reads their own details; a payment file's page fits a phone."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from budget.invoicing.bgmax import WrittenPayment, bgmax_write
from budget.invoicing.payment_files import payment_file_register, payment_file_upload
from budget.invoicing.services import payment_register
from budget.models import InvoiceReminder
from meetings.annual.services import roll_call_check_in
from meetings.models import Meeting, MeetingDelegate, MeetingType, RollCallEntry
from nns_portal.models import OutboxMessage
from tests.accessibility.test_portal_pages import DESKTOP, PHONE, page_width, serious
from tests.factories import STOCKHOLM, annual_meeting, meeting_type
from tests.invoicing import NNS_BANKGIRO, RUN_DATE, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wide(page: Page) -> bool:
    return page_width(page) > PHONE["width"]


def test_a_meeting_saved_inside_its_lead_time_asks_before_anyone_is_invited(
    live_server, page: Page, log_in, scene, frozen
):
    meeting_type(MeetingType.Code.CHAIRS)  # the types, gone if a test before flushed them
    scene.staff.is_superuser = True
    scene.staff.save()
    log_in(page, scene.staff)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:meetings_meeting_add"))
    page.get_by_label("Typ:").select_option(label="Ordförandeträff")
    page.get_by_label("Dag:", exact=True).fill("2026-12-01")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("inbjudningarna ut direkt till")).to_be_visible()
    assert not page.title().startswith("Fel")
    assert serious(page) == []
    page.get_by_label("Inte nu: jag skickar dem själv senare").check()
    page.get_by_role("button", name="Spara med mitt svar").click()
    page.wait_for_url("**/admin/meetings/meeting/")
    meeting = Meeting.objects.get()
    assert meeting.invitations_by_hand and not OutboxMessage.objects.exists()


def test_staff_find_a_partly_paid_overdue_invoice_and_remind_it_now(
    live_server, page: Page, log_in, invoicing
):
    invoice = issue(invoicing.a)
    payment_register(invoice=invoice, paid_on=RUN_DATE, amount=Decimal(5000), note="", user=None)
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=STOCKHOLM), tick=False):
        log_in(page, invoicing.staff)
        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + "/")  # the office's to-do list leads to the filter
        page.get_by_role("link", name="1 faktura är förfallen och inte betald fullt ut").click()
        expect(page.get_by_role("link", name=invoice.number)).to_be_visible()
        page.goto(live_server.url + reverse("admin:budget_invoice_changelist"))
        page.get_by_role("link", name="Förfallna, även delvis betalda").click()
        expect(page.get_by_role("link", name=invoice.number)).to_be_visible()
        page.locator("#action-toggle").check()
        page.get_by_label("Åtgärd:").select_option(
            label="Skicka en påminnelse nu om de valda förfallna fakturorna"
        )
        page.get_by_role("button", name="Kör").click()
        expect(page.get_by_text("1 person får")).to_be_visible()
        page.get_by_role("button", name="Ja, skicka").click()
        expect(page.get_by_text("1 påminnelse är skickad.")).to_be_visible()
    assert InvoiceReminder.objects.get().ordinal == 1


def test_the_roll_call_wants_the_proxy_and_fits_a_phone(
    live_server, page: Page, log_in, scene, tmp_path
):
    meeting = annual_meeting(datetime.date.today())
    MeetingDelegate.objects.create(meeting=meeting, association=scene.a, person=scene.officer_a)
    MeetingDelegate.objects.create(meeting=meeting, association=scene.b, person=scene.chair_b)
    roll_call_check_in(meeting=meeting, association=scene.b, attendance="on_site", user=None)
    scene.staff.is_superuser = True
    scene.staff.save()
    log_in(page, scene.staff)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("admin:meetings_meeting_roll_call", args=[meeting.pk]))
    assert not _wide(page), "the check-in is on the screen"
    assert serious(page) == []
    row = page.get_by_role("row", name=scene.a.name)
    row.get_by_role("button", name="Checka in").click()
    expect(page.get_by_text("är inte ordförande eller förbundschef")).to_be_visible()
    assert not RollCallEntry.objects.filter(association=scene.a).exists()
    proxy = tmp_path / "fullmakt.pdf"
    proxy.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n")
    row = page.get_by_role("row", name=scene.a.name)
    row.get_by_label("Fullmakt").set_input_files(str(proxy))
    row.get_by_role("button", name="Checka in").click()
    expect(page.get_by_role("row", name=scene.a.name).get_by_text("Ja, på plats")).to_be_visible()
    assert RollCallEntry.objects.get(association=scene.a).proxy


def test_a_chair_finds_the_annual_meeting_keeps_the_reference_and_reads_their_details(
    live_server, page: Page, log_in, scene, frozen
):
    annual = annual_meeting(datetime.date(2027, 4, 20))
    scene.a.invoice_channel, scene.a.invoice_reference = "efaktura", "ALFA4711"
    scene.a.save()
    log_in(page, scene.chair_a.user)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="motioner kan lämnas till och med", exact=False).click()
    expect(page).to_have_url(live_server.url + reverse("meetings:meeting", args=[annual.pk]))
    expect(page.get_by_role("link", name="Lämna en motion")).to_be_visible()

    page.goto(live_server.url + reverse("members:edit", args=[scene.a.pk]))
    page.get_by_label("Fakturareferens").fill("")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("E-fakturor behöver den referens (Er referens)")).to_be_visible()
    scene.a.refresh_from_db()
    assert scene.a.invoice_reference == "ALFA4711"

    page.get_by_role("link", name=str(scene.chair_a)).first.click()
    expect(page.get_by_role("heading", name="Dina roller")).to_be_visible()
    page.get_by_role("link", name="Läs registerutdraget").click()
    expect(page.get_by_role("heading", name=f"Registerutdrag: {scene.chair_a}")).to_be_visible()
    assert not _wide(page)


def test_a_payment_file_s_page_fits_a_phone(live_server, page: Page, log_in, invoicing):
    invoice = issue(invoicing.a)
    content = bgmax_write(
        bankgiro=NNS_BANKGIRO,
        deposits=[
            (
                datetime.date(2026, 3, 4),
                [
                    WrittenPayment(invoice.ocr, invoice.total_amount, payer="Samordningsförbundet"),
                    WrittenPayment("2026009900", Decimal(500)),
                ],
            )
        ],
        created=datetime.datetime(2026, 3, 5, 6, 0),
    )
    uploaded = payment_file_upload(name="bgmax-0305.txt", content=content, user=invoicing.staff)
    payment_file_register(payment_file_id=uploaded.pk, user=invoicing.staff)
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    log_in(page, invoicing.staff)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("admin:budget_paymentfile_change", args=[uploaded.pk]))
    expect(page.get_by_text("Registrerad från den här filen").first).to_be_visible()
    assert not _wide(page), page_width(page)
    assert serious(page) == []


def test_starting_an_invoice_run_that_sends_is_a_question(
    live_server, page: Page, log_in, invoicing
):
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    log_in(page, invoicing.staff)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:budget_invoicerun_add"))
    page.get_by_label("Avgiftsår:").fill("2026")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("2 förbund får sin faktura för 2026")).to_be_visible()
    assert not page.title().startswith("Fel")
    assert serious(page) == []
    page.get_by_role("button", name="Ja, starta körningen och skicka").click()
    page.wait_for_url("**/admin/budget/invoicerun/**")
