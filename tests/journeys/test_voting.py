"""A vote at an annual meeting in Chromium: staff open it on the secretary's page, two
delegates vote from their phones (360 px), staff close it, and the phones and the projector
show the result without being reloaded by hand. Every page passes axe at 1280 and 360 px."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from meetings.annual.services import roll_call_check_in
from meetings.decisions import services
from meetings.models import MeetingDelegate
from tests.accessibility.test_portal_pages import DESKTOP, PHONE, page_width, serious
from tests.factories import annual_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(scene):
    meeting = annual_meeting(datetime.date.today())
    for association, person in ((scene.a, scene.chair_a), (scene.b, scene.director_b)):
        MeetingDelegate.objects.create(meeting=meeting, association=association, person=person)
        roll_call_check_in(meeting=meeting, association=association, attendance="online", user=None)
    services.agenda_template_ensure()
    services.agenda_from_template(meeting=meeting)
    scene.staff.is_superuser = True
    scene.staff.save()
    return meeting


def _phone(browser: Browser, live_server, log_in, person) -> Page:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, person.user)
    page.goto(f"{live_server.url}/moten/mote/{person.meeting_pk}/rosta/")
    return page


def _axe(page: Page, found: dict, sizes=(DESKTOP, PHONE)) -> None:
    for size in sizes:
        page.set_viewport_size(size)
        if violations := serious(page):
            found[f"{page.url} @ {size['width']}"] = violations
        if size is PHONE and page_width(page) > 360:
            found[f"{page.url} @ 360"] = "sideways scrolling"


def test_staff_open_a_vote_two_delegates_vote_by_phone_and_everyone_sees_the_result(
    live_server, page: Page, browser: Browser, log_in, scene, meeting
):
    found = {}
    log_in(page, scene.staff)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/beslut/")
    page.get_by_role("button", name="Ta upp § 12").click()
    page.get_by_label("Sätt:").select_option(label="Öppen omröstning")
    page.get_by_role("button", name="Skapa omröstningen").click()
    page.get_by_role("button", name="Öppna omröstningen").click()
    expect(page.get_by_role("status").filter(has_text="av 2 medlemsförbund")).to_contain_text("0")
    _axe(page, found, sizes=(DESKTOP,))

    phones = []
    for person in (scene.chair_a, scene.director_b):
        person.meeting_pk = meeting.pk
        phones.append(_phone(browser, live_server, log_in, person))
    anna, doris = phones
    expect(
        anna.get_by_role("heading", name="§ 12 Beslut om ansvarsfrihet för styrelsen")
    ).to_be_visible()
    _axe(anna, found)
    anna.get_by_label("Ja").check()
    anna.get_by_role("button", name="Rösta").click()
    expect(anna.get_by_text("Rösten för Samordningsförbundet Alfa är registrerad.")).to_be_visible()
    doris.get_by_label("Nej").check()
    doris.get_by_role("button", name="Rösta").click()
    expect(page.locator("[data-live-voted]")).to_have_text("2")  # the count came by itself

    projector = browser.new_context(viewport=DESKTOP).new_page()
    log_in(projector, scene.staff)
    projector.goto(f"{live_server.url}/moten/mote/{meeting.pk}/projektor/")
    _axe(projector, found)
    page.get_by_label("Ja").check()  # the chair's casting vote on the tie
    page.get_by_role("button", name="Stäng omröstningen och räkna").click()
    expect(page.get_by_text("Rösterna och resultatet stämmer med sigillet.")).to_be_visible()

    for screen in (anna, doris, projector):
        expect(
            screen.get_by_text(re.compile("Mötet beslutade att bifalla förslaget"))
        ).to_be_visible(timeout=6000)  # no one reloaded it by hand
    _axe(anna, found)
    _axe(projector, found)
    assert found == {}
