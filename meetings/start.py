"""What the start page shows of meetings and letters: invitations to answer, delegates to name,
the next meetings, new letters; for staff, board meetings still without their letter."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Role, User
from members.selectors import roles_of_user
from nns_portal.start import DueItem, StartSection, start_section

from .adjusting.selectors import rounds_waiting
from .annual.deadlines import meeting_deadlines, statutes_get
from .annual.models import Motion
from .annual.selectors import deadline_warnings
from .followup.models import Decision
from .followup.selectors import decisions_of_responsible
from .letters.selectors import letters_for_user
from .letters.services import board_meetings_without_letter
from .models import AreaMeetingRequest, Invitation, Meeting, MeetingType
from .selectors import delegate_choices_for_user
from .templatetags.meeting_tags import meeting_when

NEXT_MEETINGS_SHOWN = 3
NEW_LETTER_DAYS = 30


@start_section
def meetings_due(user: User, now: datetime.datetime) -> StartSection | None:
    if not user.is_authenticated:
        return None
    upcoming = list(
        Invitation.objects.filter(
            person__user=user,
            meeting__ends_at__gte=now,
            meeting__status=Meeting.Status.PLANNED,
        )
        .select_related("meeting__type")
        .order_by("meeting__starts_at")
    )
    items = [
        DueItem(
            _("Answer the invitation: %(meeting)s, %(when)s")
            % {"meeting": i.meeting.title, "when": meeting_when(i.meeting)},
            reverse("meetings:invitation", args=[i.pk]),
            urgent=True,
        )
        for i in upcoming
        if i.capacity == Invitation.Capacity.INVITED and i.answer == Invitation.Answer.NONE
    ]
    for invitation in upcoming:
        if not invitation.meeting.type.has_delegates:
            continue
        for choice in delegate_choices_for_user(user=user, meeting=invitation.meeting):
            if choice.delegate is None:
                items.append(
                    DueItem(
                        _("Name the delegate of %(association)s to %(meeting)s")
                        % {"association": choice.association, "meeting": invitation.meeting},
                        reverse("meetings:delegate", args=[invitation.pk, choice.association.pk]),
                        urgent=True,
                    )
                )
    coming = [i for i in upcoming if i.answer == Invitation.Answer.COMING]
    items += [
        DueItem(
            _("You are coming: %(meeting)s, %(when)s")
            % {"meeting": i.meeting.title, "when": meeting_when(i.meeting)},
            reverse("meetings:invitation", args=[i.pk]),
        )
        for i in coming[:NEXT_MEETINGS_SHOWN]
    ]
    return StartSection(_("Meetings"), items)


@start_section
def decisions_to_carry_out(user: User, now: datetime.datetime) -> StartSection | None:
    """The open decisions the person is responsible for, the overdue first and urgent."""
    if not user.is_authenticated:
        return None
    today = timezone.localdate(now)
    items = []
    for decision in decisions_of_responsible(user=user):
        words = {"meeting": decision.meeting.title, "text": Truncator(decision.text).words(12)}
        if decision.is_overdue(today):
            words["day"] = decision.deadline.isoformat()
            label = _("Overdue since %(day)s: %(text)s (%(meeting)s)") % words
        elif decision.deadline:
            words["day"] = decision.deadline.isoformat()
            label = _("To be done by %(day)s: %(text)s (%(meeting)s)") % words
        else:
            label = _("To carry out: %(text)s (%(meeting)s)") % words
        items.append(
            DueItem(
                label,
                reverse("meetings:decision", args=[decision.pk]),
                urgent=decision.is_overdue(today),
            )
        )
    return StartSection(_("Decisions you are responsible for"), items)


@start_section
def minutes_to_adjust(user: User, now: datetime.datetime) -> StartSection | None:
    if not user.is_authenticated:
        return None
    return StartSection(
        _("Minutes to adjust"),
        [
            DueItem(
                _("Adjust the minutes of %(meeting)s, %(day)s")
                % {
                    "meeting": signer.document.meeting.title,
                    "day": timezone.localdate(signer.document.meeting.starts_at).isoformat(),
                },
                reverse("meetings:minutes_adjusting", args=[signer.document_id]),
                urgent=True,
            )
            for signer in rounds_waiting(user=user)
        ],
    )


@start_section
def decisions_overdue(user: User, now: datetime.datetime) -> StartSection | None:
    if not (user.is_authenticated and user.is_staff):
        return None
    count = Decision.objects.overdue(today=timezone.localdate(now)).count()
    if not count:
        return None
    text = ngettext(
        "%(count)d decision is past its deadline and not done",
        "%(count)d decisions are past their deadlines and not done",
        count,
    ) % {"count": count}
    url = reverse("meetings:decisions") + "?visa=forsenade"
    return StartSection(_("For the office"), [DueItem(text, url, urgent=True)])


# The office hears of a meeting this close where many have not answered.
UNANSWERED_WITHIN = datetime.timedelta(days=21)


def _area_requests_open() -> list[DueItem]:
    return [
        DueItem(
            _("%(association)s asks for an area meeting (%(day)s)")
            % {
                "association": request.association,
                "day": timezone.localdate(request.created_at).isoformat(),
            },
            reverse("admin:meetings_areameetingrequest_change", args=[request.pk]),
        )
        for request in AreaMeetingRequest.objects.filter(handled_at__isnull=True)
        .select_related("association")
        .order_by("created_at")
    ]


def _motions_without_statement(now: datetime.datetime) -> list[DueItem]:
    waiting = (
        Motion.objects.filter(
            statement="", meeting__starts_at__gt=now, meeting__status=Meeting.Status.PLANNED
        )
        .values("meeting_id", "meeting__title")
        .annotate(count=Count("pk"))
        .order_by("meeting__starts_at")
    )
    return [
        DueItem(
            ngettext(
                "%(meeting)s: %(count)d motion waits for the board's statement",
                "%(meeting)s: %(count)d motions wait for the board's statement",
                row["count"],
            )
            % {"meeting": row["meeting__title"], "count": row["count"]},
            reverse("admin:meetings_meeting_change", args=[row["meeting_id"]]),
            urgent=True,
        )
        for row in waiting
    ]


def _near_meetings_unanswered(now: datetime.datetime) -> list[DueItem]:
    """Meetings within ``UNANSWERED_WITHIN`` that half of those invited have not answered."""
    invited = Q(invitations__capacity=Invitation.Capacity.INVITED)
    near = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        invitations_sent_at__isnull=False,
        starts_at__gt=now,
        starts_at__lte=now + UNANSWERED_WITHIN,
    ).annotate(
        invited=Count("invitations", filter=invited),
        unanswered=Count(
            "invitations", filter=invited & Q(invitations__answer=Invitation.Answer.NONE)
        ),
    )
    return [
        DueItem(
            _("%(meeting)s, %(when)s: %(unanswered)d of %(invited)d invited have not answered")
            % {
                "meeting": meeting.title,
                "when": meeting_when(meeting),
                "unanswered": meeting.unanswered,
                "invited": meeting.invited,
            },
            reverse("admin:meetings_meeting_attendance", args=[meeting.pk]),
        )
        for meeting in near.order_by("starts_at")
        if meeting.invited and meeting.unanswered * 2 >= meeting.invited
    ]


@start_section
def office_meetings(user: User, now: datetime.datetime) -> StartSection | None:
    """For staff: area meetings asked for and not dealt with, motions waiting for the
    board's statement, and near meetings that half of those invited have not answered."""
    if not (user.is_authenticated and user.is_staff):
        return None
    items = _area_requests_open() + _motions_without_statement(now) + _near_meetings_unanswered(now)
    return StartSection(_("For the office"), items)


