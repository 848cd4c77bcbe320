"""Demo data of the member register, loaded by ``manage.py load_demo``.

Deterministic, so running it twice changes nothing. The 2024–2026 total budgets of the members
are scaled so that 3.5 per mille of them comes close to the service fees in NNS's plan.
"""

import datetime
import random
import unicodedata
from decimal import Decimal

from stdnum import luhn

from .demo_associations import ASSOCIATIONS
from .models import Area, AreaContact, Association, AssociationYear, Person, Role
from .services import person_save

STAFF_EMAIL = "kansli@nns.example"
CHAIR_EMAIL = "ordforande@ostergotland.example"
DIRECTOR_EMAIL = "forbundschef@ostergotland.example"
SERVICE_FEE_RATE = Decimal("0.0035")
# The plan's Serviceavgifter: 2024 outcome, 2025 budget, 2026 budget.
PLANNED_SERVICE_FEES = {
    2024: Decimal(2_007_991),
    2025: Decimal(1_794_449),
    2026: Decimal(1_732_849),
}

FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Kristina", "Per",
    "Lena", "Mikael", "Sara", "Magnus", "Ingrid", "Jonas", "Helena", "Fredrik", "Åsa", "Mats",
    "Camilla", "Henrik", "Linnea", "Ola", "Malin", "Björn", "Sofia", "Göran", "Elin", "Nils",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Lindqvist", "Berglund", "Fredriksson",
    "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson",
    "Lundgren", "Håkansson", "Björk", "Bergström", "Holm", "Nyström", "Öberg", "Åberg",
]  # fmt: skip
NNS_BOARD = [
    ("Margareta", "Ekström", Role.Kind.NNS_CHAIR, ["ost"]),
    ("Thomas", "Nordin", Role.Kind.NNS_BOARD_MEMBER, ["ost"]),
    ("Cecilia", "Hedlund", Role.Kind.NNS_BOARD_MEMBER, ["syd"]),
    ("Patrik", "Strand", Role.Kind.NNS_BOARD_MEMBER, ["syd"]),
    ("Annika", "Holmgren", Role.Kind.NNS_BOARD_MEMBER, ["vast"]),
    ("Stefan", "Lund", Role.Kind.NNS_BOARD_MEMBER, ["vast"]),
    ("Ulrika", "Sundqvist", Role.Kind.NNS_BOARD_MEMBER, ["nord"]),
    ("Peter", "Isaksson", Role.Kind.NNS_BOARD_MEMBER, ["nord"]),
]
BOARD_TERM_START = datetime.date(2026, 4, 15)


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in plain).strip("-").replace("--", "-")


def demo_org_number(index: int) -> str:
    """A valid organisation number of a samordningsförbund (they begin with 2)."""
    stem = f"222{index:06d}"
    return stem + luhn.calc_check_digit(stem)


def _person(first: str, last: str, email: str, phone: str) -> Person:
    person = Person.objects.filter(email__iexact=email).first() or Person(email=email)
    person.first_name, person.last_name, person.phone = first, last, phone
    return person_save(person=person)


def _role(person: Person, kind: str, association: Association | None, starts: datetime.date,
          ends: datetime.date | None = None) -> None:  # fmt: skip
    Role.objects.update_or_create(
        person=person, kind=kind, association=association, starts_on=starts,
        defaults={"ends_on": ends},
    )  # fmt: skip


def _budgets(associations: list[Association]) -> None:
    rng = random.Random(2026)
    weights = [Decimal(rng.randint(30, 400)) for _ in associations]
    members = [a for a in associations if a.joined_on]
    member_weight = sum(w for a, w in zip(associations, weights, strict=True) if a.joined_on)
    for year, fees in PLANNED_SERVICE_FEES.items():
        total = fees / SERVICE_FEE_RATE
        for index, (association, weight) in enumerate(zip(associations, weights, strict=True)):
            budget = (total * weight / member_weight).quantize(Decimal(1000))
            if year == 2026 and association not in members:
                continue  # non-members report no budget for the coming year
            AssociationYear.objects.update_or_create(
                association=association,
                year=year,
                defaults={"total_budget": budget, "takes_part_in_indicators": index % 4 != 0},
            )


