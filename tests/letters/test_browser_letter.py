import datetime

import pytest
from playwright.sync_api import expect

from meetings.models import Letter, MeetingType
from tests.factories import STOCKHOLM, MeetingFactory, meeting_type


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_send_a_letter_in_the_admin_and_a_member_reads_it(
    live_server, browser, page, mailoutbox, scene, log_in
):
    scene.staff.is_superuser = True
    scene.staff.save()
    MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        title="Styrelsemöte",
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 10, 14, 12, 0, tzinfo=STOCKHOLM),
    )

    log_in(page, scene.staff)
    page.goto(live_server.url + "/admin/meetings/letter/add/")
    page.get_by_label("Styrelsemöte:").select_option(label="Styrelsemöte 2026-10-14")
    page.get_by_label("Rubrik:").fill("Brev från NNS styrelse oktober 2026")
    page.get_by_label("Text:").fill(
        "Hej alla medlemmar!\n\n## Budget 2027\n\nFörslaget läggs fram den 19 november."
        "\n\n<script>alert('x')</script>"
    )
    page.get_by_role("button", name="Spara och fortsätt redigera").click()
    page.get_by_role("link", name="Skicka till alla medlemmar…").click()
    expect(
        page.get_by_text("8 personer får: brevet Brev från NNS styrelse oktober 2026")
    ).to_be_visible()
    assert len(mailoutbox) == 0  # nothing until confirmed
    page.get_by_role("button", name="Ja, skicka").click()
    expect(page.get_by_text("Brevet skickas nu till alla medlemmar.")).to_be_visible()
    expect(page.locator(".field-progress")).to_contain_text("0 i kö, 8 skickade, 0 misslyckade")
    assert len(mailoutbox) == 8

    member = browser.new_context(locale="en-GB").new_page()
    log_in(member, scene.officer_a.user)
    member.goto(live_server.url + "/")
    member.get_by_role("link", name="Brev").first.click()
    member.get_by_role("link", name="Brev från NNS styrelse oktober 2026").click()
    expect(member.get_by_role("heading", name="Budget 2027")).to_be_visible()
    assert "Efter styrelsemötet 14 oktober 2026" in member.locator("article").inner_text()
    assert "alert" not in member.locator(".letter-body").inner_html()
    member.context.close()
    assert Letter.objects.get().status == Letter.Status.SENT
