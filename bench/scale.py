"""A register at national scale and beyond, for the benchmarks in ``bench/``.

``load_scale(associations=2000)`` gives 2,000 member associations with ten people each
(20,000 people in the roles of an association), the NNS board, 600 meetings in the current
year with the invitations that the audience rules give for the chairs', annual, members' and
monthly meetings, ten years of invoices (20,000) with their payments, a total budget per
association and year, board letters and NNS's budget.

Rows are written in bulk, not one service call at a time, so that 20,000 invoices take
seconds; they are built by the services' own functions
(``budget.invoicing.services.invoice_draft`` and ``invoice_number``,
``meetings.audience.audience``). Only the invitation e-mails are left out: the benchmarks
send their own.
"""

import datetime
import itertools
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from budget.demo import BOOKKEEPING_FILES, DEMO_SELLER
from budget.invoicing.services import invoice_draft, invoice_number
from budget.models import FeeSchedule, Invoice, InvoiceLine, InvoiceSeries, Payment
from budget.plan.account_ranges import account_ranges_load_demo
from budget.plan.outcome_import import sie_import
from budget.plan.services import budget_import
from meetings.audience import audience
from meetings.models import Invitation, Letter, Meeting, MeetingType
from members.demo import demo_org_number
from members.models import Area, AreaContact, Association, AssociationYear, Person, Role, User

STOCKHOLM = timezone.get_default_timezone()
FIRST_FEE_YEAR_OFFSET = 9  # invoices for the current year and the nine before it
JOINED = datetime.date(2010, 1, 1)
ROLE_KINDS = [
    Role.Kind.CHAIR,
    Role.Kind.VICE_CHAIR,
    Role.Kind.DIRECTOR,
    Role.Kind.DELEGATE,
    Role.Kind.BOARD_MEMBER,
    Role.Kind.BOARD_MEMBER,
    Role.Kind.DEPUTY,
    Role.Kind.DEPUTY,
    Role.Kind.OFFICER,
    Role.Kind.INVOICE_CONTACT,
]
FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson"]
# Meetings of the year by type; area meetings make up the rest of the 600.
MEETINGS_OF_TYPE = {
    MeetingType.Code.BOARD: 10,
    MeetingType.Code.PLANNING: 1,
    MeetingType.Code.CONSTITUTIVE: 1,
    MeetingType.Code.AUDIT: 2,
    MeetingType.Code.MONTHLY: 11,
    MeetingType.Code.CHAIRS: 4,
    MeetingType.Code.ANNUAL: 1,
    MeetingType.Code.MEMBERS: 1,
}
INVITED_TYPES = {
    MeetingType.Code.MONTHLY,
    MeetingType.Code.CHAIRS,
    MeetingType.Code.ANNUAL,
    MeetingType.Code.MEMBERS,
}
BATCH = 5000

# Logins for the benchmarks: staff, and the chair of the first association.
STAFF_EMAIL = "kansli@skala.example"
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CHAIR_EMAIL = "person.1.1@skala.example"


def load_scale(*, associations: int, meetings: int = 600, today: datetime.date) -> dict[str, int]:
    """Fill an empty database; returns how many rows of each kind were made."""
    with transaction.atomic():
        if Association.objects.exists():
            raise ValueError(
                "Databasen har redan förbund: skaldata läses bara in i en tom databas."
            )
        registry = _register(associations, today)
        people = _people(registry)
        _nns(today)
        made = _meetings(meetings, today)
        invoices = _invoices(registry, today)
        budget_import()
        _outcome()
    return {
        "förbund": len(registry),
        "personer": people,
        "möten": made["meetings"],
        "inbjudningar": made["invitations"],
        "fakturor": invoices,
    }


def _outcome() -> None:
    """NNS's bookkeeping of the demo: its accounts of the budget lines and its 2026 file."""
    account_ranges_load_demo()
    path = BOOKKEEPING_FILES[-1]
    sie_import(name=path.name, content=path.read_bytes(), user=None)


