"""Sending invitations: when, to whom, once; updates and cancellations; calendar files."""

import datetime

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from meetings import services
from meetings.calendar import meeting_ics
from meetings.models import Invitation, Meeting, MeetingType
from meetings.tasks import queue_due_invitations
from members.models import Role
from nns_portal.models import OutboxMessage
from tests.factories import STOCKHOLM, MeetingFactory, PersonFactory, RoleFactory, meeting_type

UTC = datetime.UTC


def _ics(message) -> Calendar:
    [attachment] = [a for a in message.attachments if a.filename == "mote.ics"]
    content = attachment.content
    return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())


def test_invitations_go_to_the_audience_once(scene, chairs_meeting, frozen, send):
    assert send(services.invitations_send, meeting=chairs_meeting) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in [scene.chair_a, scene.chair_b, scene.director_a, scene.director_b]
    )
    assert send(services.invitations_send, meeting=chairs_meeting) == 0
    assert len(mail.outbox) == 4
    chairs_meeting.refresh_from_db()
    assert chairs_meeting.invitations_sent_at is not None


def test_sending_again_invites_only_who_joined_the_audience_since(scene, chairs_meeting, send):
    send(services.invitations_send, meeting=chairs_meeting)
    Role.objects.filter(person=scene.chair_b).update(ends_on=datetime.date(2026, 11, 30))
    newcomer = PersonFactory(first_name="Nils")
    RoleFactory(person=newcomer, kind=Role.Kind.CHAIR, association=scene.b)
    mail.outbox.clear()
    assert send(services.invitations_send, meeting=chairs_meeting) == 1
    assert [m.to for m in mail.outbox] == [[newcomer.email]]


def test_the_invitation_email_is_swedish_with_answer_links_and_a_calendar_file(
    scene, chairs_meeting, send
):
    send(services.invitations_send, meeting=chairs_meeting)
    [message] = [m for m in mail.outbox if m.to == [scene.chair_a.email]]
    assert message.subject == "Inbjudan: Ordförandeträff 14 december 2026"
    assert "måndag 14 december 2026, 17:30–19:00" in message.body
    invitation = Invitation.objects.get(person=scene.chair_a)
    assert f"/moten/svar/{invitation.pk}/" in message.body
    html = message.alternatives[0].content
    assert "Jag kommer" in html and "Jag kommer inte" in html
    event = _ics(message).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Ordförandeträff"
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 14, 17, 30, tzinfo=STOCKHOLM)
    assert event["SEQUENCE"] == 0


def test_directors_get_it_for_information(scene, chairs_meeting, send):
    send(services.invitations_send, meeting=chairs_meeting)
    [message] = [m for m in mail.outbox if m.to == [scene.director_a.email]]
    assert "För kännedom" in message.body


def test_english_for_those_who_prefer_it(scene, chairs_meeting, send):
    scene.chair_a.preferred_language = "en"
    scene.chair_a.save()
    send(services.invitations_send, meeting=chairs_meeting)
    [message] = [m for m in mail.outbox if m.to == [scene.chair_a.email]]
    assert message.subject.startswith("Invitation: Ordförandeträff")


def test_a_change_of_time_sends_an_update_with_a_higher_sequence(scene, chairs_meeting, send):
    send(services.invitations_send, meeting=chairs_meeting)
    mail.outbox.clear()
    chairs_meeting.starts_at += datetime.timedelta(hours=1)
    chairs_meeting.ends_at += datetime.timedelta(hours=1)
    send(services.meeting_save, meeting=chairs_meeting, notify=True)
    assert len(mail.outbox) == 4
    assert all(m.subject.startswith("Ändrat:") for m in mail.outbox)
    event = _ics(mail.outbox[0]).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART").hour == 18
    # Saving without a change tells nobody anything.
    mail.outbox.clear()
    send(services.meeting_save, meeting=chairs_meeting, notify=True)
    assert mail.outbox == []


