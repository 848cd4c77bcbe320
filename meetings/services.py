"""Every write about meetings: saving and cancelling, inviting, answering, delegates."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import AreaContact, Association, Person, Role, User, current_on
from nns_portal.outbox import outbox_known_keys, outbox_queue

from . import selectors
from .annual.deadlines import deadlines_check, meeting_deadlines, statutes_get
from .audience import audience
from .calendar import meeting_ics
from .documents.selectors import invitee_documents
from .emails import (
    Kind,
    area_request_drafts,
    meeting_draft,
    meeting_message_draft,
    meeting_message_key,
)
from .models import (
    AreaMeetingRequest,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingDelegate,
    MeetingMessage,
    MeetingType,
)
from .selectors import invitees
from .standard_types import STANDARD_TYPES

# A change to any of these is sent to everyone invited, as a calendar update.
NOTIFIED_FIELDS = ("title", "starts_at", "ends_at", "all_day", "place", "video_link", "agenda")
# A change of these is practical news for those invited (where and when); of the others
# (title, agenda) it is wording, which staff may well not want to e-mail everyone about.
PRACTICAL_FIELDS = ("starts_at", "ends_at", "all_day", "place", "video_link")
# Reminders never go out on the heels of the invitation itself.
REMINDER_NOT_BEFORE = datetime.timedelta(days=1)


@transaction.atomic
def meeting_types_ensure_standard() -> None:
    """Add any standard meeting type that is missing; one that exists is left as staff set it."""
    for code, start, end, lead, reminder, public in STANDARD_TYPES:
        MeetingType.objects.get_or_create(
            code=code,
            defaults={
                "default_start": start,
                "default_end": end,
                "invitation_lead_days": lead,
                "reminder_days": reminder,
                "in_public_plan": public,
            },
        )


def meeting_times(
    *,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    start: datetime.time | None = None,
    end: datetime.time | None = None,
) -> tuple[datetime.datetime, datetime.datetime, bool]:
    """Local days and times of the plan as (starts_at, ends_at, all_day), aware.

    Without a start time the meeting lasts all day (every day to ``last_day``). With one and
    no end time it is taken to last an hour.
    """
    last_day = last_day or first_day
    if last_day < first_day:
        raise ValidationError(_("The last day is before the first day."))
    tz = timezone.get_default_timezone()
    if start is None:
        starts_at = datetime.datetime.combine(first_day, datetime.time(), tz)
        ends_at = datetime.datetime.combine(
            last_day + datetime.timedelta(days=1), datetime.time(), tz
        )
        return starts_at, ends_at, True
    starts_at = datetime.datetime.combine(first_day, start, tz)
    if end is None:
        return starts_at, starts_at + datetime.timedelta(hours=1), False
    ends_at = datetime.datetime.combine(last_day, end, tz)
    if ends_at <= starts_at:
        raise ValidationError(_("The meeting must end after it starts."))
    return starts_at, ends_at, False


def _queue_to_everyone_invited(meeting: Meeting, kind: str) -> int:
    invitations = list(meeting.invitations.select_related("person"))
    ics = meeting_ics(meeting)
    return _queue(meeting, kind, invitations, ics)


def _queue(meeting: Meeting, kind: str, invitations: list[Invitation], ics: bytes) -> int:
    """Render and queue one message per invitation, skipping those already queued."""
    wanted = {meeting_message_key(kind, meeting, i.person_id): i for i in invitations}
    known = outbox_known_keys(keys=list(wanted))
    documents = invitee_documents(meeting_ids=[meeting.pk]).get(meeting.pk, [])
    drafts = []
    for key, invitation in wanted.items():
        if key in known or not invitation.person.email:
            continue
        invitation.meeting = meeting
        drafts.append(meeting_draft(kind=kind, invitation=invitation, ics=ics, documents=documents))
    return outbox_queue(drafts=drafts)


def meeting_changes(*, meeting: Meeting) -> list[str]:
    """The fields those invited are told about that differ from the saved meeting, once its
    invitations have gone out ("status" when it is cancelled or reinstated)."""
    before = Meeting.objects.filter(pk=meeting.pk).first() if meeting.pk else None
    if before is None or before.invitations_sent_at is None:
        return []
    changed = [name for name in NOTIFIED_FIELDS if getattr(before, name) != getattr(meeting, name)]
    if before.is_cancelled != meeting.is_cancelled:
        changed.append("status")
    return changed


@transaction.atomic
def meeting_save(*, meeting: Meeting, notify: bool) -> Meeting:
    """Create or change a meeting; with ``notify``, tell everyone invited of a change.

    Once invitations have gone out, a notified change of time, place or agenda raises the
    calendar SEQUENCE and sends an update; cancelling sends a cancellation (METHOD:CANCEL).
    Without ``notify`` the meeting is saved and nobody is e-mailed.
    """
    meeting.full_clean()
    deadlines_check(meeting=meeting, statutes=statutes_get())
    before = (
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first() if meeting.pk else None
    )
    if before is not None and (
        before.status != meeting.status
        or any(getattr(before, name) != getattr(meeting, name) for name in NOTIFIED_FIELDS)
    ):
        meeting.revised_at = timezone.now()
    if not notify or before is None or before.invitations_sent_at is None:
        meeting.save()
        return meeting
    cancelled = meeting.is_cancelled and not before.is_cancelled
    reinstated = before.is_cancelled and not meeting.is_cancelled
    changed = any(getattr(before, name) != getattr(meeting, name) for name in NOTIFIED_FIELDS)
    if not (cancelled or reinstated or (changed and not meeting.is_cancelled)):
        meeting.save()
        return meeting
    meeting.sequence = before.sequence + 1
    meeting.save()
    _queue_to_everyone_invited(meeting, Kind.CANCELLATION if cancelled else Kind.UPDATE)
    return meeting


@transaction.atomic
def meeting_message_send(
    *, meeting: Meeting, subject: str, body: str, user: User | None
) -> MeetingMessage:
    """Write to everyone the meeting's invitations went to, once each, through the outbox.

    A message, not a change: the meeting and its calendar entry stay as they are."""
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Write a subject and a message."))
    if meeting.invitations_sent_at is None:
        raise ValidationError(_("No invitations have gone out for this meeting yet."))
    people = invitees(meeting=meeting)
    message = MeetingMessage.objects.create(
        meeting=meeting,
        subject=subject.strip(),
        body=body.strip(),
        sent_by=user,
        recipients=len(people),
    )
    outbox_queue(drafts=[meeting_message_draft(message=message, person=p) for p in people])
    return message


def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting and tell everyone invited (a calendar cancellation)."""
    meeting.status = Meeting.Status.CANCELLED
    return meeting_save(meeting=meeting, notify=True)


