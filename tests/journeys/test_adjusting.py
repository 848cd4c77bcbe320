"""Minutes adjusted online in Chromium: staff send the draft round, the chair and two
adjusters approve it from their phones (360 px), staff publish it and members download the
sealed file. Every page passes axe."""

import datetime
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Browser, Page, expect
from pyhanko.pdf_utils.reader import PdfFileReader

from meetings.adjusting.models import SealedMinutes
from meetings.documents.services import document_add
from meetings.models import Invitation, MeetingType
from tests.accessibility.test_portal_pages import DESKTOP, PHONE, page_width, serious
from tests.adjusting.conftest import minutes_pdf
from tests.adjusting.test_adjusting import validated
from tests.factories import STOCKHOLM, MeetingFactory, meeting_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def minutes(scene):
    meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=datetime.datetime(2026, 10, 20, 8, 30, tzinfo=STOCKHOLM),
    )
    for person in (scene.nns_chair, scene.contact_syd, scene.nns_staff):
        Invitation.objects.create(meeting=meeting, person=person, capacity="invited")
    scene.staff.is_superuser = True
    scene.staff.save()
    return document_add(
        meeting=meeting,
        kind="protokoll",
        title="Protokoll styrelsemöte 20 oktober",
        upload=ContentFile(minutes_pdf("§ 1 Mötet öppnades."), "protokoll.pdf"),
        user=None,
    )


def _approve_by_phone(browser: Browser, live_server, log_in, person, minutes, found) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, person.user)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Justera protokollet från Styrelsemöte").click()
    expect(page.get_by_role("heading", name="Justera protokollet")).to_be_visible()
    if violations := serious(page):
        found[f"{person} @ 360"] = violations
    if page_width(page) > PHONE["width"]:
        found[f"{person} @ 360"] = "sideways scrolling"
    page.get_by_text("Läs texten här").click()
    expect(page.get_by_text("§ 1 Mötet öppnades.")).to_be_visible()
    page.get_by_label("Jag har läst den här versionen och justerar den").check()
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_text("Ditt svar är registrerat.")).to_be_visible()
    expect(page.get_by_text("Du har justerat version 1")).to_be_visible()
    if violations := serious(page):
        found[f"{person} answered @ 360"] = violations
    context.close()


def test_two_adjusters_and_the_chair_approve_by_phone_and_staff_publish_sealed(
    live_server, page: Page, browser: Browser, log_in, scene, minutes
):
    found = {}
    log_in(page, scene.staff)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/meetings/meetingdocument/{minutes.pk}/change/")
    page.get_by_role("link", name="Skicka för justering").click()
    page.get_by_label("Mötets ordförande").select_option(label=str(scene.nns_chair))
    page.get_by_label(str(scene.contact_syd)).check()
    page.get_by_label(str(scene.nns_staff)).check()
    if violations := serious(page):
        found["send round"] = violations
    page.get_by_role("button", name="Skicka för justering").click()
    expect(page.get_by_text("Version 1 är skickad för justering.")).to_be_visible()

    for person in (scene.contact_syd, scene.nns_staff, scene.nns_chair):
        _approve_by_phone(browser, live_server, log_in, person, minutes, found)

    page.reload()
    expect(page.get_by_text("Justerat", exact=False).first).to_be_visible()
    page.get_by_role("link", name="Publicera för medlemmarna").click()
    page.get_by_role("button", name="Publicera för alla medlemmar").click()
    expect(page.get_by_text("Publicerat", exact=False).first).to_be_visible()
    if violations := serious(page):
        found["published"] = violations
    assert found == {}
    sealed = SealedMinutes.objects.get(document=minutes)
    # Playwright runs an event loop in this thread; pyHanko's validator runs its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(validated, bytes(sealed.content)).result() == (True, True)
    signature = PdfFileReader(io.BytesIO(bytes(sealed.content))).embedded_signatures[0]
    assert signature.field_name == "NNS-justering"
