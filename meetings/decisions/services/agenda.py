"""Every write about a meeting's agenda: made from the standard agenda, renumbered after a
change, the item being dealt with, and the agenda among the papers as a PDF."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import User

from ...documents.models import MeetingDocument
from ...documents.services import document_made_save, swedish
from ...followup.services import decision_from_item
from ...models import Meeting, MeetingType
from ..choices import ItemKind
from ..live_cache import live_changed
from ..models import AgendaItem, AgendaTemplateItem, Poll
from ..pdf import render_agenda_pdf
from ..standard_agenda import STANDARD_AGENDA


def _term_starts_on(meeting: Meeting) -> datetime.date:
    """Those elected take up their roles the day after the meeting, unless staff say otherwise."""
    return meeting.last_day + datetime.timedelta(days=1)


def _motion_items(meeting: Meeting, title: str) -> list[AgendaItem]:
    """One item for each of the meeting's motions, with the board's proposal."""
    return [
        AgendaItem(
            meeting=meeting,
            position=0,
            title=f"{title}: {motion.number}. {motion.title}",
            kind=ItemKind.MOTION,
            motion=motion,
            proposal=(
                _("The board proposes: %(proposal)s.") % {"proposal": motion.get_proposal_display()}
                if motion.proposal
                else ""
            ),
        )
        for motion in meeting.motions.order_by("number")
    ]


def agenda_template_ensure() -> None:
    """The standard agenda, for a meeting type whose template is empty (a new database)."""
    for code, items in STANDARD_AGENDA.items():
        if AgendaTemplateItem.objects.filter(meeting_type=code).exists():
            continue
        AgendaTemplateItem.objects.bulk_create(
            AgendaTemplateItem(meeting_type=code, position=n, title=title, kind=kind,
                               proposal=proposal, role_kind=role, seats=seats)
            for n, (title, kind, proposal, role, seats) in enumerate(items, start=1)
        )  # fmt: skip


@transaction.atomic
def agenda_from_template(*, meeting: Meeting) -> list[AgendaItem]:
    """The standard agenda of the meeting's type, with an item for each motion where the
    template says "motions"; refused when the meeting already has an agenda."""
    meeting = Meeting.objects.select_for_update().select_related("type").get(pk=meeting.pk)
    if meeting.type.code not in MeetingType.VOTING:
        raise ValidationError(_("Only an annual or members' meeting has an agenda of items."))
    if meeting.agenda_items.exists():
        raise ValidationError(_("The meeting already has an agenda."))
    items = []
    for template in AgendaTemplateItem.objects.filter(meeting_type=meeting.type.code):
        if template.kind == ItemKind.MOTION:
            items += _motion_items(meeting, template.title)
            continue
        items.append(
            AgendaItem(
                meeting=meeting,
                position=0,
                title=template.title,
                kind=template.kind,
                proposal=template.proposal,
                role_kind=template.role_kind,
                seats=template.seats,
                term_starts_on=_term_starts_on(meeting) if template.role_kind else None,
            )
        )
    for number, item in enumerate(items, start=1):
        item.position = number
    return AgendaItem.objects.bulk_create(items)


@transaction.atomic
def agenda_renumber(*, meeting: Meeting, moved: AgendaItem | None = None) -> None:
    """Number the items 1, 2, 3 … in their order (after staff moved, added or removed one);
    an item just ``moved`` to a § goes before the one that had it."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting))
    items.sort(key=lambda item: (item.position, item.pk != getattr(moved, "pk", None), item.pk))
    for number, item in enumerate(items, start=1):
        item.position = number
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_save(*, item: AgendaItem) -> AgendaItem:
    """Add or change an item (staff, in the admin): put at the § staff gave it (before the
    item that had it), or last; the agenda is numbered anew."""
    if item.kind != ItemKind.ELECTION:
        item.role_kind, item.seats, item.term_starts_on, item.term_ends_on = "", None, None, None
    item.full_clean(exclude=["position", "documents"])
    if item.position is None:
        item.position = item.meeting.agenda_items.count() + 1
    item.save()
    agenda_renumber(meeting=item.meeting, moved=item)
    decision_from_item(item=item)
    live_changed(meeting_id=item.meeting_id)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Remove an item that nothing has been voted on."""
    if item.polls.exclude(status=Poll.Status.DRAFT).exists():
        raise ValidationError(_("The item has been voted on: it stays on the agenda."))
    item.polls.all().delete()
    meeting = item.meeting
    item.delete()
    agenda_renumber(meeting=meeting)


@transaction.atomic
def agenda_item_make_current(*, item: AgendaItem | None, meeting: Meeting) -> None:
    """The item the meeting is dealing with now (what members' phones and the projector show);
    None: between items."""
    AgendaItem.objects.filter(meeting=meeting, current=True).update(current=False)
    if item is not None:
        AgendaItem.objects.filter(pk=item.pk, meeting=meeting).update(current=True)
    live_changed(meeting_id=meeting.pk)


def agenda_to_papers(*, meeting: Meeting, user: User | None) -> MeetingDocument:
    """The agenda (dagordning), as the portal prints it, among the meeting's documents."""
    items = list(meeting.agenda_items.prefetch_related("documents"))
    if not items:
        raise ValidationError(_("The meeting has no agenda yet."))
    return document_made_save(
        meeting=meeting,
        made=MeetingDocument.Made.AGENDA,
        kind=MeetingDocument.Kind.AGENDA,
        title=swedish("Agenda"),
        pdf=render_agenda_pdf(meeting=meeting, items=items),
        user=user,
    )
