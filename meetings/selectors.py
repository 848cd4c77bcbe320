"""Every read about meetings that a view, a feed or a task needs, scoped to who asks."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone

from members.models import Association, Person, Role, User
from members.selectors import roles_of_user
from nns_portal.outbox import outbox_known_keys

from .audience import audience, holds_a_role, invitations_in_force, still_invited
from .documents.selectors import invitee_documents
from .emails import Kind, meeting_message_key
from .models import CalendarFeed, Invitation, Meeting, MeetingDelegate
from .tokens import rsvp_check
from .visibility import user_standing

PAST_MEETINGS_SHOWN = 10


def _invitations_with_meeting() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("meeting__type", "meeting__area", "substitute")


@dataclass(frozen=True)
class MyMeetings:
    upcoming: list[Invitation]
    past: list[Invitation]


def my_meetings(*, user: User, now: datetime.datetime | None = None) -> MyMeetings:
    """What "Mina möten" lists: the user's invitations, upcoming first, then recent ones."""
    now = now or timezone.now()
    mine = _invitations_with_meeting().filter(person__user=user)
    upcoming = list(mine.filter(meeting__ends_at__gte=now).order_by("meeting__starts_at"))
    past = list(
        mine.filter(meeting__ends_at__lt=now).order_by("-meeting__starts_at")[:PAST_MEETINGS_SHOWN]
    )
    # The papers only of invitations still in force: someone who left keeps the list.
    in_force = set(
        invitations_in_force(standing=user_standing(user=user))
        .filter(pk__in=[i.pk for i in upcoming + past])
        .values_list("meeting_id", flat=True)
    )
    documents = invitee_documents(meeting_ids=sorted(in_force))
    for invitation in upcoming + past:
        invitation.documents = documents.get(invitation.meeting_id, [])
    return MyMeetings(upcoming=upcoming, past=past)


def invitation_get_for_user(*, user: User, pk: int) -> Invitation:
    """The user's own invitation, or 404 (also for someone else's)."""
    invitation = _invitations_with_meeting().filter(pk=pk, person__user=user).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_of_user(*, user: User, meeting: Meeting) -> Invitation | None:
    return meeting.invitations.filter(person__user=user).first()


def invitation_for_link(*, pk: int, token: str) -> Invitation:
    """The invitation an answer link names; raises RsvpLinkInvalid for a bad link."""
    invitation = _invitations_with_meeting().select_related("person").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    rsvp_check(invitation=invitation, token=token)
    return invitation


def substitute_candidates(*, invitation: Invitation, on: datetime.date) -> list[Person]:
    """Who may come instead: the association's other board representatives of the day.

    Only someone invited as a board representative (a chair, say) may name a substitute.
    """
    if invitation.association_id is None:
        return []
    board = Role.objects.current_on(on).filter(
        association_id=invitation.association_id, kind__in=Role.BOARD_KINDS
    )
    if not board.filter(person_id=invitation.person_id).exists():
        return []
    ids = board.exclude(person_id=invitation.person_id).values("person_id")
    return list(Person.objects.filter(pk__in=ids, email__gt="").order_by("last_name", "first_name"))


@dataclass(frozen=True)
class PlanMonth:
    month: datetime.date
    meetings: list[Meeting]


def plan_for_year(*, year: int) -> list[PlanMonth]:
    """The year's meetings by month, as in the printed plan."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    meetings = Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related(
        "type", "area"
    )
    months: dict[datetime.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings.order_by("starts_at", "pk"):
        months[meeting.first_day.replace(day=1)].append(meeting)
    return [PlanMonth(month=month, meetings=items) for month, items in months.items()]


def plan_version() -> int:
    """Changes whenever a meeting is added, changed or deleted (each makes a history row):
    the rendered plan is kept per version."""
    return Meeting.history.aggregate(last=Max("history_id"))["last"] or 0


def plan_years() -> list[int]:
    return sorted({day.year for day in Meeting.objects.dates("starts_at", "year")})


def public_plan_meetings(*, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """The open meetings of the public calendar, from a year back."""
    since = (now or timezone.now()) - datetime.timedelta(days=365)
    return Meeting.objects.filter(type__in_public_plan=True, ends_at__gte=since).select_related(
        "type"
    )


def calendar_feed_owner(*, token: str) -> Person:
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None:
        raise Http404
    return feed.person


def calendar_feed_in_use(*, person: Person) -> bool:
    """A private calendar works while its owner holds a role; it works again with a new one."""
    return holds_a_role(person_id=person.pk, on=timezone.localdate())


def invitation_in_force(*, invitation: Invitation) -> bool:
    """An invitation can be answered while its invitee still holds a role that invites them."""
    return still_invited(invitation=invitation, on=timezone.localdate())


def person_feed_meetings(
    *, person: Person, now: datetime.datetime | None = None
) -> QuerySet[Meeting]:
    """The meetings a person is invited to, from half a year back."""
    since = (now or timezone.now()) - datetime.timedelta(days=183)
    return Meeting.objects.filter(invitations__person=person, ends_at__gte=since).select_related(
        "type"
    )


@dataclass(frozen=True)
class Attendance:
    meeting: Meeting
    invitations: list[Invitation]
    counts: dict[str, int]


def attendance(*, meeting: Meeting) -> Attendance:
    """Everyone invited with their answer, and the count of each answer."""
    invitations = list(
        meeting.invitations.select_related("person", "association", "substitute").order_by(
            "association__name", "person__last_name", "person__first_name"
        )
    )
    counts = dict(
        meeting.invitations.values_list("answer").annotate(n=Count("pk")).values_list("answer", "n")
    )
    return Attendance(
        meeting=meeting,
        invitations=invitations,
        counts={answer: counts.get(answer, 0) for answer in Invitation.Answer.values},
    )


@dataclass(frozen=True)
class DelegateRow:
    association: Association
    delegate: MeetingDelegate | None


def delegate_list(*, meeting: Meeting) -> list[DelegateRow]:
    """Every member association on the meeting's day with its delegate (one vote each)."""
    delegates = {
        d.association_id: d for d in meeting.delegates.select_related("person", "association")
    }
    members = Association.objects.members_on(meeting.first_day).only("name").order_by("name")
    return [DelegateRow(association=a, delegate=delegates.get(a.pk)) for a in members]