def _register(count: int, today: datetime.date) -> list[Association]:
    areas = list(Area.objects.order_by("pk"))
    Association.objects.bulk_create(
        Association(
            name=f"Samordningsförbundet Skala {n:04d}",
            org_number=demo_org_number(n),
            area=areas[n % len(areas)],
            street_address=f"Storgatan {n % 90 + 1}",
            postal_code=f"{10000 + n * 7 % 89999:05d}",
            city=f"Skalby {n % 300}",
            email=f"forbund{n}@skala.example",
            invoice_reference=f"SKALA{n:04d}",
            region=f"Region {n % 21}",
            municipalities=", ".join(f"Kommun {n}-{k}" for k in range(1, n % 5 + 2)),
            joined_on=JOINED,
        )
        for n in range(1, count + 1)
    )
    registry = list(Association.objects.order_by("pk"))
    years = range(today.year - FIRST_FEE_YEAR_OFFSET, today.year + 2)
    AssociationYear.objects.bulk_create(
        (
            AssociationYear(
                association=association,
                year=year,
                total_budget=Decimal(3_000_000 + (n * 7919 % 270) * 100_000 + year % 10 * 1000),
                takes_part_in_indicators=n % 3 == 0,
            )
            for n, association in enumerate(registry, start=1)
            for year in years
        ),
        batch_size=BATCH,
    )
    return registry


