"""Meetings as iCalendar (RFC 5545): e-mail attachments and subscribable feeds.

Times are written in Europe/Stockholm with the VTIMEZONE included, so calendars show the
meeting at the local time the plan says, on either side of a daylight-saving change.
Invitations are published (METHOD:PUBLISH) rather than requested: the portal takes answers
through its own links, not through calendar replies. A cancellation is METHOD:CANCEL. The
method is also the ``method`` parameter of the attachment's ``text/calendar`` type (iMIP,
RFC 6047).
"""

import datetime
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

PRODID = "-//Nationella nätverket för samordningsförbund//NNS-portalen//SV"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{settings.OUTBOX_MESSAGE_ID_DOMAIN}"


def _event(meeting: Meeting, *, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    if meeting.all_day:
        event.add("dtstart", meeting.first_day)
        event.add("dtend", timezone.localtime(meeting.ends_at).date())
    else:
        event.add("dtstart", timezone.localtime(meeting.starts_at))
        event.add("dtend", timezone.localtime(meeting.ends_at))
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    organizer = vCalAddress(f"mailto:{_from_address()}")
    organizer.params["cn"] = vText("NNS")
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _from_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _calendar(events: Iterable[Event], *, method: str | None = None, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def meeting_ics(meeting: Meeting) -> bytes:
    """The attachment of an invitation, an update or a cancellation of ``meeting``: an iTIP
    message (with METHOD), whose DTSTAMP is when it was made."""
    method = ics_method(meeting)
    return _calendar([_event(meeting, stamp=timezone.now())], method=method).to_ical()


def ics_method(meeting: Meeting) -> str:
    """The METHOD of the attachment, also given as the ``method`` parameter of its MIME type
    (RFC 6047): PUBLISH, or CANCEL for a cancelled meeting."""
    return "CANCEL" if meeting.is_cancelled else "PUBLISH"


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A subscribable calendar of ``meetings`` (cancelled ones included, marked as such). With
    no METHOD, an event's DTSTAMP is when it was last revised (RFC 5545): the same at every
    fetch until the meeting changes."""
    events = (_event(meeting, stamp=meeting.revised_at) for meeting in meetings)
    return _calendar(events, name=name).to_ical()
