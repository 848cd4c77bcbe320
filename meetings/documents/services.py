"""Every write about meeting documents: adding a file, the portal's own PDFs, the minutes'
way from draft through adjusted to published."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budget.plan.outcome import outcome_years
from budget.plan.pdf import render_budget_pdf, render_outcome_pdf
from budget.plan.selectors import budget_table
from members.models import User

from ..models import Meeting
from .files import ACCEPTED, file_name, uploaded_file_kind
from .models import MeetingDocument

State = MeetingDocument.MinutesState


def swedish(message: str) -> str:
    """A title the portal gives a document it makes: in Swedish, whoever makes it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


def document_file_set(*, document: MeetingDocument, upload: UploadedFile) -> None:
    """Put an uploaded file on a document (not saved yet), checked by its content and size;
    a ValidationError in Swedish says why a file is refused."""
    kind = uploaded_file_kind(upload)
    document.file = upload
    document.filename = file_name(document.title or upload.name, kind)
    document.mimetype = kind.mimetype
    document.size = upload.size


def document_kind_follow(*, document: MeetingDocument) -> None:
    """Minutes start as a draft; a document that is not minutes has no minutes' state."""
    if document.is_minutes and not document.minutes_state:
        document.minutes_state = State.DRAFT
    elif not document.is_minutes:
        document.minutes_state, document.adjusters, document.adjusted_on = State.NONE, "", None
        document.published_at = None


def document_check(
    *, document: MeetingDocument | None, kind: str, upload: UploadedFile | None
) -> None:
    """What a form checks before a document is saved (``document``: as stored, None for a new
    one): the file by its content and size, and that adjusted or published minutes keep the
    file and kind that were adjusted. A ValidationError in Swedish says why."""
    if upload is not None:
        uploaded_file_kind(upload)
    frozen = document is not None and document.minutes_state in (State.ADJUSTED, State.PUBLISHED)
    if frozen and (upload is not None or kind != document.kind):
        raise ValidationError(
            _(
                "These minutes are adjusted: their file stays as it was adjusted. Add corrected "
                "minutes as a new document."
            )
        )


@transaction.atomic
def document_add(
    *, meeting: Meeting, kind: str, title: str, upload: UploadedFile, user: User | None
) -> MeetingDocument:
    document = MeetingDocument(meeting=meeting, kind=kind, title=title.strip(), added_by=user)
    document_file_set(document=document, upload=upload)
    document_kind_follow(document=document)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_update(
    *, document: MeetingDocument, kind: str, title: str, upload: UploadedFile | None
) -> MeetingDocument:
    """Change a document's kind or title, or give it a new file."""
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    document_check(document=document, kind=kind, upload=upload)
    document.kind, document.title = kind, title.strip()
    if upload is not None:
        document_file_set(document=document, upload=upload)
    document_kind_follow(document=document)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_made_save(
    *,
    meeting: Meeting,
    made: str,
    title: str,
    pdf: bytes,
    user: User | None,
    kind: str = MeetingDocument.Kind.PAPER,
) -> MeetingDocument:
    """Store a PDF the portal made among the meeting's documents (a paper unless ``kind`` says
    otherwise); made again, it replaces the earlier one (one of each per meeting). Minutes are
    a draft, and are not replaced once adjusted."""
    document = MeetingDocument.objects.select_for_update().filter(
        meeting=meeting, made=made
    ).first() or MeetingDocument(meeting=meeting, made=made, kind=kind)
    if kind == MeetingDocument.Kind.MINUTES:
        if document.minutes_state not in (State.NONE, State.DRAFT):
            raise ValidationError(_("The minutes are adjusted: they are not made anew."))
        document.minutes_state = State.DRAFT
    document.title, document.added_by = title, user
    document.filename = file_name(title, ACCEPTED["pdf"])
    document.mimetype, document.size = ACCEPTED["pdf"].mimetype, len(pdf)
    document.file.save(document.filename, ContentFile(pdf), save=False)
    document.save()
    return document


@transaction.atomic
def minutes_adjust(
    *, document: MeetingDocument, adjusters: str, on: datetime.date
) -> MeetingDocument:
    """Record that the named adjusters (justerare) adjusted the minutes on the day."""
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if document.minutes_state != State.DRAFT:
        raise ValidationError(_("Only minutes in draft can be adjusted."))
    if not adjusters.strip():
        raise ValidationError(_("Name the adjusters."))
    if on > timezone.localdate() or on < document.meeting.first_day:
        raise ValidationError(_("Minutes are adjusted after the meeting and not in the future."))
    document.minutes_state, document.adjusters, document.adjusted_on = (
        State.ADJUSTED,
        adjusters.strip(),
        on,
    )
    document.save()
    return document


@transaction.atomic
def minutes_publish(
    *, document: MeetingDocument, now: datetime.datetime | None = None
) -> MeetingDocument:
    """Publish adjusted minutes to every member."""
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if document.minutes_state != State.ADJUSTED:
        raise ValidationError(_("Minutes are published once they are adjusted."))
    document.minutes_state, document.published_at = State.PUBLISHED, now or timezone.now()
    document.save()
    return document


def budget_to_papers(*, meeting: Meeting, user: User | None) -> MeetingDocument:
    """NNS's budget, as the portal prints it, among the meeting's papers (made anew each time)."""
    table = budget_table()
    if not table.columns:
        raise ValidationError(_("No budget has been loaded yet."))
    return document_made_save(
        meeting=meeting,
        made=MeetingDocument.Made.BUDGET,
        title=swedish(gettext_noop("NNS's budget")),
        pdf=render_budget_pdf(table=table),
        user=user,
    )


def outcome_to_papers(*, meeting: Meeting, user: User | None) -> MeetingDocument:
    """*Utfall mot budget* of the year before the meeting (what an årsmöte is shown), among the
    meeting's papers (made anew each time)."""
    year = meeting.first_day.year - 1
    if year not in outcome_years():
        raise ValidationError(
            _("No bookkeeping file (SIE) of %(year)s has been imported yet.") % {"year": year}
        )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Outcome against budget %(year)s") % {"year": year}
    return document_made_save(
        meeting=meeting,
        made=MeetingDocument.Made.OUTCOME,
        title=title,
        pdf=render_outcome_pdf(year=year),
        user=user,
    )
