"""What the start page shows of meetings and letters: invitations to answer, delegates to name,
the next meetings, new letters; for staff, board meetings still without their letter."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import User
from nns_portal.start import DueItem, StartSection, start_section

from .adjusting.selectors import rounds_waiting
from .annual.selectors import deadline_warnings
from .followup.models import Decision
from .followup.selectors import decisions_of_responsible
from .letters.selectors import letters_for_user
from .letters.services import board_meetings_without_letter
from .models import Invitation, Meeting
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
