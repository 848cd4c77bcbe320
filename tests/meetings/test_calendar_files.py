"""Calendars as RFC 5545 and iMIP (RFC 6047) mean them: a feed's DTSTAMP is the meeting's last
revision, the same at every fetch; an invitation's calendar part names its method."""

import datetime

import time_machine
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from tests.factories import STOCKHOLM, MeetingFactory


def _stamps(client) -> dict[str, datetime.datetime]:
    feed = Calendar.from_ical(client.get(reverse("meetings:plan_calendar")).content)
    return {str(event["uid"]): event["dtstamp"].dt for event in feed.walk("VEVENT")}


def test_a_feed_s_dtstamp_is_the_last_revision_not_the_fetch(client, scene, frozen):
    meeting = services.meeting_save(meeting=MeetingFactory.build(), notify=False)
    first = _stamps(client)
    frozen.shift(datetime.timedelta(hours=3))

    assert _stamps(client) == first  # fetched again: the same

    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.place = "Stockholm"
    services.meeting_save(meeting=meeting, notify=False)
    changed = _stamps(client)
    [uid] = [uid for uid in changed if uid.startswith(f"meeting-{meeting.pk}@")]
    assert changed[uid] > first[uid]
    assert changed[uid] == datetime.datetime(2026, 11, 24, 13, 0, tzinfo=STOCKHOLM)


def test_the_invitation_s_calendar_part_names_its_method(scene, frozen, send, smtp_server):
    meeting = MeetingFactory()
    send(services.invitations_send, meeting=meeting)
    with time_machine.travel(datetime.datetime(2026, 11, 25, tzinfo=STOCKHOLM)):
        meeting.status = Meeting.Status.CANCELLED
        send(services.meeting_save, meeting=meeting, notify=True)

    methods = []
    for message in smtp_server.messages:
        [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        ical = Calendar.from_ical(part.get_content())
        assert part.get_param("method") == str(ical["method"])
        methods.append(part.get_param("method"))
    assert set(methods) == {"PUBLISH", "CANCEL"}
