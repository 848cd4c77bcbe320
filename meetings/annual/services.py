"""Every write about the annual cycle: motions and the board's answer, the motions among the
papers, the roll call, and the staff's warnings of deadlines."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from members.models import Association, Person, User
from members.selectors import staff_with_address
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import outbox_queue

from ..documents.files import ACCEPTED, PROXY, FileKind, uploaded_file_kind
from ..documents.models import MeetingDocument
from ..documents.services import document_made_save, swedish
from ..models import Meeting, MeetingDelegate
from . import selectors
from .deadlines import Deadlines, meeting_deadlines, statutes_get
from .models import Motion, RollCallEntry
from .pdf import render_motions_pdf


def _deadlines(meeting: Meeting) -> Deadlines:
    deadlines = meeting_deadlines(meeting=meeting, statutes=statutes_get())
    if deadlines is None:
        raise ValidationError(_("Motions go to an annual or members' meeting."))
    return deadlines


def _named_by_content(
    upload: UploadedFile | None, stem: str, accepted: dict[str, FileKind] = ACCEPTED
) -> None:
    """Check an upload by its content and name it by what it is (a PDF called page.html is
    kept, and served, as a PDF)."""
    if upload:
        upload.name = f"{stem}.{uploaded_file_kind(upload, accepted=accepted).extension}"


def motion_submit_check(
    *,
    meeting: Meeting,
    association: Association,
    by_staff: bool,
    now: datetime.datetime | None = None,
) -> bool:
    """Refuse, in Swedish, a motion the meeting does not take; returns whether it is late.
    Members submit until the end of the deadline's day; after it only staff register one."""
    deadlines = _deadlines(meeting)
    if meeting.is_cancelled or meeting.has_started(now):
        raise ValidationError(_("The meeting is cancelled or has started."))
    late = not deadlines.motions_open(now)
    if late and not by_staff:
        raise ValidationError(
            _("The time for motions ended on %(day)s.")
            % {"day": deadlines.motions_due_on.isoformat()}
        )
    if not association.is_member_on(meeting.first_day):
        raise ValidationError(_("Only a member association submits motions."))
    return late


@transaction.atomic
def motion_submit(
    *,
    meeting: Meeting,
    association: Association,
    person: Person | None,
    title: str,
    text: str,
    attachment: UploadedFile | None = None,
    by_staff: bool = False,
    now: datetime.datetime | None = None,
) -> Motion:
    """A member association's motion, numbered in the order they come; marked late when staff
    register it after the deadline."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("type").get(pk=meeting.pk)
    late = motion_submit_check(meeting=meeting, association=association, by_staff=by_staff, now=now)
    _named_by_content(attachment, "motion")
    number = (meeting.motions.aggregate(last=Max("number"))["last"] or 0) + 1
    motion = Motion(
        meeting=meeting,
        number=number,
        association=association,
        submitted_by=person,
        title=title.strip(),
        text=text.strip(),
        submitted_at=now,
        late=late,
    )
    if attachment:
        motion.attachment = attachment
    motion.full_clean()
    motion.save()
    return motion


@transaction.atomic
def motion_change(
    *,
    motion: Motion,
    title: str,
    text: str,
    attachment: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Motion:
    """Its authors change a motion until the deadline; never after it (history keeps each
    version)."""
    motion = Motion.objects.select_for_update().select_related("meeting__type").get(pk=motion.pk)
    if not _deadlines(motion.meeting).motions_open(now):
        raise ValidationError(_("A motion cannot be changed after the deadline."))
    _named_by_content(attachment, "motion")
    motion.title, motion.text = title.strip(), text.strip()
    if attachment:
        motion.attachment = attachment
    motion.full_clean()
    motion.save()
    return motion


def motion_answer_check(
    *, motion: Motion, statement: str, proposal: str, decision: str, decision_note: str
) -> None:
    if (decision or decision_note.strip()) and not motion.meeting.has_started():
        raise ValidationError(_("The decision is recorded once the meeting has begun."))
    if proposal and not statement.strip():
        raise ValidationError(_("Write the board's statement with its proposal."))


@transaction.atomic
def motion_answer(
    *, motion: Motion, statement: str, proposal: str, decision: str, decision_note: str
) -> Motion:
    """The board's statement and proposal, and (once the meeting has begun) its decision."""
    motion = Motion.objects.select_for_update().select_related("meeting").get(pk=motion.pk)
    motion_answer_check(
        motion=motion,
        statement=statement,
        proposal=proposal,
        decision=decision,
        decision_note=decision_note,
    )
    motion.statement, motion.proposal = statement.strip(), proposal
    motion.decision, motion.decision_note = decision, decision_note.strip()
    motion.save()
    return motion


