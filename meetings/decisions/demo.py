"""Decisions in the demo: the 2019 annual meeting as ``004_…txt`` tells it (Södra Dalarna's
motion adopted by a vote), the 2026 members' meeting deciding the business plan and the 2027
budget (its minutes drafted from it, adjusted and published), and the 2027 annual meeting
with the nomination committee's proposal and an election with more candidates than seats.
Loaded after the annual cycle's demo (its members' meeting, roll call and motions)."""

import datetime

from django.utils import timezone

from members.models import Association, Person, Role

from ..annual.models import Motion, RollCallEntry
from ..documents.services import minutes_adjust, minutes_publish
from ..models import Meeting, MeetingDelegate, MeetingType
from ..services import meeting_times
from . import services
from .choices import ItemKind
from .models import AgendaItem, Poll, PollVoter

WELFARE_MOTION_2019 = (
    "Politisk samordning i den finansiella samordningen",
    """Två samordningsförbund har utökat sina förbundsordningar med ändamål som att bidra till
systemutveckling, att vara en arena för kunskapsutveckling och ett stöd för utvecklingen av
ordinarie verksamhetsstrukturer, utan att begränsa arbetet till förbundets ekonomiska ramar.

Vi yrkar att NNS verkar för att återföra politisk samordning till den finansiella
samordningen och utreder vidare vad detta betyder för förbunden.""",
    """Styrelsen ser frågan som viktig för förbundens utveckling och föreslår att en arbetsgrupp
bildas för att utreda den och återkomma till styrelsen med rekommendationer.""",
)
OPENINGS = {
    "Mötets öppnande": "Ordföranden förklarade mötet öppnat.",
    "Val av ordförande för mötet": "Till mötesordförande valdes {chair}.",
    "Val av sekreterare för mötet": "Till mötessekreterare valdes NNS tjänstepersonsstöd.",
    "Val av två justerare tillika rösträknare": (
        "Till justerare tillika rösträknare valdes {adjusters}."
    ),
    "Mötets avslutande": (
        "Ordföranden tackade för ett väl genomfört möte och förklarade det avslutat."
    ),
}
# The nomination committee's proposal for 2027, and a name nominated by a member.
PROPOSAL_2027 = {
    "Val av ordförande": [("Margareta", "Ekström")],
    "Val av styrelseledamöter": [
        ("Thomas", "Nordin"), ("Cecilia", "Hedlund"), ("Annika", "Holmgren"),
        ("Johan", "Berglund"),
    ],
    "Val av revisorer": [("Birgitta", "Wallin"), ("Lars", "Öhman")],
    "Val av valberedning": [("Eva", "Lindqvist"), ("Mats", "Persson"), ("Sara", "Nyström")],
}  # fmt: skip
NOMINATED_2027 = (
    "Val av styrelseledamöter",
    ("Helena", "Forsberg"),
    "Samordningsförbundet Södra Dalarna",
)


def _person(first: str, last: str) -> Person:
    person = Person.objects.filter(first_name=first, last_name=last).first()
    return person or Person.objects.create(first_name=first, last_name=last)


def _check_in(meeting: Meeting, how_many: int) -> list[RollCallEntry]:
    """The chairs of the first ``how_many`` member associations as delegates, present."""
    day = meeting.first_day
    chairs = (
        Role.objects.filter(
            kind=Role.Kind.CHAIR, association__in=Association.objects.members_on(day)
        )
        .select_related("association", "person")
        .order_by("association__name")[:how_many]
    )
    entries = []
    for role in chairs:
        MeetingDelegate.objects.update_or_create(
            meeting=meeting, association=role.association, defaults={"person": role.person}
        )
        entries.append(
            RollCallEntry.objects.update_or_create(
                meeting=meeting,
                association=role.association,
                defaults={"person": role.person, "checked_in_at": meeting.starts_at},
            )[0]
        )
    return entries


def _opening(meeting: Meeting, items: list[AgendaItem], chair: str, adjusters: str) -> None:
    """The formalities: said in the minutes, or decided as proposed by acclamation."""
    for item in items:
        if item.title in OPENINGS:
            item.decision = OPENINGS[item.title].format(chair=chair, adjusters=adjusters)
            services.agenda_item_save(item=item)
        elif item.kind in (ItemKind.FORMALITY, ItemKind.MATTER) and item.proposal:
            _acclaim(item, meeting)


def _acclaim(item: AgendaItem, meeting: Meeting) -> None:
    poll = services.poll_create(item=item, method=Poll.Method.ACCLAMATION)
    yes = poll.options.exclude(abstain=True).order_by("position").first()
    services.poll_acclaim(poll=poll, chosen=[yes.pk], now=meeting.starts_at)