def test_cancelling_sends_method_cancel(scene, chairs_meeting, send):
    send(services.invitations_send, meeting=chairs_meeting)
    mail.outbox.clear()
    send(services.meeting_cancel, meeting=chairs_meeting)
    assert len(mail.outbox) == 4
    calendar = _ics(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1
    assert mail.outbox[0].subject.startswith("Inställt:")


def test_a_meeting_without_invitations_out_changes_quietly(scene, chairs_meeting, send):
    chairs_meeting.starts_at += datetime.timedelta(hours=1)
    chairs_meeting.ends_at += datetime.timedelta(hours=1)
    send(services.meeting_save, meeting=chairs_meeting, notify=True)
    assert mail.outbox == [] and chairs_meeting.sequence == 0


def _beat(at: datetime.datetime, send) -> None:
    with time_machine.travel(at, tick=False):
        send(queue_due_invitations)


def test_beat_invites_the_lead_time_before_and_reminds_the_silent(scene, send):
    meeting = MeetingFactory()  # 14 December 17.30; invite 28 days before, remind 5 days before
    _beat(datetime.datetime(2026, 11, 16, 17, 0, tzinfo=STOCKHOLM), send)
    assert mail.outbox == []
    _beat(datetime.datetime(2026, 11, 16, 17, 45, tzinfo=STOCKHOLM), send)
    assert len(mail.outbox) == 4
    _beat(datetime.datetime(2026, 11, 17, 9, 0, tzinfo=STOCKHOLM), send)
    assert len(mail.outbox) == 4
    with time_machine.travel(datetime.datetime(2026, 11, 20, tzinfo=STOCKHOLM), tick=False):
        services.invitation_answer(
            invitation=Invitation.objects.get(person=scene.chair_a), answer="coming"
        )
    mail.outbox.clear()
    _beat(datetime.datetime(2026, 12, 9, 17, 0, tzinfo=STOCKHOLM), send)
    assert mail.outbox == []
    _beat(datetime.datetime(2026, 12, 9, 17, 45, tzinfo=STOCKHOLM), send)
    # Only the chair who has not answered; directors were informed, not asked.
    assert [m.to for m in mail.outbox] == [[scene.chair_b.email]]
    assert mail.outbox[0].subject.startswith("Påminnelse:")
    _beat(datetime.datetime(2026, 12, 10, 9, 0, tzinfo=STOCKHOLM), send)
    assert len(mail.outbox) == 1
    meeting.refresh_from_db()
    assert meeting.reminders_sent_at is not None


def test_beat_skips_cancelled_and_past_meetings(scene, send):
    MeetingFactory(status=Meeting.Status.CANCELLED)
    MeetingFactory(
        starts_at=datetime.datetime(2026, 11, 1, 17, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 11, 1, 19, 0, tzinfo=STOCKHOLM),
    )
    _beat(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM), send)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2026, 3, 26), 12),  # winter time, three days before the change
        (datetime.date(2026, 4, 30), 11),  # summer time
        (datetime.date(2026, 10, 29), 12),  # winter time again, four days after
    ],
)
def test_local_times_across_daylight_saving(db, day, utc_hour):
    starts_at, ends_at, all_day = services.meeting_times(
        first_day=day, start=datetime.time(13, 0), end=datetime.time(15, 0)
    )
    assert starts_at.astimezone(UTC).hour == utc_hour
    assert (ends_at - starts_at) == datetime.timedelta(hours=2) and not all_day
    meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.MONTHLY), starts_at=starts_at, ends_at=ends_at
    )
    meeting.refresh_from_db()
    event = Calendar.from_ical(meeting_ics(meeting)).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        day, datetime.time(13, 0), STOCKHOLM
    )
    assert event.decoded("DTSTART").astimezone(UTC).hour == utc_hour


def test_an_all_day_meeting_over_two_days(db):
    starts_at, ends_at, all_day = services.meeting_times(
        first_day=datetime.date(2026, 4, 15), last_day=datetime.date(2026, 4, 16)
    )
    meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.ANNUAL), starts_at=starts_at, ends_at=ends_at,
        all_day=all_day,
    )  # fmt: skip
    assert (meeting.first_day, meeting.last_day) == (
        datetime.date(2026, 4, 15),
        datetime.date(2026, 4, 16),
    )
    event = Calendar.from_ical(meeting_ics(meeting)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.date(2026, 4, 15)
    assert event.decoded("DTEND") == datetime.date(2026, 4, 17)  # exclusive, as RFC 5545 says


def test_outbox_rows_record_each_invitation(scene, chairs_meeting, send):
    send(services.invitations_send, meeting=chairs_meeting)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert OutboxMessage.objects.filter(category="meeting_invitation").count() == 4