@transaction.atomic
def motion_decide(*, motion: Motion, decision: str) -> Motion:
    """The meeting's decision on the motion, as its vote decided it."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    motion.decision = decision
    motion.save(update_fields=["decision"])
    return motion


def motions_to_papers(*, meeting: Meeting, user: User | None) -> MeetingDocument:
    """The meeting's motions with the board's statements, as one PDF among its papers."""
    motions = selectors.motions_of_meeting(meeting=meeting)
    if not motions:
        raise ValidationError(_("The meeting has no motions."))
    return document_made_save(
        meeting=meeting,
        made=MeetingDocument.Made.MOTIONS,
        title=swedish(gettext_noop("Motions with the board's statements")),
        pdf=render_motions_pdf(meeting=meeting, motions=motions),
        user=user,
    )


@transaction.atomic
def roll_call_check_in(
    *,
    meeting: Meeting,
    association: Association,
    attendance: str,
    user: User | None,
    proxy: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> RollCallEntry:
    """Check in the association's named delegate: its one vote is present. Checking in again
    (someone else at the same moment, or after leaving) changes the one row, never adds one."""
    now = now or timezone.now()
    if not meeting.type.has_delegates:
        raise ValidationError(_("Only an annual or members' meeting has a roll call."))
    if not selectors.roll_call_open(meeting=meeting, now=now):
        raise ValidationError(_("The roll call is taken on the day of the meeting."))
    if not association.is_member_on(meeting.first_day):
        raise ValidationError(_("Only a member association has a vote."))
    # Two check-ins of one association wait for each other here.
    delegate = (
        MeetingDelegate.objects.select_for_update()
        .select_related("person")
        .filter(meeting=meeting, association=association)
        .first()
    )
    if delegate is None:
        raise ValidationError(
            _("%(association)s has named no delegate.") % {"association": association}
        )
    if proxy:
        _named_by_content(proxy, "fullmakt", PROXY)
    entry = RollCallEntry.objects.filter(meeting=meeting, association=association).first()
    has_proxy = bool(proxy) or bool(entry and entry.proxy and entry.person_id == delegate.person_id)
    if not has_proxy and selectors.needs_proxy(
        meeting=meeting, association=association, person_id=delegate.person_id
    ):
        raise ValidationError(
            _(
                "%(person)s is not the chair or director of %(association)s: check them in "
                "with the proxy (fullmakt) that lets them vote."
            )
            % {"person": delegate.person, "association": association}
        )
    here_already = entry is not None and entry.present and entry.person_id == delegate.person_id
    if here_already and not proxy:
        return entry
    entry = entry or RollCallEntry(meeting=meeting, association=association)
    if not here_already:
        entry.person, entry.attendance, entry.present, entry.left_at = (
            delegate.person,
            attendance,
            True,
            None,
        )
        entry.checked_in_at, entry.checked_in_by = now, user
    if proxy:
        entry.proxy = proxy
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def roll_call_leave(*, entry: RollCallEntry, now: datetime.datetime | None = None) -> RollCallEntry:
    """The delegate has left: the association's vote is no longer counted."""
    entry = RollCallEntry.objects.select_for_update().get(pk=entry.pk)
    entry.present, entry.left_at = False, now or timezone.now()
    entry.save()
    return entry


def deadline_warnings_send(*, today: datetime.date | None = None) -> int:
    """E-mail staff once per meeting, part and date that is near and not done."""
    staff = list(staff_with_address())
    drafts = [
        render_draft(
            key=(
                f"deadline:meeting:{warning.meeting.pk}:{warning.state.part}:"
                f"{warning.state.on.isoformat()}:user:{user.pk}"
            ),
            category="deadline_warning",
            to=user.email,
            template="meetings/email/deadline_warning",
            context={
                "meeting": warning.meeting,
                "state": warning.state,
                "change_url": absolute_url(
                    reverse("admin:meetings_meeting_change", args=[warning.meeting.pk])
                ),
            },
            language="sv",
        )
        for warning in selectors.deadline_warnings(today=today)
        for user in staff
    ]
    return outbox_queue(drafts=drafts)