def _people(registry: list[Association]) -> int:
    people = [
        Person(
            first_name=FIRST_NAMES[(n + k) % len(FIRST_NAMES)],
            last_name=LAST_NAMES[(n * 3 + k) % len(LAST_NAMES)],
            email=f"person.{n}.{k}@skala.example",
        )
        for n in range(1, len(registry) + 1)
        for k in range(1, len(ROLE_KINDS) + 1)
    ]
    Person.objects.bulk_create(people, batch_size=BATCH)
    Role.objects.bulk_create(
        (
            Role(
                person=person,
                association=registry[i // len(ROLE_KINDS)],
                kind=kind,
                starts_on=JOINED,
            )
            for i, (person, kind) in enumerate(zip(people, itertools.cycle(ROLE_KINDS)))
        ),
        batch_size=BATCH,
    )
    chair = people[0]
    chair.user = User.objects.create_user(email=chair.email)
    chair.save(update_fields=["user"])
    return len(people)


def _nns(today: datetime.date) -> None:
    staff = User.objects.create_user(email=STAFF_EMAIL, is_staff=True, is_superuser=True)
    TOTP.activate(staff, STAFF_TOTP_SECRET)  # a staff login must have a second factor
    board = [
        Person.objects.create(
            first_name="Styrelse", last_name=f"Ledamot {n}", email=f"styrelse{n}@nns.example"
        )
        for n in range(1, 10)
    ]
    Role.objects.bulk_create(
        Role(
            person=person,
            kind=Role.Kind.NNS_CHAIR if n == 0 else Role.Kind.NNS_BOARD_MEMBER,
            starts_on=datetime.date(today.year, 4, 15),
        )
        for n, person in enumerate(board)
    )
    Person.objects.create(
        first_name="Kansli", last_name="NNS", email=STAFF_EMAIL, user=staff
    ).roles.create(kind=Role.Kind.NNS_STAFF, starts_on=JOINED)
    AreaContact.objects.bulk_create(
        AreaContact(area=area, person=board[n + 1], starts_on=datetime.date(today.year, 4, 15))
        for n, area in enumerate(Area.objects.order_by("pk"))
    )


def _meetings(count: int, today: datetime.date) -> dict[str, int]:
    types = {t.code: t for t in MeetingType.objects.all()}
    areas = list(Area.objects.order_by("pk"))
    codes = [code for code, n in MEETINGS_OF_TYPE.items() for _ in range(n)]
    codes += [MeetingType.Code.AREA] * (count - len(codes))
    start = datetime.date(today.year, 1, 8)
    meetings = []
    for n, code in enumerate(codes):
        day = start + datetime.timedelta(days=n * 350 // len(codes))
        meeting_type = types[code]
        begins = meeting_type.default_start or datetime.time(9)
        starts_at = datetime.datetime.combine(day, begins, STOCKHOLM)
        meetings.append(
            Meeting(
                type=meeting_type,
                title=f"{meeting_type.get_code_display()} {n + 1}",
                starts_at=starts_at,
                ends_at=datetime.datetime.combine(
                    day, meeting_type.default_end or datetime.time(16), STOCKHOLM
                ),
                place="Digitalt",
                area=areas[n % len(areas)] if code == MeetingType.Code.AREA else None,
                invitations_sent_at=starts_at - datetime.timedelta(days=30),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    invitations = 0
    for meeting in Meeting.objects.filter(type__code__in=INVITED_TYPES).select_related("type"):
        rows = [
            Invitation(
                meeting=meeting,
                person_id=invitee.person_id,
                association_id=invitee.association_id,
                capacity=invitee.capacity,
            )
            for invitee in audience(meeting=meeting, on=meeting.invitations_sent_at.date())
        ]
        Invitation.objects.bulk_create(rows, batch_size=BATCH)
        invitations += len(rows)
    board_meetings = Meeting.objects.filter(
        type__code=MeetingType.Code.BOARD, starts_at__date__lt=today
    ).order_by("starts_at")
    Letter.objects.bulk_create(
        Letter(
            board_meeting=meeting,
            title=f"Brev från NNS styrelse {meeting.starts_at:%Y-%m-%d}",
            body="Hej alla medlemmar!\n\n## Från styrelsemötet\n\n- Budgeten följs upp.",
            status=Letter.Status.SENT,
            sent_at=meeting.ends_at + datetime.timedelta(days=2),
        )
        for meeting in board_meetings
    )
    return {"meetings": len(meetings), "invitations": invitations}


def _schedules(years: range) -> dict[int, FeeSchedule]:
    for year in years:
        FeeSchedule.objects.get_or_create(
            year=year,
            defaults={
                "membership_fee": Decimal(200),
                "service_fee_per_mille": Decimal("3.5") if year >= 2024 else Decimal("2.0"),
            },
        )
    FeeSchedule.objects.filter(year__in=years).update(indicator_fee=Decimal(4700), **DEMO_SELLER)
    return {schedule.year: schedule for schedule in FeeSchedule.objects.filter(year__in=years)}


def _invoices(registry: list[Association], today: datetime.date) -> int:
    """Each association's invoice of each of ten years, issued on 2 February; the past paid."""
    years = range(today.year - FIRST_FEE_YEAR_OFFSET, today.year + 1)
    schedules = _schedules(range(years.start, years.stop + 1))  # and next year's, for a run
    budgets = {
        (row.association_id, row.year): row
        for row in AssociationYear.objects.filter(year__in=years)
    }
    total = 0
    for year in years:
        schedule = schedules[year]
        issued_on = datetime.date(year, 2, 2)
        invoices, lines = [], []
        for sequence, association in enumerate(registry, start=1):
            invoice, invoice_lines = invoice_draft(
                association=association,
                schedule=schedule,
                year=budgets[association.pk, year],
                number=invoice_number(series_year=year, sequence=sequence, issued_on=issued_on),
                issued_by="load_scale",
            )
            invoices.append(invoice)
            lines.extend(invoice_lines)
        Invoice.objects.bulk_create(invoices, batch_size=BATCH)
        InvoiceLine.objects.bulk_create(lines, batch_size=BATCH)
        InvoiceSeries.objects.create(
            year=year, last_sequence=len(invoices), last_issued_on=issued_on
        )
        paid = [i for n, i in enumerate(invoices) if year < today.year or n % 10]
        Payment.objects.bulk_create(
            (
                Payment(
                    invoice=i,
                    paid_on=issued_on + datetime.timedelta(days=20),
                    amount=i.total_amount,
                )
                for i in paid
            ),
            batch_size=BATCH,
        )
        total += len(invoices)
    return total
