"""Every write to the decision register: a decision entered or changed by staff, one taken
over from a decided agenda item, its follow-up by those responsible, the reminders before a
deadline, and the follow-up among a board meeting's papers."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person, User
from members.selectors import staff_with_address
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import outbox_queue

from ..decisions.choices import ItemKind
from ..decisions.models import AgendaItem
from ..documents.models import MeetingDocument
from ..documents.services import document_made_save, swedish
from ..models import Meeting
from .models import Decision
from .pdf import render_followup_pdf
from .selectors import decisions_due_for_reminder, followup_for_board_meeting

# Items whose decision is carried out after the meeting (not the formalities, the elections
# that the register of roles already holds, nor information).
FOLLOWED_UP_KINDS = frozenset({ItemKind.MATTER, ItemKind.MOTION})


def decision_save(
    *, decision: Decision, user: User | None, responsible: Sequence[Person] | None = None
) -> Decision:
    """Enter or change a decision. The admin's form sets its people and papers after; other
    callers give those responsible here."""
    decision.full_clean(exclude=["responsible", "documents"])
    decision.changed_by = user
    decision.save()
    if responsible is not None:
        decision.responsible.set(responsible)
    return decision


@transaction.atomic
def decision_follow_up(
    *, decision: Decision, status: str, note: str, user: User | None
) -> Decision:
    """Those responsible (or staff) say how far the decision has come."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if status not in Decision.Status.values:
        raise ValidationError(_("Choose a status."))
    decision.status, decision.note, decision.changed_by = status, note.strip(), user
    decision.full_clean(exclude=["responsible", "documents"])
    decision.save()
    return decision


def decision_from_item(*, item: AgendaItem) -> Decision | None:
    """A decided matter or motion of an annual or members' meeting goes into the register, or
    its entry follows the item's wording while nobody has started on it."""
    if item.kind not in FOLLOWED_UP_KINDS or not item.decision.strip():
        return None
    entry = Decision.objects.filter(agenda_item=item).first()
    if entry is None:
        entry = Decision(meeting_id=item.meeting_id, agenda_item=item)
    elif entry.status != Decision.Status.NOT_STARTED:
        return entry
    entry.paragraph, entry.motion_id = item.position, item.motion_id
    entry.text = f"{item.title}\n\n{item.decision.strip()}"
    return decision_save(decision=entry, user=None)


def decision_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail those responsible (staff when nobody is) once per decision and deadline, when
    the deadline is ``DECISION_REMINDER_DAYS`` days away or nearer."""
    today = today or timezone.localdate()
    drafts = []
    for decision in decisions_due_for_reminder(today=today):
        people = [p for p in decision.responsible.all() if p.email]
        to = [(f"person:{p.pk}", p.email) for p in people] or [
            (f"user:{u.pk}", u.email) for u in staff_with_address()
        ]
        context = {
            "decision": decision,
            "days": (decision.deadline - today).days,
            "url": absolute_url(reverse("meetings:decision", args=[decision.pk])),
        }
        drafts += [
            render_draft(
                key=f"decision:{decision.pk}:deadline:{decision.deadline.isoformat()}:{who}",
                category="decision_deadline",
                to=address,
                template="meetings/email/decision_deadline",
                context=context,
                language=settings.LANGUAGE_CODE,
            )
            for who, address in to
        ]
    return outbox_queue(drafts=drafts)


def followup_to_papers(*, meeting: Meeting, user: User | None) -> MeetingDocument:
    """*Uppföljning av beslut* among a board meeting's papers: the register's open decisions
    and those done since the board last met, as of the meeting's day."""
    if meeting.type.code != meeting.type.Code.BOARD:
        raise ValidationError(_("The follow-up of decisions is a paper of a board meeting."))
    followup = followup_for_board_meeting(meeting=meeting)
    return document_made_save(
        meeting=meeting,
        made=MeetingDocument.Made.FOLLOWUP,
        title=swedish("Follow-up of decisions"),
        pdf=render_followup_pdf(followup=followup),
        user=user,
    )
