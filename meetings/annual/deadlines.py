"""An annual or members' meeting's deadlines: its own dates, or the statutes' days before it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting
from .models import Statutes

STATUTES_PK = 1


def statutes_get() -> Statutes:
    """The one row of deadlines; until staff first save it, the statutes' defaults (a read
    never writes: the row is made by saving it in the admin)."""
    return Statutes.objects.filter(pk=STATUTES_PK).first() or Statutes(pk=STATUTES_PK)


@dataclass(frozen=True)
class Deadlines:
    notice_on: datetime.date
    motions_due_on: datetime.date
    papers_on: datetime.date

    def motions_close_at(self) -> datetime.datetime:
        """Motions are accepted to the end of their last day, Swedish time."""
        next_day = self.motions_due_on + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time(), timezone.get_default_timezone())

    def motions_open(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.motions_close_at()


def meeting_deadlines(*, meeting: Meeting, statutes: Statutes) -> Deadlines | None:
    """The meeting's deadlines; None for a meeting that has none (only annual and members'
    meetings do)."""
    if not meeting.type.has_delegates:
        return None
    day = meeting.first_day

    def before(days: int) -> datetime.date:
        return day - datetime.timedelta(days=days)

    return Deadlines(
        notice_on=meeting.notice_on or before(statutes.notice_days),
        motions_due_on=meeting.motions_due_on or before(statutes.motion_days),
        papers_on=meeting.papers_on or before(statutes.papers_days),
    )


def deadlines_check(*, meeting: Meeting, statutes: Statutes) -> None:
    """Refuse, in Swedish, dates of a meeting's own that the statutes do not allow."""
    deadlines = meeting_deadlines(meeting=meeting, statutes=statutes)
    if deadlines is None:
        if meeting.notice_on or meeting.motions_due_on or meeting.papers_on:
            raise ValidationError(
                _("Only an annual or members' meeting has a notice, motions and papers.")
            )
        return
    day = meeting.first_day
    earliest = day - datetime.timedelta(days=statutes.notice_max_days)
    latest = day - datetime.timedelta(days=statutes.notice_min_days)
    errors = {}
    if not earliest <= deadlines.notice_on <= latest:
        errors["notice_on"] = _(
            "The statutes say the notice goes out between %(earliest)s and %(latest)s."
        ) % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
    if deadlines.motions_due_on >= deadlines.papers_on:
        errors["motions_due_on"] = _("Motions must be due before the papers go out.")
    if deadlines.papers_on >= day:
        errors["papers_on"] = _("The papers must go out before the meeting.")
    if errors:
        raise ValidationError(errors)
