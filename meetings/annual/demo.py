"""The annual cycle in the demo: the 2027 annual meeting with its deadlines, two motions (one
after Södra Dalarna's motion of 2019 in the seeds) answered by the board, and its papers; the
2026 members' meeting with its roll call (its decisions and minutes: decisions/demo.py); and
the published minutes of two board meetings. Loaded after the budget, which is one of the papers."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Association, Role

from ..documents.models import MeetingDocument
from ..documents.services import budget_to_papers, document_add, minutes_adjust, minutes_publish
from ..models import Meeting, MeetingDelegate, MeetingType
from . import services
from .models import Motion, RollCallEntry
from .pdf import render_document_pdf

WELFARE_MOTION = (
    "Samordningsförbundens välfärdsuppdrag – fortsatt arbete",
    """Inför årsmötet 2019 föreslog Södra Dalarna att NNS skulle verka för att återföra politisk
samordning till den finansiella samordningen. Årsmötet antog motionen och en arbetsgrupp bildades.

Arbetsgruppen rekommenderar att förbunden förtydligar ändamålsparagrafen i förbundsordningen,
att parternas samverkansuppdrag får ett tydligare genomslag i den verksamhet som förbunden
stödjer, och att arbetet fortsätter tillsammans med förbunden.

Vi yrkar att årsmötet ger styrelsen i uppdrag att under 2027 ta fram ett stöd för förbundens
arbete med förbundsordningen och att redovisa arbetet vid medlemsmötet i november.""",
    """Styrelsen delar motionärens syn: arbetsgruppens rekommendationer bör leda vidare. Ett stöd
för arbetet med förbundsordningen ryms i verksamhetsplanen för 2027.""",
    Motion.Proposal.APPROVE,
)
INDICATOR_MOTION = (
    "Gemensam redovisning av indikatorerna",
    """Förbunden redovisar sina indikatorer på olika sätt, vilket gör det svårt att jämföra.

Vi yrkar att NNS tar fram en gemensam mall för hur indikatorerna redovisas i årsredovisningen.""",
    """Styrelsen har redan påbörjat arbetet med en gemensam mall, som presenteras vid
ordförandeträffen i januari. Motionen anses därmed besvarad.""",
    Motion.Proposal.ANSWERED,
)
BOARD_MINUTES = [
    (datetime.date(2026, 9, 16), "Anna Berg och Jonas Ek"),
    (datetime.date(2026, 10, 14), "Maria Lund och Jonas Ek"),
]


def _meeting(code: str, day: datetime.date) -> Meeting | None:
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time(), tz)
    return (
        Meeting.objects.filter(type__code=code, starts_at__gte=start)
        .filter(starts_at__lt=start + datetime.timedelta(days=1))
        .select_related("type")
        .first()
    )


def _minutes(meeting: Meeting, adjusters: str) -> None:
    title = f"Protokoll {meeting.type} {meeting.first_day.isoformat()}"
    if meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).exists():
        return
    pdf = render_document_pdf(
        title=title,
        paragraphs=[
            f"Protokoll fört vid NNS {str(meeting.type).lower()} den {meeting.first_day:%Y-%m-%d}.",
            "§ 1 Mötet öppnas. § 2 Dagordningen fastställs. § 3 Föregående protokoll läggs till "
            "handlingarna. § 4 Ekonomisk rapport. § 5 Mötet avslutas.",
            f"Justerat av {adjusters}.",
        ],
    )
    document = document_add(
        meeting=meeting,
        kind=MeetingDocument.Kind.MINUTES,
        title=title,
        upload=SimpleUploadedFile("protokoll.pdf", pdf, "application/pdf"),
        user=None,
    )
    adjusted_on = min(meeting.first_day + datetime.timedelta(days=7), timezone.localdate())
    minutes_adjust(document=document, adjusters=adjusters, on=adjusted_on)
    minutes_publish(
        document=document,
        now=datetime.datetime.combine(
            adjusted_on, datetime.time(9), timezone.get_default_timezone()
        ),
    )


def _annual_2027() -> None:
    annual = _meeting(MeetingType.Code.ANNUAL, datetime.date(2027, 4, 7))
    if annual is None:
        return
    members = Association.objects.members_on(annual.first_day)
    authors = [
        members.filter(name__contains="Södra Dalarna").first(),
        members.exclude(name__contains="Södra Dalarna").order_by("name").first(),
    ]
    submitted = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=timezone.get_default_timezone())
    for number, (association, (title, text, statement, proposal)) in enumerate(
        zip(authors, [WELFARE_MOTION, INDICATOR_MOTION], strict=True), start=1
    ):
        if association is None:
            continue
        chair = Role.objects.filter(association=association, kind=Role.Kind.CHAIR).first()
        Motion.objects.update_or_create(
            meeting=annual,
            number=number,
            defaults={
                "association": association,
                "submitted_by": chair.person if chair else None,
                "title": title,
                "text": text,
                "submitted_at": submitted + datetime.timedelta(days=number),
                "statement": statement,
                "proposal": proposal,
            },
        )
    services.motions_to_papers(meeting=annual, user=None)
    budget_to_papers(meeting=annual, user=None)


def _members_meeting_2026() -> None:
    meeting = _meeting(MeetingType.Code.MEMBERS, datetime.date(2026, 11, 19))
    if meeting is None:
        return
    chairs = Role.objects.current_on(meeting.first_day).filter(
        kind=Role.Kind.CHAIR,
        association__in=Association.objects.members_on(meeting.first_day),
    )
    checked_in = meeting.starts_at + datetime.timedelta(minutes=5)
    # Most members came; every fourth one did not.
    for index, role in enumerate(chairs.select_related("association", "person").order_by("pk")):
        MeetingDelegate.objects.update_or_create(
            meeting=meeting, association=role.association, defaults={"person": role.person}
        )
        if index % 4 == 3:
            continue
        RollCallEntry.objects.update_or_create(
            meeting=meeting,
            association=role.association,
            defaults={
                "person": role.person,
                "attendance": RollCallEntry.Attendance.ON_SITE
                if index % 3
                else RollCallEntry.Attendance.ONLINE,
                "checked_in_at": checked_in,
            },
        )
    # Its agenda, votes and minutes: meetings/decisions/demo.py


def load() -> None:
    _annual_2027()
    _members_meeting_2026()
    for day, adjusters in BOARD_MINUTES:
        board = _meeting(MeetingType.Code.BOARD, day)
        if board is not None:
            _minutes(board, adjusters)
