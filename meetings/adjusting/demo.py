"""Minutes adjusted online in the demo: the board meeting of 20 August 2026, whose draft one
adjuster sent back, was revised, approved by the chair and both adjusters as version 2, and
published sealed."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Person

from ..annual.pdf import render_document_pdf
from ..documents.models import MeetingDocument
from ..documents.services import document_add, document_update
from ..models import Meeting, MeetingType
from . import services

DAY = datetime.date(2026, 8, 20)
TITLE = "Protokoll styrelsemöte 2026-08-20"
PARAGRAPHS = [
    "Protokoll fört vid NNS styrelsemöte den 2026-08-20, digitalt.",
    "§ 1 Mötet öppnas. § 2 Dagordningen fastställs. § 3 Föregående protokoll läggs till "
    "handlingarna.",
    "§ 4 Ekonomisk rapport per juli. Utfallet följer budgeten.",
    "§ 5 Höstkonferensen: programmet fastställs. § 6 Mötet avslutas.",
]
SENT_BACK = "§ 4: skriv att rapporten lades till handlingarna."


def _pdf(paragraphs: list[str]) -> SimpleUploadedFile:
    pdf = render_document_pdf(title=TITLE, paragraphs=paragraphs)
    return SimpleUploadedFile("protokoll.pdf", pdf, "application/pdf")


def _person(first: str, last: str) -> Person | None:
    return Person.objects.filter(first_name=first, last_name=last).exclude(email="").first()


def _answer(document: MeetingDocument, person: Person, *, comment: str = "") -> None:
    services.minutes_answer(
        document=document,
        person=person,
        approve=not comment,
        comment=comment,
        sha256_read=document.versions.order_by("-number").first().sha256,
        login_method=f"en kod skickad till {person.email}",
        user=person.user,
    )


def load() -> None:
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(DAY, datetime.time(), tz)
    meeting = Meeting.objects.filter(
        type__code=MeetingType.Code.BOARD,
        starts_at__gte=start,
        starts_at__lt=start + datetime.timedelta(days=1),
    ).first()
    chair = _person("Margareta", "Ekström")
    adjusters = [_person("Thomas", "Nordin"), _person("Cecilia", "Hedlund")]
    if (
        meeting is None
        or None in (chair, *adjusters)
        or meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).exists()
    ):
        return
    document = document_add(
        meeting=meeting,
        kind=MeetingDocument.Kind.MINUTES,
        title=TITLE,
        upload=_pdf(PARAGRAPHS),
        user=None,
    )
    services.minutes_round_start(document=document, chair=chair, adjusters=adjusters, user=None)
    _answer(document, adjusters[0])
    _answer(document, adjusters[1], comment=SENT_BACK)
    revised = [
        *PARAGRAPHS[:2],
        PARAGRAPHS[2] + " Rapporten läggs till handlingarna.",
        PARAGRAPHS[3],
    ]
    document_update(
        document=document, kind=MeetingDocument.Kind.MINUTES, title=TITLE, upload=_pdf(revised)
    )
    services.minutes_round_start(document=document, chair=chair, adjusters=adjusters, user=None)
    for person in (*adjusters, chair):
        _answer(document, person)
    services.minutes_publish_sealed(document=document)
