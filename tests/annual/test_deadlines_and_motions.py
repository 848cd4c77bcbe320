"""The statutes' deadlines, the notice on its day, motions until their deadline, the board's
answer, the motions among the papers, and staff's warnings."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.annual import services
from meetings.annual.deadlines import deadlines_check, meeting_deadlines, statutes_get
from meetings.annual.models import Motion
from meetings.documents.models import MeetingDocument
from meetings.documents.services import document_add
from meetings.models import MeetingType
from nns_portal.models import OutboxMessage
from tests.factories import STOCKHOLM, MeetingFactory, meeting_type

from .conftest import ANNUAL_DAY, html_renamed, pdf_upload

DAY = datetime.timedelta(days=1)


def test_deadlines_follow_the_statutes_and_the_meetings_own_dates(annual):
    statutes = statutes_get()
    deadlines = meeting_deadlines(meeting=annual, statutes=statutes)
    assert (deadlines.notice_on, deadlines.motions_due_on, deadlines.papers_on) == (
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 28),
    )
    statutes.motion_days = 42
    statutes.save()
    annual.papers_on = datetime.date(2026, 12, 21)
    deadlines = meeting_deadlines(meeting=annual, statutes=statutes_get())
    assert deadlines.motions_due_on == datetime.date(2026, 11, 23)
    assert deadlines.papers_on == datetime.date(2026, 12, 21)
    # Motions close at midnight after their last day, Swedish time.
    assert deadlines.motions_close_at() == datetime.datetime(2026, 11, 24, tzinfo=STOCKHOLM)
    assert meeting_deadlines(meeting=MeetingFactory(), statutes=statutes) is None


def test_reading_the_deadlines_writes_nothing_and_staff_save_them_in_the_admin(
    annual, scene, staff_client
):
    from django.test import Client

    from meetings.annual.models import Statutes

    member = Client()
    member.force_login(scene.chair_a.user)
    member.get(reverse("meetings:meeting", args=[annual.pk]))
    staff_client.get(reverse("admin:meetings_meeting_change", args=[annual.pk]))
    page = staff_client.get(reverse("admin:meetings_statutes_changelist"), follow=True)
    assert not Statutes.objects.exists()  # every page read the statutes' defaults
    assert page.status_code == 200

    fields = {"notice_days": 28, "notice_min_days": 21, "notice_max_days": 42, "motion_days": 42,
              "papers_days": 7, "warn_days": 7}  # fmt: skip
    staff_client.post(reverse("admin:meetings_statutes_change", args=[1]), fields)

    assert statutes_get().motion_days == 42 and Statutes.objects.count() == 1


def test_dates_the_statutes_do_not_allow_are_refused_in_swedish(annual):
    annual.notice_on = ANNUAL_DAY - 7 * DAY
    with pytest.raises(ValidationError) as error:
        deadlines_check(meeting=annual, statutes=statutes_get())
    assert "kallelsen" in str(error.value.message_dict["notice_on"]).lower()
    annual.notice_on, annual.motions_due_on = None, ANNUAL_DAY - 3 * DAY
    with pytest.raises(ValidationError):
        deadlines_check(meeting=annual, statutes=statutes_get())
    chairs = MeetingFactory(papers_on=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError):
        meeting_services.meeting_save(meeting=chairs, notify=False)


def test_the_notice_goes_out_on_its_day_through_the_invitations(annual):
    # A chairs' meeting uses its type's days; the annual meeting its notice day.
    before = datetime.datetime(2026, 11, 29, 12, tzinfo=STOCKHOLM)
    on_the_day = datetime.datetime(2026, 11, 30, 0, 5, tzinfo=STOCKHOLM)
    assert annual.pk not in meeting_services.meetings_due_for_invitations(now=before)
    assert annual.pk in meeting_services.meetings_due_for_invitations(now=on_the_day)
    annual.notice_on = datetime.date(2026, 11, 25)
    annual.save()
    assert annual.pk in meeting_services.meetings_due_for_invitations(now=before)


def _submit(client, annual, **data):
    return client.post(
        reverse("meetings:motion_new", args=[annual.pk]),
        {"title": "Bättre uppföljning", "text": "Vi yrkar att …", **data},
    )


def test_a_chair_submits_a_motion_until_the_deadline_and_not_after(client, scene, annual):
    client.force_login(scene.chair_a.user)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 23, 59, tzinfo=STOCKHOLM), tick=False):
        response = _submit(client, annual, association=scene.a.pk)
        assert response.status_code == 302
        motion = Motion.objects.get()
        assert (motion.number, motion.association, motion.late) == (1, scene.a, False)
        assert motion.submitted_by == scene.chair_a
    with time_machine.travel(datetime.datetime(2026, 12, 8, 0, 0, tzinfo=STOCKHOLM), tick=False):
        page = client.get(reverse("meetings:motion_new", args=[annual.pk]))
        assert "Tiden för motioner gick ut" in page.content.decode()
        assert 'name="text"' not in page.content.decode()
        _submit(client, annual, association=scene.a.pk)
        client.post(
            reverse("meetings:motion_edit", args=[motion.pk]),
            {"association": scene.a.pk, "title": "Ändrad", "text": "Ändrad"},
        )
    assert Motion.objects.count() == 1
    motion.refresh_from_db()
    assert motion.title == "Bättre uppföljning"  # never changed by its authors after the deadline


def test_who_may_write_a_motion(client, scene, annual, frozen):
    for person, status in [
        (scene.director_a, 200),
        (scene.chair_a, 200),
        (scene.board_member_a, 404),
        (scene.officer_a, 404),
        (scene.nns_chair, 404),
    ]:
        client.force_login(person.user)
        assert client.get(reverse("meetings:motion_new", args=[annual.pk])).status_code == status
    # A chair cannot write on behalf of another association.
    client.force_login(scene.chair_a.user)
    assert _submit(client, annual, association=scene.b.pk).status_code == 200
    assert not Motion.objects.exists()
    # Nor to a meeting that takes no motions.
    assert client.get(reverse("meetings:motion_new", args=[MeetingFactory().pk])).status_code == 404


def test_authors_change_their_motion_before_the_deadline_and_history_keeps_each_version(
    client, scene, annual, frozen
):
    motion = services.motion_submit(
        meeting=annual, association=scene.a, person=scene.chair_a, title="Först", text="Text"
    )
    client.force_login(scene.director_a.user)
    response = client.post(
        reverse("meetings:motion_edit", args=[motion.pk]),
        {"association": scene.a.pk, "title": "Sedan", "text": "Bättre text"},
    )
    assert response.status_code == 302
    assert [h.title for h in motion.history.order_by("history_date")] == ["Först", "Sedan"]
    client.force_login(scene.chair_b.user)
    assert client.get(reverse("meetings:motion_edit", args=[motion.pk])).status_code == 404


def test_an_attachment_is_judged_by_its_content(scene, annual, frozen):
    with pytest.raises(ValidationError):
        services.motion_submit(
            meeting=annual,
            association=scene.a,
            person=scene.chair_a,
            title="Med bilaga",
            text="Se bilagan",
            attachment=html_renamed(),
        )
    assert not Motion.objects.exists()
    motion = services.motion_submit(
        meeting=annual,
        association=scene.a,
        person=scene.chair_a,
        title="Med bilaga",
        text="Se bilagan",
        attachment=pdf_upload("motion.html"),
    )
    assert motion.attachment.name.endswith(".pdf")  # named by what it is


def test_staff_register_a_late_motion_marked_late(client, scene, annual):
    scene.staff.is_superuser = True
    scene.staff.save()
    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, tzinfo=STOCKHOLM), tick=False):
        client.force_login(scene.staff)
        response = client.post(
            reverse("admin:meetings_motion_add"),
            {
                "meeting": annual.pk,
                "association": scene.b.pk,
                "submitted_by": scene.chair_b.pk,
                "title": "Sen motion",
                "text": "Kom in efter sista dagen",
            },
        )
    assert response.url == reverse("admin:meetings_motion_changelist")
    motion = Motion.objects.get()
    assert motion.late and motion.number == 1


def test_the_board_answers_and_the_meeting_decides_only_once_it_has_begun(scene, annual, frozen):
    motion = services.motion_submit(
        meeting=annual, association=scene.a, person=scene.chair_a, title="M", text="T"
    )
    with pytest.raises(ValidationError):
        services.motion_answer(
            motion=motion, statement="", proposal="bifall", decision="", decision_note=""
        )
    services.motion_answer(
        motion=motion,
        statement="Styrelsen tillstyrker.",
        proposal="bifall",
        decision="",
        decision_note="",
    )
    with pytest.raises(ValidationError):
        services.motion_answer(
            motion=motion,
            statement="Styrelsen tillstyrker.",
            proposal="bifall",
            decision="bifallen",
            decision_note="",
        )
    with time_machine.travel(datetime.datetime(2027, 1, 4, 14, tzinfo=STOCKHOLM), tick=False):
        services.motion_answer(
            motion=motion,
            statement="Styrelsen tillstyrker.",
            proposal="bifall",
            decision="bifallen",
            decision_note="Enhälligt.",
        )
    motion.refresh_from_db()
    assert (motion.proposal, motion.decision) == ("bifall", "bifallen")


def test_the_motions_with_statements_are_one_pdf_among_the_papers(scene, annual, frozen):
    first = services.motion_submit(
        meeting=annual,
        association=scene.a,
        person=scene.chair_a,
        title="Välfärdsuppdraget",
        text="Vi yrkar på en arbetsgrupp.",
    )
    services.motion_submit(
        meeting=annual,
        association=scene.b,
        person=scene.chair_b,
        title="Indikatorerna",
        text="Vi yrkar på en gemensam mall.",
    )
    services.motion_answer(
        motion=first,
        statement="Styrelsen delar motionärens syn.",
        proposal="bifall",
        decision="",
        decision_note="",
    )
    document = services.motions_to_papers(meeting=annual, user=scene.staff)
    again = services.motions_to_papers(meeting=annual, user=scene.staff)
    assert again.pk == document.pk  # made anew, not twice
    assert document.kind == MeetingDocument.Kind.PAPER
    assert document.title == "Motioner med styrelsens yttranden"
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document.file.read())).pages
    )
    for expected in [
        "Motion 1: Välfärdsuppdraget",
        "Samordningsförbundet Alfa",
        "Styrelsen delar motionärens syn.",
        "Bifall",
        "Motion 2: Indikatorerna",
        "Styrelsen har ännu inte yttrat sig.",
    ]:
        assert expected in text


def test_staff_are_warned_once_of_a_deadline_near_and_not_met(scene, annual, frozen, send):
    # 24 November: the notice (30 November) is within the 7 days and not sent.
    assert send(services.deadline_warnings_send) == 1
    assert send(services.deadline_warnings_send) == 0
    message = OutboxMessage.objects.get(category="deadline_warning")
    assert message.to == scene.staff.email
    assert "Kallelse" in message.subject
    meeting_services.invitations_send(meeting=annual)
    with time_machine.travel(datetime.datetime(2026, 12, 22, 9, tzinfo=STOCKHOLM), tick=False):
        # The papers (28 December) are near: no paper attached yet.
        assert services.deadline_warnings_send() == 1
        document_add(
            meeting=annual,
            kind="handling",
            title="Verksamhetsberättelse",
            upload=pdf_upload(),
            user=scene.staff,
        )
        assert services.deadline_warnings_send() == 0


def test_the_admin_shows_the_deadlines_and_what_is_left(staff_client, annual, frozen):
    page = staff_client.get(reverse("admin:meetings_meeting_change", args=[annual.pk]))
    text = page.content.decode()
    assert "2026-11-30" in text and "kallelsen har inte skickats" in text
    chairs = MeetingFactory(type=meeting_type(MeetingType.Code.CHAIRS))
    page = staff_client.get(reverse("admin:meetings_meeting_change", args=[chairs.pk]))
    assert "motions_due_on" not in page.content.decode()