@dataclass(frozen=True)
class DelegateChoice:
    association: Association
    delegate: MeetingDelegate | None
    candidates: list[Person]


def associations_led_by(*, user: User, meeting: Meeting) -> list[Association]:
    """The associations, members on the meeting's day, that the user chairs or directs today:
    those they name the delegate of and write motions for."""
    editor_of = roles_of_user(user=user, kinds=Role.EDITOR_KINDS).values("association_id")
    return list(
        Association.objects.members_on(meeting.first_day).filter(pk__in=editor_of).order_by("name")
    )


def delegate_choices_for_user(*, user: User, meeting: Meeting) -> list[DelegateChoice]:
    """The member associations whose delegate the user may name (as its chair or director)."""
    if not meeting.type.has_delegates or meeting.has_started():
        return []
    roles = Role.objects.current_on(timezone.localdate())
    associations = associations_led_by(user=user, meeting=meeting)
    if not associations:
        return []
    delegates = {
        d.association_id: d
        for d in meeting.delegates.filter(association__in=associations).select_related("person")
    }
    people: dict[int, list[Person]] = defaultdict(list)
    for role in (
        roles.filter(association__in=associations)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    ):
        if role.person not in people[role.association_id]:
            people[role.association_id].append(role.person)
    return [
        DelegateChoice(association=a, delegate=delegates.get(a.pk), candidates=people[a.pk])
        for a in associations
    ]


def delegate_association_get_for_user(
    *, user: User, meeting: Meeting, association_pk: int
) -> DelegateChoice:
    for choice in delegate_choices_for_user(user=user, meeting=meeting):
        if choice.association.pk == association_pk:
            return choice
    raise Http404


def area_request_associations(*, user: User) -> list[Association]:
    """The member associations the user belongs to today, for which they may ask."""
    today = timezone.localdate()
    ids = roles_of_user(user=user).values("association_id")
    return list(
        Association.objects.members_on(today)
        .filter(pk__in=ids)
        .select_related("area")
        .order_by("name")
    )


def _unqueued(meeting: Meeting, kind: str, people: list[Person]) -> list[Person]:
    """Those of ``people`` with an address whose message of ``kind`` is not queued yet."""
    keys = {person.pk: meeting_message_key(kind, meeting, person.pk) for person in people}
    queued = outbox_known_keys(keys=list(keys.values()))
    return [person for person in people if person.email and keys[person.pk] not in queued]


def invitation_recipients(*, meeting: Meeting, on: datetime.date) -> list[Person]:
    """Who "send the invitations now" would e-mail: the audience of the day not invited yet."""
    if meeting.is_cancelled:
        return []
    ids = [invitee.person_id for invitee in audience(meeting=meeting, on=on)]
    people = list(Person.objects.filter(pk__in=ids).order_by("last_name", "first_name"))
    return _unqueued(meeting, Kind.INVITATION, people)


def reminder_recipients(*, meeting: Meeting) -> list[Person]:
    """Who a reminder would e-mail: those invited who have not answered nor been reminded."""
    if meeting.is_cancelled or meeting.invitations_sent_at is None:
        return []
    people = list(
        Person.objects.filter(
            invitations__meeting=meeting,
            invitations__capacity=Invitation.Capacity.INVITED,
            invitations__answer=Invitation.Answer.NONE,
        ).order_by("last_name", "first_name")
    )
    return _unqueued(meeting, Kind.REMINDER, people)


def invitees(*, meeting: Meeting) -> list[Person]:
    """Everyone the meeting's invitations went to (invited or informed), with an address."""
    return list(
        Person.objects.filter(invitations__meeting=meeting, email__gt="").order_by(
            "last_name", "first_name"
        )
    )
