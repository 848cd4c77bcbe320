"""The register's files: associations, budget years and people, as CSV or XLSX.

Each is an ``ImportKind`` of the core's import engine (``nns_portal.tabular``): columns by
name, the whole file or nothing, a preview first.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nns_portal.params import year_param
from nns_portal.tabular.imports import (
    ImportKind,
    ImportRejected,
    RowError,
    model_unchanged,
    parse_date,
    required_value,
)

from .models import Area, Association, AssociationYear, Person, Role, User
from .orgnr import format_orgnr, normalise_orgnr
from .services import people_add, person_save

AREA_NAMES = {
    "syd": "syd",
    "nord": "nord",
    "öst": "ost",
    "ost": "ost",
    "väst": "vast",
    "vast": "vast",
}
YES = {"ja", "j", "x", "1", "yes", "true", "sant"}
NO = {"nej", "n", "", "0", "no", "false", "falskt"}


def _amount(value: str) -> Decimal:
    cleaned = value.replace("\xa0", "").replace(" ", "").replace("kr", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("%(value)s is not an amount."), params={"value": value}) from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
        raise ValidationError(
            _("%(value)s is not a total budget an association can have."), params={"value": value}
        )
    if amount < 0:
        raise ValidationError(
            _("The total budget cannot be negative (%(value)s)."), params={"value": value}
        )
    return amount


def _yes_no(value: str) -> bool:
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise ValidationError(_("Write ja or nej, not %(value)s."), params={"value": value})


# --- Associations -----------------------------------------------------------------------

ASSOCIATION_COLUMNS = [
    "namn", "organisationsnummer", "område", "gatuadress", "postnummer", "ort",
    "fakturaadress", "fakturaepost", "fakturareferens", "ordernummer", "fakturakanal",
    "peppol_id", "epost", "telefon", "webbplats", "region", "kommuner",
    "medlem_sedan", "medlem_till",
]  # fmt: skip
CHANNEL_NAMES = {
    "": Association.InvoiceChannel.EMAIL,
    "epost": Association.InvoiceChannel.EMAIL,
    "e-post": Association.InvoiceChannel.EMAIL,
    "efaktura": Association.InvoiceChannel.EINVOICE,
    "e-faktura": Association.InvoiceChannel.EINVOICE,
    "bada": Association.InvoiceChannel.BOTH,
    "båda": Association.InvoiceChannel.BOTH,
}


def _channel(value: str) -> str:
    channel = CHANNEL_NAMES.get(value.strip().lower())
    if channel is None:
        raise ValidationError(
            _("Unknown invoice channel %(value)s: write e-post, e-faktura or båda."),
            params={"value": value},
        )
    return channel


def areas_by_code(rows: list[dict[str, str]] | None = None) -> dict[str, Area]:
    return {area.code: area for area in Area.objects.all()}


def _association_row(row: dict[str, str], areas: dict[str, Area]) -> tuple[str, Association]:
    org_number = normalise_orgnr(required_value(row, "organisationsnummer"))
    area_name = required_value(row, "område").lower()
    if area_name not in AREA_NAMES:
        raise ValidationError(
            _("Unknown area %(value)s: write syd, nord, öst or väst."), params={"value": area_name}
        )
    association = Association.objects.filter(org_number=org_number).first() or Association(
        org_number=org_number
    )
    values = {
        "name": required_value(row, "namn"),
        "area": areas[AREA_NAMES[area_name]],
        "street_address": row.get("gatuadress", ""),
        "postal_code": row.get("postnummer", ""),
        "city": row.get("ort", ""),
        "invoice_address": row.get("fakturaadress", ""),
        "invoice_email": row.get("fakturaepost", ""),
        "invoice_reference": row.get("fakturareferens", ""),
        "invoice_order_number": row.get("ordernummer", ""),
        "invoice_channel": _channel(row.get("fakturakanal", "")),
        "peppol_id": row.get("peppol_id", ""),
        "email": row.get("epost", ""),
        "phone": row.get("telefon", ""),
        "website": row.get("webbplats", ""),
        "region": row.get("region", ""),
        "municipalities": row.get("kommuner", ""),
        "joined_on": parse_date(row.get("medlem_sedan", "")),
        "left_on": parse_date(row.get("medlem_till", "")),
    }
    for name, value in values.items():
        setattr(association, name, value)
    association.full_clean(validate_unique=False)
    return org_number, association


def _save_association(association: Association) -> None:
    association.full_clean()
    association.save()


def association_export_rows() -> list[dict[str, object]]:
    return [
        {
            "namn": a.name,
            "organisationsnummer": format_orgnr(a.org_number),
            "område": a.area.code,
            "gatuadress": a.street_address,
            "postnummer": a.postal_code,
            "ort": a.city,
            "fakturaadress": a.invoice_address,
            "fakturaepost": a.invoice_email,
            "fakturareferens": a.invoice_reference,
            "ordernummer": a.invoice_order_number,
            "fakturakanal": a.invoice_channel,
            "peppol_id": a.peppol_id,
            "epost": a.email,
            "telefon": a.phone,
            "webbplats": a.website,
            "region": a.region,
            "kommuner": a.municipalities,
            "medlem_sedan": a.joined_on,
            "medlem_till": a.left_on,
        }
        for a in Association.objects.select_related("area").order_by("name")
    ]


# --- Budget years -----------------------------------------------------------------------

BUDGET_COLUMNS = ["organisationsnummer", "år", "total_budget", "indikatorer"]


def _budget_row(row: dict[str, str], _context: object) -> tuple[str, AssociationYear]:
    org_number = normalise_orgnr(required_value(row, "organisationsnummer"))
    association = Association.objects.filter(org_number=org_number).first()
    if association is None:
        raise ValidationError(
            _("No association has the organisation number %(value)s."),
            params={"value": format_orgnr(org_number)},
        )
    year = year_param(required_value(row, "år"))
    if year is None or not 2000 <= year <= 2100:
        raise ValidationError(_("%(value)s is not a year."), params={"value": row["år"]})
    budget = AssociationYear.objects.filter(association=association, year=year).first()
    budget = budget or AssociationYear(association=association, year=year)
    budget.total_budget = _amount(required_value(row, "total_budget"))
    budget.takes_part_in_indicators = _yes_no(row.get("indikatorer", ""))
    budget.full_clean(validate_unique=False)
    return f"{org_number}/{year}", budget


def _save_budget(budget: AssociationYear) -> None:
    budget.full_clean()
    budget.save()


def budget_export_rows() -> list[dict[str, object]]:
    return [
        {
            "organisationsnummer": format_orgnr(y.association.org_number),
            "år": y.year,
            "total_budget": y.total_budget,
            "indikatorer": "ja" if y.takes_part_in_indicators else "nej",
        }
        for y in AssociationYear.objects.select_related("association").order_by(
            "association__name", "year"
        )
    ]


# --- People -----------------------------------------------------------------------------

PERSON_COLUMNS = [
    "förnamn", "efternamn", "epost", "telefon", "språk",
    "organisationsnummer", "roll", "från", "till",
]  # fmt: skip


def _role_kind(name: str) -> str | None:
    """A role given as its code (``forbundschef``) or its Swedish name (``Förbundschef``)."""
    if name in Role.Kind.values:
        return name
    with translation.override("sv"):
        return {str(label).lower(): kind for kind, label in Role.Kind.choices}.get(name.lower())


class _PersonWithRole:
    def __init__(self, person: Person, role: Role | None) -> None:
        self.person, self.role = person, role
        self.pk = person.pk

    def __str__(self) -> str:
        if self.role is None:
            return f"{self.person} <{self.person.email}>"
        return f"{self.person} <{self.person.email}>: {self.role.get_kind_display()}"


@dataclass(frozen=True)
class _PeopleContext:
    people: dict[str, Person]  # by lower-case address
    associations: dict[str, Association]  # by organisation number


def _people_context(rows: list[dict[str, str]]) -> _PeopleContext:
    """The people the file names and every association, looked up once for the whole file."""
    emails = {row.get("epost", "").strip().lower() for row in rows} - {""}
    people = Person.objects.annotate(address=Lower("email")).filter(address__in=emails)
    return _PeopleContext(
        people={person.address: person for person in people},
        associations={a.org_number: a for a in Association.objects.all()},
    )


def _person_row(row: dict[str, str], context: _PeopleContext) -> tuple[str, _PersonWithRole]:
    email = required_value(row, "epost").lower()
    forms.EmailField().clean(email)
    person = context.people.get(email) or Person(email=email)
    person.first_name = required_value(row, "förnamn")
    person.last_name = required_value(row, "efternamn")
    person.phone = row.get("telefon", person.phone)
    language = row.get("språk", "").lower() or Person.Language.SWEDISH
    if language not in Person.Language.values:
        raise ValidationError(
            _("Write sv or en as language, not %(value)s."), params={"value": language}
        )
    person.preferred_language = language
    person.full_clean(exclude=["user"], validate_constraints=False)
    role = None
    if row.get("roll"):
        kind = _role_kind(row["roll"])
        if kind is None:
            raise ValidationError(_("Unknown role %(value)s."), params={"value": row["roll"]})
        association = None
        if row.get("organisationsnummer"):
            org_number = normalise_orgnr(row["organisationsnummer"])
            association = context.associations.get(org_number)
            if association is None:
                raise ValidationError(
                    _("No association has the organisation number %(value)s."),
                    params={"value": format_orgnr(org_number)},
                )
        role = Role(
            kind=kind,
            association=association,
            starts_on=parse_date(required_value(row, "från")),
            ends_on=parse_date(row.get("till", "")),
        )
        # The association was found above; the database checks the rest when the role is saved.
        role.clean_fields(exclude=["person", "association"])
        role.clean()
        key = f"{email} {kind} {row.get('organisationsnummer', '')} {role.starts_on}"
        return key, _PersonWithRole(person, role)
    return email, _PersonWithRole(person, role)


def _stored_role(person: Person, role: Role) -> Role | None:
    return Role.objects.filter(
        person=person, kind=role.kind, association=role.association, starts_on=role.starts_on
    ).first()


def _person_unchanged(item: _PersonWithRole) -> bool:
    if not model_unchanged(item.person):
        return False
    if item.role is None:
        return True
    stored = _stored_role(item.person, item.role)
    return stored is not None and stored.ends_on == item.role.ends_on


def _save_people(changes: list[tuple[int, _PersonWithRole]]) -> None:
    """People new to the register and without a login are added together (``people_add``);
    anyone else one by one, through ``person_save``."""
    logins = set(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in={item.person.email for _line, item in changes})
        .values_list("address", flat=True)
    )
    new: dict[str, Person] = {}
    roles: list[tuple[str, Role]] = []
    one_by_one = []
    for line, item in changes:
        email = item.person.email
        if item.person.pk is None and email not in logins:
            new.setdefault(email, item.person)
            if item.role is not None:
                roles.append((email, item.role))
        else:
            one_by_one.append((line, item))
    people_add(people=list(new.values()), roles=roles)
    for line, item in one_by_one:
        try:
            with transaction.atomic():
                _save_person(item)
        except (ValidationError, IntegrityError) as error:
            raise ImportRejected([RowError(line=line, message=str(error))]) from error


def _save_person(item: _PersonWithRole) -> None:
    person = item.person
    if person.pk is None:
        # An earlier row of the same file may have added this person already.
        stored = Person.objects.filter(email__iexact=person.email).first()
        if stored is not None:
            person.pk, person.user_id = stored.pk, stored.user_id
    person = person_save(person=person)
    if item.role is not None:
        Role.objects.update_or_create(
            person=person,
            kind=item.role.kind,
            association=item.role.association,
            starts_on=item.role.starts_on,
            defaults={"ends_on": item.role.ends_on},
        )


def person_export_rows() -> list[dict[str, object]]:
    """One row per role (a person without a role has one row); people without an address
    cannot be imported (the address is how a row finds its person) and are left out."""
    rows: list[dict[str, object]] = []
    people = Person.objects.exclude(email="").prefetch_related("roles__association")
    for p in people.order_by("last_name", "first_name", "pk"):
        base = {
            "förnamn": p.first_name,
            "efternamn": p.last_name,
            "epost": p.email,
            "telefon": p.phone,
            "språk": p.preferred_language,
        }
        roles = sorted(p.roles.all(), key=lambda r: (r.starts_on, r.kind, r.pk))
        if not roles:
            rows.append(base)
        for r in roles:
            org = format_orgnr(r.association.org_number) if r.association else ""
            role = {"organisationsnummer": org, "roll": r.kind, "från": r.starts_on}
            rows.append(base | role | {"till": r.ends_on})
    return rows


KINDS = {
    "associations": ImportKind(
        name="associations",
        title=gettext_lazy("associations"),
        columns=ASSOCIATION_COLUMNS,
        parse_row=_association_row,
        save=_save_association,
        export_rows=association_export_rows,
        context=areas_by_code,
        field_columns={
            "name": "namn",
            "org_number": "organisationsnummer",
            "area": "område",
            "street_address": "gatuadress",
            "postal_code": "postnummer",
            "city": "ort",
            "invoice_address": "fakturaadress",
            "invoice_email": "fakturaepost",
            "invoice_reference": "fakturareferens",
            "invoice_order_number": "ordernummer",
            "invoice_channel": "fakturakanal",
            "peppol_id": "peppol_id",
            "email": "epost",
            "phone": "telefon",
            "website": "webbplats",
            "region": "region",
            "municipalities": "kommuner",
            "joined_on": "medlem_sedan",
            "left_on": "medlem_till",
        },
    ),
    "budgets": ImportKind(
        name="budgets",
        title=gettext_lazy("budget years"),
        columns=BUDGET_COLUMNS,
        parse_row=_budget_row,
        save=_save_budget,
        export_rows=budget_export_rows,
        field_columns={"year": "år", "total_budget": "total_budget"},
    ),
    "people": ImportKind(
        name="people",
        title=gettext_lazy("people"),
        columns=PERSON_COLUMNS,
        parse_row=_person_row,
        save=_save_person,
        export_rows=person_export_rows,
        context=_people_context,
        unchanged=_person_unchanged,
        save_all=_save_people,
    ),
}