def _lock(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("type", "area")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def invitations_send(*, meeting: Meeting, now: datetime.datetime | None = None) -> int:
    """Invite the meeting's audience as it is today; returns how many e-mails were queued.

    Safe to repeat: people invited before are not invited again, and someone who has joined
    the audience since (a new chair, say) is invited now.
    """
    now = now or timezone.now()
    meeting = _lock(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.has_started(now):
        raise ValidationError(_("The meeting has already started."))
    invitees = audience(meeting=meeting, on=timezone.localdate(now))
    Invitation.objects.bulk_create(
        [
            Invitation(
                meeting=meeting,
                person_id=invitee.person_id,
                association_id=invitee.association_id,
                capacity=invitee.capacity,
            )
            for invitee in invitees
        ],
        ignore_conflicts=True,
    )
    queued = _queue_to_everyone_invited(meeting, Kind.INVITATION)
    if meeting.invitations_sent_at is None:
        meeting.invitations_sent_at = now
        meeting.save(update_fields=["invitations_sent_at"])
    return queued


@transaction.atomic
def reminders_send(*, meeting: Meeting, now: datetime.datetime | None = None) -> int:
    """Remind those invited who have not answered; returns how many e-mails were queued."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    if meeting.is_cancelled or meeting.has_started(now) or meeting.invitations_sent_at is None:
        return 0
    unanswered = list(
        meeting.invitations.filter(
            capacity=Invitation.Capacity.INVITED, answer=Invitation.Answer.NONE
        ).select_related("person")
    )
    queued = _queue(meeting, Kind.REMINDER, unanswered, meeting_ics(meeting))
    if meeting.reminders_sent_at is None:
        meeting.reminders_sent_at = now
        meeting.save(update_fields=["reminders_sent_at"])
    return queued


def meetings_due_for_invitations(*, now: datetime.datetime) -> list[int]:
    """Planned meetings whose invitations should go out by now and have not: an annual or
    members' meeting's on its notice day (the notice, kallelse), the others the type's days
    before."""
    ids: list[int] = []
    for meeting_type in MeetingType.objects.all():
        unsent = Meeting.objects.filter(
            type=meeting_type,
            status=Meeting.Status.PLANNED,
            invitations_sent_at__isnull=True,
            invitations_by_hand=False,
            starts_at__gt=now,
        )
        if meeting_type.has_delegates:
            statutes, today = statutes_get(), timezone.localdate(now)
            ids += [
                meeting.pk
                for meeting in unsent
                if meeting_deadlines(meeting=meeting, statutes=statutes).notice_on <= today
            ]
            continue
        ids += unsent.filter(
            starts_at__lte=now + datetime.timedelta(days=meeting_type.invitation_lead_days),
        ).values_list("pk", flat=True)
    return ids


def area_meeting_requests_handled(*, requests: QuerySet[AreaMeetingRequest]) -> int:
    """Staff have dealt with these requests: they leave the office's start page."""
    return requests.filter(handled_at__isnull=True).update(handled_at=timezone.now())


def invitations_due_now(*, meeting: Meeting, now: datetime.datetime) -> bool:
    """Whether the meeting, saved as it is, would have its invitations sent by themselves at
    beat's next run (what saving it must ask about first)."""
    if (
        meeting.status != Meeting.Status.PLANNED
        or meeting.invitations_sent_at is not None
        or meeting.invitations_by_hand
        or meeting.starts_at <= now
    ):
        return False
    if meeting.type.has_delegates:
        notice_on = meeting_deadlines(meeting=meeting, statutes=statutes_get()).notice_on
        return notice_on <= timezone.localdate(now)
    return meeting.starts_at <= now + datetime.timedelta(days=meeting.type.invitation_lead_days)


def meetings_due_for_reminders(*, now: datetime.datetime) -> list[int]:
    ids: list[int] = []
    for meeting_type in MeetingType.objects.filter(reminder_days__isnull=False):
        ids += Meeting.objects.filter(
            type=meeting_type,
            status=Meeting.Status.PLANNED,
            invitations_sent_at__lte=now - REMINDER_NOT_BEFORE,
            reminders_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(days=meeting_type.reminder_days),
        ).values_list("pk", flat=True)
    return ids


@transaction.atomic
def invitation_answer(
    *,
    invitation: Invitation,
    answer: str,
    substitute: Person | None = None,
    now: datetime.datetime | None = None,
) -> Invitation:
    """Record an answer; it can be changed until the meeting starts.

    Naming a substitute (another board representative of the same association) invites
    them as coming, and sends them the invitation.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("meeting__type", "person")
        .get(pk=invitation.pk)
    )
    meeting = invitation.meeting
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.has_started(now):
        raise ValidationError(_("The meeting has started; answers can no longer be changed."))
    if answer not in {Invitation.Answer.COMING, Invitation.Answer.NOT_COMING} and not (
        answer == Invitation.Answer.SUBSTITUTE and substitute is not None
    ):
        raise ValidationError(_("Choose an answer."))
    if answer == Invitation.Answer.SUBSTITUTE:
        candidates = selectors.substitute_candidates(
            invitation=invitation, on=timezone.localdate(now)
        )
        if substitute.pk not in {person.pk for person in candidates}:
            raise ValidationError(
                _("Only another board representative of the same association can come instead.")
            )
    withdrawn = invitation.substitute_id
    invitation.answer = answer
    invitation.substitute = substitute if answer == Invitation.Answer.SUBSTITUTE else None
    invitation.answered_at = now
    invitation.save(update_fields=["answer", "substitute", "answered_at"])
    if withdrawn and withdrawn != invitation.substitute_id:
        _withdraw_substitute(invitation.meeting, withdrawn, timezone.localdate(now))
    if invitation.substitute is not None:
        _invite_substitute(invitation, now)
    return invitation


def _withdraw_substitute(meeting: Meeting, person_id: int, on: datetime.date) -> None:
    """Someone no longer named to come instead loses the invitation that naming gave them,
    unless their own roles invite them to the meeting."""
    if not audience(meeting=meeting, on=on, person_id=person_id):
        Invitation.objects.filter(meeting=meeting, person_id=person_id).delete()


def _invite_substitute(invitation: Invitation, now: datetime.datetime) -> None:
    stand_in, created = Invitation.objects.get_or_create(
        meeting=invitation.meeting,
        person=invitation.substitute,
        defaults={
            "association": invitation.association,
            "capacity": Invitation.Capacity.INVITED,
            "answer": Invitation.Answer.COMING,
            "answered_at": now,
        },
    )
    if not created and stand_in.answer != Invitation.Answer.COMING:
        stand_in.answer, stand_in.substitute, stand_in.answered_at = (
            Invitation.Answer.COMING,
            None,
            now,
        )
        stand_in.save(update_fields=["answer", "substitute", "answered_at"])
    _queue(invitation.meeting, Kind.INVITATION, [stand_in], meeting_ics(invitation.meeting))


@transaction.atomic
def delegate_name(*, meeting: Meeting, association: Association, person: Person) -> MeetingDelegate:
    """Name (or replace) the association's delegate, who casts its one vote."""
    if not meeting.type.has_delegates:
        raise ValidationError(_("Delegates are named only for annual and members' meetings."))
    if meeting.has_started():
        raise ValidationError(_("The meeting has started; the delegate can no longer be changed."))
    if not association.is_member_on(meeting.first_day):
        raise ValidationError(_("Only a member association has a vote."))
    day = timezone.localdate()
    if not Role.objects.current_on(day).filter(association=association, person=person).exists():
        raise ValidationError(_("The delegate must be one of the association's people."))
    delegate, _created = MeetingDelegate.objects.update_or_create(
        meeting=meeting, association=association, defaults={"person": person}
    )
    return delegate


@transaction.atomic
def area_meeting_request_create(
    *, association: Association, person: Person, message: str
) -> AreaMeetingRequest:
    """Store the request and e-mail the area's contact persons; a person may ask
    ``AREA_MEETING_REQUESTS_PER_DAY`` times in 24 hours, so nobody can flood the contacts."""
    message = message.strip()
    if not message:
        raise ValidationError(_("Write what the meeting should be about."))
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one count at a time
    since = timezone.now() - datetime.timedelta(days=1)
    limit = settings.AREA_MEETING_REQUESTS_PER_DAY
    if (
        AreaMeetingRequest.objects.filter(requested_by=person, created_at__gte=since).count()
        >= limit
    ):
        raise ValidationError(
            _(
                "You have already sent %(count)s requests in the last 24 hours. Wait a day, "
                "or write to the area's contact persons directly."
            )
            % {"count": limit}
        )
    request = AreaMeetingRequest.objects.create(
        association=association, area=association.area, requested_by=person, message=message
    )
    contacts = list(
        AreaContact.objects.filter(
            current_on(timezone.localdate()), area=association.area, person__email__gt=""
        ).select_related("person")
    )
    outbox_queue(drafts=area_request_drafts(request=request, contacts=contacts))
    return request


def calendar_feed_get(*, person: Person) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_renew(*, person: Person) -> CalendarFeed:
    """Give the person a new private address; the old one stops working at once."""
    CalendarFeed.objects.filter(person=person).delete()
    return CalendarFeed.objects.create(person=person)