def _invoicing(index: int, slug: str) -> dict[str, str]:
    """Most have a buyer reference, some an order number; some want e-invoices (only those
    with a reference, which an e-invoice needs)."""
    reference = "" if index % 6 == 0 else f"{slug[:4].upper()}{4700 + index}"
    channel = Association.InvoiceChannel.EMAIL
    if reference and index % 5 == 1:
        channel = Association.InvoiceChannel.EINVOICE
    elif reference and index % 5 == 2:
        channel = Association.InvoiceChannel.BOTH
    return {
        "invoice_reference": reference,
        "invoice_order_number": f"IO-{index:04d}" if index % 3 == 0 else "",
        "invoice_channel": channel,
    }


def _register() -> list[Association]:
    areas = {area.code: area for area in Area.objects.all()}
    associations = []
    for index, (name, area, region, municipalities, member) in enumerate(ASSOCIATIONS, start=1):
        slug = ascii_slug(name.removeprefix("Samordningsförbundet "))
        city = municipalities.split(",")[0]
        association, _created = Association.objects.update_or_create(
            org_number=demo_org_number(index),
            defaults={
                "name": name,
                "area": areas[area],
                "region": region,
                "municipalities": municipalities,
                "street_address": f"Storgatan {index}",
                "postal_code": f"{581 + index} {index % 90 + 10}",
                "city": city,
                "email": f"info@{slug}.example",
                "invoice_email": f"ekonomi@{slug}.example",
                **_invoicing(index, slug),
                "phone": f"010-{100 + index} {index:02d} 00",
                "website": f"https://{slug}.example",
                "joined_on": datetime.date(2008 + index % 12, 1, 1) if member else None,
            },
        )
        associations.append(association)
    return associations


def _people(associations: list[Association]) -> None:
    for index, association in enumerate(associations):
        slug = ascii_slug(association.name.removeprefix("Samordningsförbundet "))
        for offset, kind in enumerate(
            [Role.Kind.CHAIR, Role.Kind.VICE_CHAIR, Role.Kind.DIRECTOR, Role.Kind.OFFICER]
        ):
            first = FIRST_NAMES[(index * 7 + offset * 3) % len(FIRST_NAMES)]
            last = LAST_NAMES[(index * 5 + offset * 11) % len(LAST_NAMES)]
            email = f"{ascii_slug(first)}.{ascii_slug(last)}@{slug}.example"
            if index == 0 and kind == Role.Kind.CHAIR:
                first, last, email = "Per", "Holm", CHAIR_EMAIL
            if index == 0 and kind == Role.Kind.DIRECTOR:
                first, last, email = "Lena", "Sjöberg", DIRECTOR_EMAIL
            person = _person(first, last, email, f"070-{index:03d} {offset:02d} {index % 97:02d}")
            _role(person, kind, association, datetime.date(2023 + offset % 3, 1, 1))
    # History: Östergötland's previous chair, whose role ended when Per Holm took over.
    former = _person("Birgitta", "Wahlström", "birgitta.wahlstrom@ostergotland.example", "")
    _role(
        former,
        Role.Kind.CHAIR,
        associations[0],
        datetime.date(2019, 1, 1),
        datetime.date(2022, 12, 31),
    )


def _board_email(first: str, last: str) -> str:
    return f"{ascii_slug(first)}.{ascii_slug(last)}@nns.example"


def _nns() -> None:
    areas = {area.code: area for area in Area.objects.all()}
    for first, last, kind, contact_areas in NNS_BOARD:
        person = _person(first, last, _board_email(first, last), "")
        _role(person, kind, None, BOARD_TERM_START)
        if kind == Role.Kind.NNS_CHAIR:
            _role(person, Role.Kind.NNS_BOARD_MEMBER, None, BOARD_TERM_START)
        for code in contact_areas:
            AreaContact.objects.get_or_create(
                area=areas[code], person=person, starts_on=BOARD_TERM_START
            )
    staff = _person("Karin", "Lindqvist", STAFF_EMAIL, "010-100 00 00")
    _role(staff, Role.Kind.NNS_STAFF, None, datetime.date(2024, 5, 1))
    staff.user.is_staff = staff.user.is_superuser = True
    staff.user.save(update_fields=["is_staff", "is_superuser"])


BOARD_MEMBER_EMAIL = _board_email(*NNS_BOARD[1][:2])


def load() -> list[str]:
    """Load the demo register; return lines telling a developer how to log in."""
    associations = _register()
    _budgets(associations)
    _people(associations)
    _nns()
    return [
        f"Personal (staff, admin):  {STAFF_EMAIL}",
        f"Ordförande (chair):       {CHAIR_EMAIL}",
        f"Förbundschef (director):  {DIRECTOR_EMAIL}",
        f"Styrelseledamot i NNS (board member, sees /budget/):  {BOARD_MEMBER_EMAIL}",
    ]
