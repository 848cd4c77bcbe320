"""The decision register in the demo: the 2019 annual meeting's decision on Södra Dalarna's
motion carried out by its working group (as ``004_…txt`` tells it) and done, the
annual and members' meetings' other decisions closed, and two open decisions of the board's latest
meetings, one of them past its deadline. Loaded after the decisions' demo, whose votes put
the annual and members' meetings' decisions in the register."""

import datetime

from django.utils import timezone

from members.models import Person

from ..models import Meeting, MeetingType
from . import services
from .models import Decision

WORKING_GROUP_2019 = "Arbetsgruppen för politisk samordning"
MEMBERS_2019 = [
    ("Ola", "Andersson"), ("Irma", "Görtz"), ("Jonas", "Wells"), ("Peter", "Johansson"),
    ("Mikael", "Holmlund"),
]  # fmt: skip
REPORT_2019 = (
    "Två presentationer vid NNS höstkonferens 2019 och ordförandedagen i januari 2020, och två "
    "workshoppar (15 juni och 2 oktober). Underlag: rapporten ”Vad kan ’politisk och finansiell "
    "samordning’ betyda?”. Arbetsgruppen har lämnat sina rekommendationer till styrelsen."
)
BOARD_2026 = [
    (
        "Styrelsen uppdrar åt Thomas Nordin att ta fram ett förslag till rutin för hur "
        "förbundens e-fakturor tas emot och följs upp, till styrelsens nästa möte.",
        -12,
        Decision.Status.IN_PROGRESS,
        "Utkast skickat till kansliet för synpunkter.",
    ),
    (
        "Styrelsen uppdrar åt Thomas Nordin att planera områdesträffarna våren 2027 "
        "tillsammans med områdenas kontaktpersoner.",
        10,
        Decision.Status.NOT_STARTED,
        "",
    ),
]


def _person(first: str, last: str) -> Person:
    person = Person.objects.filter(first_name=first, last_name=last).first()
    return person or Person.objects.create(first_name=first, last_name=last)


def _welfare_motion_2019() -> None:
    decision = Decision.objects.filter(
        meeting__starts_at__year=2019, motion__isnull=False, working_group=""
    ).first()
    if decision is None:
        return
    decision.working_group = WORKING_GROUP_2019
    decision.deadline = datetime.date(2020, 4, 30)
    services.decision_save(
        decision=decision, user=None, responsible=[_person(*name) for name in MEMBERS_2019]
    )
    services.decision_follow_up(
        decision=decision,
        status=Decision.Status.IN_PROGRESS,
        note="Arbetsgruppen har bildats under ledning av Ola Andersson.",
        user=None,
    )
    services.decision_follow_up(
        decision=decision, status=Decision.Status.DONE, note=REPORT_2019, user=None
    )


def _settled_at_the_meeting() -> None:
    """The annual and members' meetings' other decisions (the accounts, the discharge, the
    budget) need nothing more: staff close them."""
    for decision in Decision.objects.filter(
        meeting__type__code__in=MeetingType.VOTING,
        status=Decision.Status.NOT_STARTED,
        responsible__isnull=True,
    ):
        services.decision_follow_up(
            decision=decision,
            status=Decision.Status.CLOSED,
            note="Beslutet kräver ingen vidare åtgärd.",
            user=None,
        )


def _board_2026() -> None:
    # A month back at least, so that a deadline 12 days ago came after the meeting.
    now = timezone.now()
    meeting = (
        Meeting.objects.filter(
            type__code=MeetingType.Code.BOARD,
            starts_at__year=2026,
            starts_at__lt=now - datetime.timedelta(days=30),
        )
        .order_by("-starts_at")
        .first()
    )
    responsible = Person.objects.filter(first_name="Thomas", last_name="Nordin").first()
    if meeting is None or responsible is None or meeting.decisions.exists():
        return
    today = timezone.localdate(now)
    for paragraph, (text, days, status, note) in enumerate(BOARD_2026, start=6):
        services.decision_save(
            decision=Decision(
                meeting=meeting,
                paragraph=paragraph,
                text=text,
                deadline=today + datetime.timedelta(days=days),
                status=status,
                note=note,
            ),
            user=None,
            responsible=[responsible],
        )


def load() -> None:
    _welfare_motion_2019()
    _settled_at_the_meeting()
    _board_2026()
