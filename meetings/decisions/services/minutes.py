"""The minutes of an annual or members' meeting, drafted from what it decided: the agenda,
the röstlängd at each vote, the proposals, each decision with its result, and reservations.
Staff edit the text; its PDF is the minutes' draft among the meeting's documents, which then
go the existing way (draft → adjusted → published)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import User

from ...documents.models import MeetingDocument
from ...documents.services import document_made_save
from ...models import Meeting
from ..models import MinutesText
from ..pdf import render_minutes_pdf
from ..selectors import minutes_text_of


@transaction.atomic
def minutes_draft(*, meeting: Meeting) -> MinutesText:
    """Draft the minutes' text from the meeting; refused once staff have a text (they edit
    it, or delete it to draft anew)."""
    if MinutesText.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("The minutes have a text already: edit it."))
    return MinutesText.objects.create(meeting=meeting, text=minutes_text_of(meeting=meeting))


@transaction.atomic
def minutes_text_save(*, minutes: MinutesText) -> MinutesText:
    """Staff's edit of the text; not once the minutes are adjusted."""
    adjusted = MeetingDocument.objects.filter(
        meeting=minutes.meeting, made=MeetingDocument.Made.MINUTES
    ).exclude(minutes_state=MeetingDocument.MinutesState.DRAFT)
    if adjusted.exists():
        raise ValidationError(_("The minutes are adjusted: their text no longer changes."))
    minutes.full_clean()
    minutes.save()
    return minutes


def minutes_to_document(*, meeting: Meeting, user: User | None) -> MeetingDocument:
    """The text's PDF as the minutes' draft among the meeting's documents (made anew until
    adjusted)."""
    minutes = MinutesText.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("Draft the minutes' text first."))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Minutes of %(meeting)s") % {"meeting": meeting.title}
    return document_made_save(
        meeting=meeting,
        made=MeetingDocument.Made.MINUTES,
        kind=MeetingDocument.Kind.MINUTES,
        title=title,
        pdf=render_minutes_pdf(meeting=meeting, text=minutes.text),
        user=user,
    )
