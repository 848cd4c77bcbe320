import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import Invitation
from tests.factories import MeetingFactory

LINK = re.compile(r"Jag kommer: (\S+)")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chair_answers_by_the_email_link_then_names_a_substitute(
    live_server, page, mailoutbox, scene, settings, log_in
):
    settings.PORTAL_URL = live_server.url
    starts_at = (timezone.now() + datetime.timedelta(days=20)).replace(microsecond=0)
    meeting = MeetingFactory(starts_at=starts_at)
    services.invitations_send(meeting=meeting)
    [email] = [m for m in mailoutbox if m.to == [scene.chair_a.email]]

    page.goto(LINK.search(email.body).group(1))
    assert page.get_by_role("heading", level=1).inner_text() == "Ordförandeträff"
    assert page.get_by_label("Jag kommer", exact=True).is_checked()
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Tack, ditt svar är sparat.")).to_be_visible()
    invitation = Invitation.objects.get(meeting=meeting, person=scene.chair_a)
    assert invitation.answer == Invitation.Answer.COMING

    log_in(page, scene.chair_a.user)
    page.goto(live_server.url + "/moten/")
    upcoming = page.locator("#upcoming")
    assert "Kommer" in upcoming.inner_text()
    upcoming.get_by_role("link", name="Ordförandeträff").click()
    page.get_by_label("Någon annan kommer i stället").check()
    page.get_by_label("Vem kommer i stället").select_option(label=str(scene.board_member_a))
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Tack, ditt svar är sparat.")).to_be_visible()

    page.get_by_role("link", name="Mina möten").first.click()
    assert (
        f"Någon annan kommer i stället: {scene.board_member_a}"
        in page.locator("#upcoming").inner_text()
    )
    invitation.refresh_from_db()
    assert invitation.substitute == scene.board_member_a
