"""How a meeting's time is written: "onsdag 21 januari 2026, 08:30–12:00" in Swedish."""

from django import template
from django.utils import formats, timezone

from meetings.models import Meeting

register = template.Library()


def _day(value: object) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _time(value: object) -> str:
    return formats.time_format(value, "TIME_FORMAT")


@register.filter
def meeting_when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    first = f"{formats.date_format(start, 'l')} {_day(start)}"
    if meeting.all_day:
        if meeting.last_day == meeting.first_day:
            return first
        return f"{first} – {_day(meeting.last_day)}"
    end = timezone.localtime(meeting.ends_at)
    if end.date() != start.date():
        return f"{first} {_time(start)} – {_day(end)} {_time(end)}"
    return f"{first}, {_time(start)}–{_time(end)}"


@register.filter
def plan_time(meeting: Meeting) -> str:
    """The short form of the printed plan: "8.30–12.00", or the days of a multi-day meeting."""
    if meeting.all_day:
        if meeting.last_day != meeting.first_day:
            return f"{meeting.first_day.day}–{meeting.last_day.day}"
        return ""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{start.hour}.{start.minute:02d}–{end.hour}.{end.minute:02d}"