# How far ahead a chair sees the annual and members' meetings of the plan.
VOTING_MEETINGS_AHEAD = datetime.timedelta(days=366)


@start_section
def voting_meetings_ahead(user: User, now: datetime.datetime) -> StartSection | None:
    """A member association's chair or director sees the annual and members' meetings of the
    plan from the day they are in it, before any invitation: where to read about them and
    until when motions may be submitted."""
    if not user.is_authenticated:
        return None
    meetings = list(
        Meeting.objects.filter(
            type__code__in=MeetingType.VOTING,
            status=Meeting.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + VOTING_MEETINGS_AHEAD,
        )
        .exclude(invitations__person__user=user)
        .select_related("type")
        .order_by("starts_at")
    )
    if not meetings or not roles_of_user(user=user, kinds=Role.EDITOR_KINDS).exists():
        return None
    statutes, today = statutes_get(), timezone.localdate(now)
    items = []
    for meeting in meetings:
        deadlines = meeting_deadlines(meeting=meeting, statutes=statutes)
        words = {"meeting": meeting.title, "when": meeting_when(meeting)}
        if deadlines is not None and deadlines.motions_due_on >= today:
            words["day"] = deadlines.motions_due_on.isoformat()
            text = _("%(meeting)s, %(when)s: motions may be submitted until %(day)s") % words
        else:
            text = _("%(meeting)s, %(when)s") % words
        items.append(DueItem(text, reverse("meetings:meeting", args=[meeting.pk])))
    return StartSection(_("Meetings"), items)


@start_section
def new_letters(user: User, now: datetime.datetime) -> StartSection | None:
    if not user.is_authenticated:
        return None
    since = now - datetime.timedelta(days=NEW_LETTER_DAYS)
    letters = letters_for_user(user=user).filter(sent_at__gte=since)
    return StartSection(
        _("Letters from the board"),
        [
            DueItem(
                _("New letter: %(title)s") % {"title": letter.title},
                reverse("meetings:letter", args=[letter.pk]),
            )
            for letter in letters
        ],
    )


@start_section
def letters_missing(user: User, now: datetime.datetime) -> StartSection | None:
    if not (user.is_authenticated and user.is_staff):
        return None
    return StartSection(
        _("For the office"),
        [
            DueItem(
                _("No letter has gone out after the board meeting of %(day)s")
                % {"day": timezone.localdate(meeting.starts_at).isoformat()},
                reverse("admin:meetings_letter_add") + f"?board_meeting={meeting.pk}",
                urgent=True,
            )
            for meeting in board_meetings_without_letter(now=now)
        ],
    )


@start_section
def deadlines_near(user: User, now: datetime.datetime) -> StartSection | None:
    if not (user.is_authenticated and user.is_staff):
        return None
    return StartSection(
        _("Deadlines before the annual and members' meetings"),
        [
            DueItem(
                _("%(meeting)s: %(part)s %(day)s, and %(todo)s")
                % {
                    "meeting": warning.meeting,
                    "part": warning.state.label,
                    "day": warning.state.on.isoformat(),
                    "todo": warning.state.todo,
                },
                reverse("admin:meetings_meeting_change", args=[warning.meeting.pk]),
                urgent=True,
            )
            for warning in deadline_warnings(today=timezone.localdate(now))
        ],
    )
