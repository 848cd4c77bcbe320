"""End-to-end journeys in Chromium, from the login by code to the thing the person came for.

The code is read from the e-mail that the portal delivered over real SMTP.
"""

import datetime
import io
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from meetings import services
from meetings.letters import services as letter_services
from meetings.models import Invitation, Letter, MeetingType
from members.models import Association
from tests.factories import (
    STAFF_TOTP_SECRET,
    STOCKHOLM,
    AssociationYearFactory,
    MeetingFactory,
    meeting_type,
    totp_code,
    valid_org_number,
)
from tests.invoicing import complete_schedule, issue

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in_by_code(page: Page, smtp_server, email: str) -> None:
    """On the code page the portal has led to: ask for a code, read the e-mail, type it."""
    page.get_by_label("E-post").fill(email)
    page.get_by_role("button", name="Skicka en kod").click()
    page.wait_for_url(re.compile(r"/konto/login/code/confirm/"))
    message = [  # the latest
        m
        for m in smtp_server.messages
        if (m["To"], m["Subject"]) == (email, "NNS: Din inloggningskod")
    ][-1]
    body = message.get_body(preferencelist=("plain",)).get_content()
    page.get_by_placeholder("Kod").fill(CODE.search(body).group(1))
    page.get_by_role("button", name="Verifiera").click()


def second_step(page: Page, secret: str) -> None:
    """After the e-mail code, a staff login's second: the authenticator app's code of now (not
    one about to expire)."""
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    if time.time() % 30 > 27:
        time.sleep(3.5)
    page.get_by_label("Kod").fill(totp_code(secret, timezone.now()))
    page.get_by_role("button", name="Logga in").click()


def test_staff_add_an_association_in_the_admin(live_server, page, smtp_server, scene):
    scene.staff.is_superuser = True
    scene.staff.save()
    org_number = valid_org_number(4711)

    page.goto(live_server.url + "/admin/")
    log_in_by_code(page, smtp_server, scene.staff.email)
    second_step(page, STAFF_TOTP_SECRET)
    page.wait_for_url(live_server.url + "/admin/")
    page.get_by_role("link", name="Förbund", exact=True).click()
    page.get_by_role("link", name="Lägg till förbund").click()
    page.get_by_label("Namn:").fill("Samordningsförbundet Delta")
    page.get_by_label("Organisationsnummer:").fill(f"{org_number[:6]}-{org_number[6:]}")
    page.get_by_label("Område:").select_option(label=str(scene.a.area))
    page.get_by_label("Medlem sedan:").fill("2026-01-01")
    page.get_by_label("Region:").fill("Region Delta")
    page.get_by_label("Kommuner:").fill("Deltaby, Norra Delta")
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("Samordningsförbundet Delta")
    row = page.locator("#result_list tr", has_text="Samordningsförbundet Delta")
    expect(row).to_contain_text(f"{org_number[:6]}-{org_number[6:]}")
    association = Association.objects.get(name="Samordningsförbundet Delta")
    assert association.org_number == org_number
    assert association.is_member_on(datetime.date(2026, 11, 24))
    assert association.municipality_list == ["Deltaby", "Norra Delta"]


def test_a_chair_rsvps_to_the_next_chairs_meeting_and_downloads_the_latest_invoice(
    live_server, page, smtp_server, invoicing
):
    scene = invoicing
    soon = (timezone.now() + datetime.timedelta(days=20)).replace(microsecond=0)
    later = soon + datetime.timedelta(days=90)
    next_meeting = MeetingFactory(starts_at=soon)
    services.invitations_send(meeting=MeetingFactory(starts_at=later))
    services.invitations_send(meeting=next_meeting)
    complete_schedule(2025)
    AssociationYearFactory(association=scene.a, year=2025)
    issue(scene.a, year=2025, on=datetime.date(2025, 2, 3))
    issue(scene.a)  # 2026-0001, the latest

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Logga in").first.click()
    log_in_by_code(page, smtp_server, scene.chair_a.email)
    page.wait_for_url(live_server.url + "/")

    page.get_by_role("link", name="Mina möten").first.click()
    upcoming = page.locator("#upcoming")
    upcoming.get_by_role("link", name="Ordförandeträff").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ordförandeträff")
    page.get_by_label("Jag kommer", exact=True).check()
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Tack, ditt svar är sparat.")).to_be_visible()
    answers = dict(Invitation.objects.filter(person=scene.chair_a).values_list("meeting", "answer"))
    assert answers[next_meeting.pk] == Invitation.Answer.COMING
    assert list(answers.values()).count(Invitation.Answer.COMING) == 1

    page.get_by_role("link", name="Mina fakturor").click()
    invoices = page.locator("main").get_by_role("link", name=re.compile("^Ladda ner"))
    expect(invoices).to_have_count(2)
    with page.expect_download() as downloading:
        invoices.first.click()
    download = downloading.value
    assert download.suggested_filename == "faktura-2026-0001.pdf"
    text = PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages[0].extract_text()
    assert "2026-0001" in text and "Samordningsförbundet Alfa" in text


def test_a_member_reads_the_latest_board_letter(live_server, page, smtp_server, scene, send):
    for month, day in ((9, 16), (10, 14)):
        board = MeetingFactory(
            type=meeting_type(MeetingType.Code.BOARD),
            title="Styrelsemöte",
            starts_at=datetime.datetime(2026, month, day, 8, 30, tzinfo=STOCKHOLM),
        )
        letter = Letter.objects.create(
            board_meeting=board,
            title=f"Brev från NNS styrelse {day}/{month}",
            body=f"## Från mötet den {day}/{month}\n\nHej alla medlemmar!",
        )
        send(letter_services.letter_send, letter=letter)
    smtp_server.messages.clear()

    page.goto(live_server.url + "/brev/")
    log_in_by_code(page, smtp_server, scene.officer_a.email)
    page.wait_for_url(live_server.url + "/brev/")
    titles = page.locator("main").get_by_role("link", name=re.compile("^Brev från NNS styrelse"))
    expect(titles).to_have_text(["Brev från NNS styrelse 14/10", "Brev från NNS styrelse 16/9"])
    titles.first.click()
    expect(page.get_by_role("heading", name="Från mötet den 14/10")).to_be_visible()
    assert "Efter styrelsemötet 14 oktober 2026" in page.locator("article").inner_text()
