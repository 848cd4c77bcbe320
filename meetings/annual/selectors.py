"""Reads about the annual cycle: who may write motions, the deadlines' state, the roll call."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Association, Role, User

from ..documents.models import MeetingDocument
from ..models import Meeting, MeetingDelegate, MeetingType
from ..selectors import associations_led_by
from ..visibility import meeting_get_for_user
from .deadlines import Deadlines, meeting_deadlines, statutes_get
from .models import Motion, RollCallEntry


def motions_of_meeting(*, meeting: Meeting) -> list[Motion]:
    """Every motion of the meeting, for every member who sees the meeting."""
    return list(meeting.motions.select_related("association", "submitted_by").order_by("number"))


def motion_associations(*, user: User, meeting: Meeting) -> list[Association]:
    """The member associations on whose behalf the user may write motions to the meeting:
    those they chair or direct today."""
    if not meeting.type.has_delegates:
        return []
    return associations_led_by(user=user, meeting=meeting)


def motions_open(*, meeting: Meeting, deadlines: Deadlines) -> bool:
    """Whether members may still submit and change motions to the meeting."""
    return deadlines.motions_open() and not meeting.is_cancelled


def motion_get_for_author(*, user: User, pk: int) -> Motion:
    """A motion the user may change (as chair or director of its association), or 404."""
    motion = Motion.objects.select_related("meeting__type", "association").filter(pk=pk).first()
    if motion is None or motion.association not in motion_associations(
        user=user, meeting=motion.meeting
    ):
        raise Http404
    return motion


def motion_attachment_get_for_user(*, user: User, pk: int) -> Motion:
    """A motion with an attachment, for someone who sees its meeting; otherwise 404."""
    motion = Motion.objects.filter(pk=pk).exclude(attachment="").first()
    if motion is None:
        raise Http404
    meeting_get_for_user(user=user, pk=motion.meeting_id)
    return motion


@dataclass(frozen=True)
class DeadlineState:
    part: str
    label: str
    on: datetime.date
    done: bool
    # What staff have left to do, if anything ("" when only a date to know).
    todo: str

    def days_left(self, today: datetime.date) -> int:
        return (self.on - today).days


def deadline_states(*, meeting: Meeting, deadlines: Deadlines) -> list[DeadlineState]:
    """The meeting's three dates and whether their part is done: the notice sent, the motions'
    time over, the papers out with a statement on every motion. (Its motions and documents
    may come prefetched.)"""
    motions = list(meeting.motions.all())
    has_papers = any(d.kind == MeetingDocument.Kind.PAPER for d in meeting.documents.all())
    missing_statements = sum(1 for motion in motions if not motion.has_statement)
    papers_todo = []
    if not has_papers:
        papers_todo.append(str(_("no papers are attached")))
    if missing_statements:
        papers_todo.append(
            str(_("%(count)s motions have no statement of the board"))
            % {"count": missing_statements}
        )
    return [
        DeadlineState(
            part="notice",
            label=str(_("Notice")),
            on=deadlines.notice_on,
            done=meeting.invitations_sent_at is not None,
            todo=str(_("the notice has not been sent")),
        ),
        DeadlineState(
            part="motions",
            label=str(_("Motions due")),
            on=deadlines.motions_due_on,
            done=True,
            todo="",
        ),
        DeadlineState(
            part="papers",
            label=str(_("Papers")),
            on=deadlines.papers_on,
            done=not papers_todo,
            todo=", ".join(papers_todo),
        ),
    ]


@dataclass(frozen=True)
class DeadlineWarning:
    meeting: Meeting
    state: DeadlineState


def deadline_warnings(*, today: datetime.date | None = None) -> list[DeadlineWarning]:
    """The parts of coming annual and members' meetings that are near or past their date and
    not done."""
    today = today or timezone.localdate()
    statutes = statutes_get()
    horizon = today + datetime.timedelta(days=statutes.warn_days)
    warnings = []
    meetings = (
        Meeting.objects.filter(
            type__code__in=MeetingType.VOTING,
            status=Meeting.Status.PLANNED,
            starts_at__gte=timezone.now(),
        )
        .select_related("type")
        .prefetch_related("motions", "documents")
    )
    for meeting in meetings:
        deadlines = meeting_deadlines(meeting=meeting, statutes=statutes)
        for state in deadline_states(meeting=meeting, deadlines=deadlines):
            if not state.done and state.on <= horizon:
                warnings.append(DeadlineWarning(meeting=meeting, state=state))
    return warnings


@dataclass(frozen=True)
class RollCallRow:
    association: Association
    delegate: MeetingDelegate | None
    entry: RollCallEntry | None
    needs_proxy: bool

    @property
    def present(self) -> bool:
        return bool(self.entry and self.entry.present)


def roll_call(*, meeting: Meeting) -> list[RollCallRow]:
    """Every member association of the meeting's day: its delegate, whether it is present
    (one vote), and whether its delegate needs a proxy (not its own chair or director)."""
    day = meeting.first_day
    delegates = {d.association_id: d for d in meeting.delegates.select_related("person")}
    entries = {e.association_id: e for e in meeting.roll_call.select_related("person")}
    own = set(
        Role.objects.current_on(day)
        .filter(kind__in=Role.EDITOR_KINDS, association_id__in=delegates)
        .values_list("association_id", "person_id")
    )
    rows = []
    for association in Association.objects.members_on(day).only("name").order_by("name"):
        delegate = delegates.get(association.pk)
        entry = entries.get(association.pk)
        person_id = entry.person_id if entry else (delegate.person_id if delegate else None)
        rows.append(
            RollCallRow(
                association=association,
                delegate=delegate,
                entry=entry,
                needs_proxy=person_id is not None and (association.pk, person_id) not in own,
            )
        )
    return rows


def needs_proxy(*, meeting: Meeting, association: Association, person_id: int) -> bool:
    """Whether the association's delegate needs a proxy (fullmakt): not its own chair or
    director on the meeting's day."""
    return (
        not Role.objects.current_on(meeting.first_day)
        .filter(kind__in=Role.EDITOR_KINDS, association=association, person_id=person_id)
        .exists()
    )


def roll_call_open(*, meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Delegates are checked in from the meeting's first day until it ends."""
    now = now or timezone.now()
    opens = datetime.datetime.combine(
        meeting.first_day, datetime.time(), timezone.get_default_timezone()
    )
    return not meeting.is_cancelled and opens <= now < meeting.ends_at


def present_associations(*, meeting: Meeting, associations: list[int]) -> set[int]:
    """Which of these associations are checked in and present."""
    return set(
        meeting.roll_call.filter(association_id__in=associations, present=True).values_list(
            "association_id", flat=True
        )
    )


def delegate_seats(*, user: User, meeting: Meeting) -> QuerySet[MeetingDelegate]:
    """The associations whose named delegate the user is at this meeting."""
    return meeting.delegates.filter(person__user=user).select_related("association")