def _vote(item: AgendaItem, meeting: Meeting, *, against: int, abstain: int, at: int) -> Poll:
    """An open vote, ``at`` minutes into the meeting's tenth hour: the last voters vote
    against or abstain, the rest for the first option."""
    at_time = meeting.starts_at + datetime.timedelta(hours=10, minutes=at)
    poll = services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.OPEN), now=at_time
    )
    options = list(poll.options.order_by("position"))
    yes, no, blank = options[0].pk, options[1].pk, options[-1].pk
    voters = list(PollVoter.objects.filter(poll=poll).order_by("pk"))
    marks = [yes] * (len(voters) - against - abstain) + [no] * against + [blank] * abstain
    for voter, mark in zip(voters, marks, strict=True):
        services.ballot_cast(voter=voter, choices=[mark])
    return services.poll_close(poll=poll, now=at_time + datetime.timedelta(minutes=4))


def _minutes_published(meeting: Meeting, adjusters: str) -> None:
    services.minutes_draft(meeting=meeting)
    document = services.minutes_to_document(meeting=meeting, user=None)
    adjusted_on = min(meeting.last_day + datetime.timedelta(days=7), timezone.localdate())
    minutes_adjust(document=document, adjusters=adjusters, on=adjusted_on)
    minutes_publish(
        document=document,
        now=datetime.datetime.combine(adjusted_on, datetime.time(9), meeting.starts_at.tzinfo),
    )


def _annual_2019() -> None:
    starts_at, ends_at, all_day = meeting_times(first_day=datetime.date(2019, 4, 25))
    meeting, _new = Meeting.objects.get_or_create(
        type=MeetingType.objects.get(code=MeetingType.Code.ANNUAL),
        title="Årsmöte 2019",
        starts_at=starts_at,
        defaults={"ends_at": ends_at, "all_day": all_day, "place": "Stockholm"},
    )
    author = Association.objects.filter(name__contains="Södra Dalarna").first()
    if meeting.agenda_items.exists() or author is None:
        return
    title, text, statement = WELFARE_MOTION_2019
    Motion.objects.create(
        meeting=meeting, number=1, association=author, title=title, text=text,
        submitted_at=datetime.datetime(2019, 2, 12, 12, 0, tzinfo=starts_at.tzinfo),
        statement=statement, proposal=Motion.Proposal.APPROVE,
    )  # fmt: skip
    entries = _check_in(meeting, 24)
    items = services.agenda_from_template(meeting=meeting)
    _opening(meeting, items, "Ola Andersson", "Irma Görtz och Jonas Wells")
    for item in items:
        if item.kind == ItemKind.ELECTION:
            item.decision = "Valberedningens förslag antogs."
            services.agenda_item_save(item=item)
        elif item.kind == ItemKind.MOTION:
            _vote(item, meeting, against=3, abstain=1, at=len(entries))
            item.refresh_from_db()
            item.decision += (
                "\n\nEn arbetsgrupp bildas under ledning av Ola Andersson, med Irma Görtz, "
                "Patrik Engström, Jonas Wells, Peter Johansson och Mikael Holmlund."
            )
            services.agenda_item_save(item=item)
    _minutes_published(meeting, "Irma Görtz och Jonas Wells")


def _members_meeting_2026() -> None:
    meeting = Meeting.objects.filter(
        type__code=MeetingType.Code.MEMBERS, starts_at__year=2026, starts_at__month=11
    ).first()
    if meeting is None or meeting.agenda_items.exists():
        return
    items = services.agenda_from_template(meeting=meeting)
    _opening(meeting, items, "Margareta Ekström", "Per Holm och Lena Sjöberg")
    for item in items:
        if item.title.startswith("Budget"):
            # Most for, two against, one abstained: the 2027 budget is adopted.
            _vote(item, meeting, against=2, abstain=1, at=30)
    _minutes_published(meeting, "Per Holm och Lena Sjöberg")


def _annual_2027() -> None:
    meeting = Meeting.objects.filter(
        type__code=MeetingType.Code.ANNUAL, starts_at__year=2027
    ).first()
    if meeting is None or meeting.agenda_items.exists():
        return
    items = {item.title: item for item in services.agenda_from_template(meeting=meeting)}
    for title, people in PROPOSAL_2027.items():
        for first, last in people:
            services.candidate_add(
                item=items[title], person=_person(first, last), by_nomination_committee=True
            )
    title, (first, last), by = NOMINATED_2027
    services.candidate_add(item=items[title], person=_person(first, last), nominated_by=by)
    services.agenda_to_papers(meeting=meeting, user=None)


def load() -> None:
    services.agenda_template_ensure()
    _annual_2019()
    _members_meeting_2026()
    _annual_2027()
