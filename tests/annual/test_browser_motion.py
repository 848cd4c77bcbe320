import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.annual import services
from meetings.annual.models import Motion
from tests.factories import annual_meeting

from .conftest import ANNUAL_DAY


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chair_submits_a_motion_and_later_reads_the_boards_statement_in_the_papers(
    live_server, page, scene, log_in
):
    annual = annual_meeting(ANNUAL_DAY)  # motions are due by the end of 7 December 2026
    log_in(page, scene.chair_a.user)
    page.goto(f"{live_server.url}/moten/mote/{annual.pk}/")
    page.get_by_role("link", name="Lämna en motion").click()
    page.get_by_label("Rubrik").fill("Gemensam redovisning av indikatorerna")
    page.get_by_label("Motionen").fill("Vi yrkar att NNS tar fram en gemensam mall.")
    page.get_by_role("button", name="Lämna motionen").click()
    expect(page.get_by_text("Tack, motionen har kommit in.")).to_be_visible()
    expect(page.get_by_text("Styrelsen har ännu inte yttrat sig.")).to_be_visible()

    motion = Motion.objects.get()
    assert (motion.association, motion.submitted_by) == (scene.a, scene.chair_a)
    services.motion_answer(
        motion=motion,
        statement="Styrelsen har redan påbörjat arbetet med en mall.",
        proposal=Motion.Proposal.ANSWERED,
        decision="",
        decision_note="",
    )
    services.motions_to_papers(meeting=annual, user=scene.staff)

    page.reload()
    expect(page.get_by_text("Styrelsen har redan påbörjat arbetet med en mall.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Motioner med styrelsens yttranden").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Gemensam redovisning av indikatorerna" in text
    assert "Styrelsen har redan påbörjat arbetet med en mall." in text
    assert "Styrelsen föreslår: Besvarad" in text
