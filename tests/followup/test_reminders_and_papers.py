"""Reminders before a deadline (once per decision and deadline), decisions taken over from a
voting meeting's agenda, the follow-up among a board meeting's papers, and the admin."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from meetings.decisions import services as decision_services
from meetings.followup import services
from meetings.followup.models import Decision
from meetings.models import MeetingDocument
from nns_portal.models import OutboxMessage
from tests.scene import NOW

pytestmark = pytest.mark.django_db


def reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(category="decision_deadline").order_by("pk"))


def test_those_responsible_are_reminded_once_per_deadline(register, scene, send, settings):
    settings.DECISION_REMINDER_DAYS = 14
    assert send(services.decision_reminders_send) == 1  # soon; not the overdue nor the done
    [message] = reminders()
    assert message.to == scene.chair_a.email
    assert "Planera områdesträffarna" in message.body_text
    assert "om 10 dagar" in message.body_text and "4 december 2026" in message.body_text
    assert reverse("meetings:decision", args=[register.soon.pk]) in message.body_text
    tomorrow = NOW.date() + datetime.timedelta(days=1)
    assert send(services.decision_reminders_send, today=tomorrow) == 0  # not twice
    register.soon.deadline = NOW.date() + datetime.timedelta(days=12)  # moved: asked again
    services.decision_save(decision=register.soon, user=None)
    assert send(services.decision_reminders_send, today=tomorrow) == 1
    register.soon.status = Decision.Status.DONE
    services.decision_save(decision=register.soon, user=None)
    register.soon.deadline = NOW.date() + datetime.timedelta(days=13)
    services.decision_save(decision=register.soon, user=None)
    assert send(services.decision_reminders_send, today=tomorrow) == 0  # done: no reminder


def test_far_deadlines_wait_and_nobody_responsible_means_staff(register, scene, send, settings):
    settings.DECISION_REMINDER_DAYS = 5
    assert send(services.decision_reminders_send) == 0  # ten days away
    register.soon.responsible.clear()
    later = NOW.date() + datetime.timedelta(days=6)
    assert send(services.decision_reminders_send, today=later) == 1
    assert [m.to for m in reminders()] == [scene.staff.email]


def test_a_decided_motion_goes_into_the_register(voting):
    item = voting.item("Mötets öppnande")
    item.decision = "Ordföranden förklarade mötet öppnat."
    decision_services.agenda_item_save(item=item)
    assert not Decision.objects.exists()  # a formality is not followed up
    item = voting.item("Beslut om ansvarsfrihet")
    item.decision = "Styrelsen beviljades ansvarsfrihet."
    decision_services.agenda_item_save(item=item)
    entry = Decision.objects.get(agenda_item=item)
    assert entry.meeting == voting.meeting and entry.paragraph == item.position
    assert entry.text == f"{item.title}\n\nStyrelsen beviljades ansvarsfrihet."
    item.decision = "Styrelsen beviljades ansvarsfrihet för 2025."
    decision_services.agenda_item_save(item=item)
    entry.refresh_from_db()
    assert entry.text.endswith("för 2025.")  # follows the wording until work starts
    services.decision_follow_up(decision=entry, status="avslutat", note="", user=None)
    item.decision = "Ändrat efteråt."
    decision_services.agenda_item_save(item=item)
    entry.refresh_from_db()
    assert entry.text.endswith("för 2025.") and Decision.objects.count() == 1


def test_the_follow_up_is_a_paper_of_the_board_meeting(register, voting):
    document = services.followup_to_papers(meeting=register.board_meeting, user=None)
    assert document.made == MeetingDocument.Made.FOLLOWUP and document.kind == "handling"
    pages = PdfReader(io.BytesIO(document.file.read())).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Uppföljning av beslut" in text
    assert "Ta fram en rutin för" in text and "Försenat" in text
    assert "Planera områdesträffarna" in text
    assert "Uppdatera webbplatsen" in text  # done since the board last met
    again = services.followup_to_papers(meeting=register.board_meeting, user=None)
    assert again.pk == document.pk  # made anew, not twice
    with pytest.raises(ValidationError, match="styrelsemöte"):
        services.followup_to_papers(meeting=voting.meeting, user=None)


def test_staff_enter_filter_and_make_the_paper_in_the_admin(register, staff_client):
    meeting = register.board_meeting
    page = staff_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert "Ta fram en rutin för e-fakturor" in page.content.decode()
    response = staff_client.post(
        reverse("admin:meetings_meeting_followup_make", args=[meeting.pk]), follow=True
    )
    assert "finns bland handlingarna" in response.content.decode()
    assert meeting.documents.filter(made="followup").exists()
    changelist = reverse("admin:meetings_decision_changelist")
    overdue = staff_client.get(changelist + "?uppfoljning=forsenade").content.decode()
    assert "Ta fram en rutin" in overdue and "Planera områdesträffarna" not in overdue
    response = staff_client.post(
        reverse("admin:meetings_decision_add"),
        {
            "meeting": meeting.pk,
            "paragraph": "8",
            "text": "Styrelsen antar en ny delegationsordning.",
            "status": "ej_paborjat",
            "deadline": "2027-01-31",
            "responsible": [],
            "working_group": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    entry = Decision.objects.get(paragraph=8)
    assert entry.changed_by is not None and entry.history.count() == 1


def test_the_board_s_letter_starts_from_the_meeting_s_decisions(register, staff_client):
    add = reverse("admin:meetings_letter_add")
    page = staff_client.get(add, {"board_meeting": register.board_meeting.pk}).content.decode()
    assert "## Styrelsen beslutade" in page
    assert "- § 5: Ta fram en rutin för e-fakturor (ansvarig: " in page
    assert "klart senast 21 november 2026)" in page
    assert "Styrelsen beslutade" not in staff_client.get(add).content.decode()
    assert (
        "Styrelsen beslutade" not in staff_client.get(add, {"board_meeting": "x²"}).content.decode()
    )
