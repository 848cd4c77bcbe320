"""Reads of the decision register, scoped to who may see it: staff and NNS's board see every
decision; anyone else only those they are responsible for."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.models import Person, User
from members.selectors import is_board_of_today

from ..models import Meeting, MeetingType
from .models import Decision

# What the register's page can be narrowed to (?visa=…), by the words in its address.
SHOWN = {
    "oppna": lambda qs, today: qs.open(),
    "forsenade": lambda qs, today: qs.overdue(today=today),
    "klara": lambda qs, today: qs.exclude(status__in=Decision.OPEN),
    "alla": lambda qs, today: qs,
}
DEFAULT_SHOWN = "oppna"
# Done or closed this long before a board meeting with no board meeting before it, and still
# in its follow-up.
FOLLOWUP_LOOKBACK = datetime.timedelta(days=183)


def decision_get_for_user(*, user: User, pk: int) -> Decision:
    """One decision the user may see; anyone else's is a 404."""
    return get_object_or_404(decisions_for_user(user=user), pk=pk)


def may_change_followup(*, user: User, decision: Decision) -> bool:
    """Staff, and those responsible, say how far a decision has come."""
    return user.is_staff or any(p.user_id == user.pk for p in decision.responsible.all())


def may_see_register(*, user: User) -> bool:
    """Staff and the NNS board (with its staff) of today, who also read NNS's budget."""
    return is_board_of_today(user=user)


def decisions_for_user(*, user: User) -> QuerySet[Decision]:
    decisions = Decision.objects.select_related("meeting__type", "motion").prefetch_related(
        "responsible"
    )
    if may_see_register(user=user):
        return decisions
    if not user.is_authenticated:
        return decisions.none()
    return decisions.filter(responsible__user=user).distinct()


def register(
    *, user: User, shown: str, responsible: int | None, today: datetime.date
) -> QuerySet[Decision]:
    decisions = SHOWN.get(shown, SHOWN[DEFAULT_SHOWN])(decisions_for_user(user=user), today)
    if responsible is not None:
        decisions = decisions.filter(responsible__pk=responsible)
    return decisions


def responsible_people(*, user: User) -> list[Person]:
    """Everyone responsible for a decision the user may see: the register's filter."""
    return list(
        Person.objects.filter(decisions_responsible__in=decisions_for_user(user=user).order_by())
        .distinct()
        .order_by("last_name", "first_name")
    )


def decisions_of_responsible(*, user: User) -> list[Decision]:
    """The open decisions a person carries out: their start page."""
    if not user.is_authenticated:
        return []
    return list(
        Decision.objects.open()
        .filter(responsible__user=user)
        .select_related("meeting")
        .order_by("deadline", "pk")
        .distinct()
    )


def decisions_due_for_reminder(*, today: datetime.date) -> QuerySet[Decision]:
    soon = today + datetime.timedelta(days=settings.DECISION_REMINDER_DAYS)
    return (
        Decision.objects.open()
        .filter(deadline__gte=today, deadline__lte=soon)
        .select_related("meeting")
        .prefetch_related("responsible")
    )


@dataclass(frozen=True)
class FollowUp:
    meeting: Meeting
    day: datetime.date
    open: list[Decision]
    finished: list[Decision]


def followup_for_board_meeting(*, meeting: Meeting) -> FollowUp:
    """What the board follows up at a meeting: every open decision, and those finished since
    its previous meeting; past their deadline as of the meeting's day (today, if it is past)."""
    day = max(timezone.localdate(meeting.starts_at), timezone.localdate())
    previous = (
        Meeting.objects.filter(
            type__code=MeetingType.Code.BOARD,
            starts_at__lt=meeting.starts_at,
            status=Meeting.Status.PLANNED,
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    ) or meeting.starts_at - FOLLOWUP_LOOKBACK
    decisions = (
        Decision.objects.filter(Q(status__in=Decision.OPEN) | Q(changed_at__gte=previous))
        .select_related("meeting", "motion")
        .prefetch_related("responsible")
        .order_by("meeting__starts_at", "paragraph", "pk")
    )
    return FollowUp(
        meeting=meeting,
        day=day,
        open=[d for d in decisions if d.is_open],
        finished=[d for d in decisions if not d.is_open],
    )


@dataclass(frozen=True)
class HistoryRow:
    at: datetime.datetime
    status: str
    note: str
    by: str


def decision_history(*, decision: Decision) -> list[HistoryRow]:
    """The decision's follow-up as it went, newest first: each change of status or note."""
    rows: list[HistoryRow] = []
    records = list(decision.history.order_by("history_date", "history_id"))
    names = {
        person.user_id: str(person)
        for person in Person.objects.filter(user_id__in={r.history_user_id for r in records})
    }
    before = None
    for record in records:
        if before is None or (record.status, record.note) != (before.status, before.note):
            rows.append(
                HistoryRow(
                    at=record.history_date,
                    status=Decision.Status(record.status).label,
                    note=record.note,
                    by=names.get(record.history_user_id, ""),
                )
            )
        before = record
    return rows[::-1]
