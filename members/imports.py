"""Imports of the register from CSV and XLSX: validated as a whole, applied as a whole.

A file is checked row by row first (the preview, or dry run). If any row is invalid nothing
is written, and every bad row is reported with its line number (the header is line 1) and the
reason. Otherwise every row is written in one transaction.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Area, Association, AssociationYear, Person, Role
from .orgnr import format_orgnr, normalise_orgnr
from .services import person_save
from .tabular import read_rows

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


class ImportRejected(Exception):
    def __init__(self, errors: list["RowError"]) -> None:
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class Preview:
    created: int = 0
    updated: int = 0
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # line, action, description
    errors: list[RowError] = field(default_factory=list)


def parse_date(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a date written YYYY-MM-DD."), params={"value": value}
        ) from None


def _amount(value: str) -> Decimal:
    cleaned = value.replace("\xa0", "").replace(" ", "").replace("kr", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("%(value)s is not an amount."), params={"value": value}) from None
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


def required_value(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise ValidationError(_("The column %(column)s is empty."), params={"column": column})
    return value


def _errors_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# --- Associations -----------------------------------------------------------------------

ASSOCIATION_COLUMNS = [
    "namn", "organisationsnummer", "område", "gatuadress", "postnummer", "ort",
    "fakturaadress", "fakturaepost", "epost", "telefon", "webbplats", "region", "kommuner",
    "medlem_sedan", "medlem_till",
]  # fmt: skip


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


def association_export_rows() -> list[list[object]]:
    return [
        [
            a.name, format_orgnr(a.org_number), a.area.get_code_display().lower(), a.street_address,
            a.postal_code, a.city, a.invoice_address, a.invoice_email, a.email, a.phone, a.website,
            a.region, a.municipalities, a.joined_on, a.left_on,
        ]
        for a in Association.objects.select_related("area").order_by("name")
    ]  # fmt: skip


# --- Budget years -----------------------------------------------------------------------

BUDGET_COLUMNS = ["organisationsnummer", "år", "total_budget", "indikatorer"]


def _budget_row(row: dict[str, str], areas: dict[str, Area]) -> tuple[str, AssociationYear]:
    org_number = normalise_orgnr(required_value(row, "organisationsnummer"))
    association = Association.objects.filter(org_number=org_number).first()
    if association is None:
        raise ValidationError(
            _("No association has the organisation number %(value)s."),
            params={"value": format_orgnr(org_number)},
        )
    try:
        year = int(required_value(row, "år"))
    except ValueError:
        raise ValidationError(_("%(value)s is not a year."), params={"value": row["år"]}) from None
    budget = AssociationYear.objects.filter(association=association, year=year).first()
    budget = budget or AssociationYear(association=association, year=year)
    budget.total_budget = _amount(required_value(row, "total_budget"))
    budget.takes_part_in_indicators = _yes_no(row.get("indikatorer", ""))
    budget.full_clean(validate_unique=False)
    return f"{org_number}/{year}", budget


def _save_budget(budget: AssociationYear) -> None:
    budget.full_clean()
    budget.save()


def budget_export_rows() -> list[list[object]]:
    return [
        [
            format_orgnr(y.association.org_number),
            y.year,
            y.total_budget,
            "ja" if y.takes_part_in_indicators else "nej",
        ]
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


def _person_row(row: dict[str, str], areas: dict[str, Area]) -> tuple[str, _PersonWithRole]:
    email = required_value(row, "epost").lower()
    forms.EmailField().clean(email)
    person = Person.objects.filter(email__iexact=email).first() or Person(email=email)
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
            association = Association.objects.filter(org_number=org_number).first()
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
        role.full_clean(exclude=["person"])
    return email, _PersonWithRole(person, role)


def _save_person(item: _PersonWithRole) -> None:
    person = person_save(person=item.person)
    if item.role is not None:
        Role.objects.get_or_create(
            person=person,
            kind=item.role.kind,
            association=item.role.association,
            starts_on=item.role.starts_on,
            defaults={"ends_on": item.role.ends_on},
        )


def person_export_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    people = Person.objects.prefetch_related("roles__association").order_by(
        "last_name", "first_name"
    )
    for p in people:
        base = [p.first_name, p.last_name, p.email, p.phone, p.preferred_language]
        roles = list(p.roles.all()) or [None]
        for r in roles:
            if r is None:
                rows.append([*base, "", "", "", ""])
            else:
                org = format_orgnr(r.association.org_number) if r.association else ""
                rows.append([*base, org, r.kind, r.starts_on, r.ends_on])
    return rows


# --- The engine -------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportKind:
    name: str
    title: str  # lazily translated
    columns: list[str]
    parse_row: Callable[[dict[str, str], dict[str, Area]], tuple[str, object]]
    save: Callable[[object], None]
    export_rows: Callable[[], list[list[object]]]


KINDS = {
    "associations": ImportKind(
        "associations", gettext_lazy("associations"), ASSOCIATION_COLUMNS,
        _association_row, _save_association, association_export_rows,
    ),
    "budgets": ImportKind(
        "budgets", gettext_lazy("budget years"), BUDGET_COLUMNS,
        _budget_row, _save_budget, budget_export_rows,
    ),
    "people": ImportKind(
        "people", gettext_lazy("people"), PERSON_COLUMNS,
        _person_row, _save_person, person_export_rows,
    ),
}  # fmt: skip


def _check(
    kind: ImportKind, content: bytes, filename: str
) -> tuple[Preview, list[tuple[int, object]]]:
    preview = Preview()
    try:
        rows = read_rows(content=content, filename=filename)
    except ValidationError as error:
        preview.errors.append(RowError(line=1, message=_errors_text(error)))
        return preview, []
    if rows:
        missing = [c for c in kind.columns[:2] if c not in rows[0]]
        if missing:
            preview.errors.append(
                RowError(line=1, message=_("Missing columns: %s") % ", ".join(missing))
            )
            return preview, []
    areas = {area.code: area for area in Area.objects.all()}
    seen: dict[str, int] = {}
    objects: list[tuple[int, object]] = []
    for line, row in enumerate(rows, start=2):
        try:
            key, obj = kind.parse_row(row, areas)
        except ValidationError as error:
            preview.errors.append(RowError(line=line, message=_errors_text(error)))
            continue
        if key in seen:
            preview.errors.append(
                RowError(line=line, message=_("Duplicate of line %(line)s.") % {"line": seen[key]})
            )
            continue
        seen[key] = line
        objects.append((line, obj))
        if obj.pk:
            preview.updated += 1
            preview.rows.append((line, _("update"), str(key)))
        else:
            preview.created += 1
            preview.rows.append((line, _("new"), str(key)))
    return preview, objects


def import_preview(*, kind: ImportKind, content: bytes, filename: str) -> Preview:
    """Check a file without writing anything: what would be created, updated, or refused."""
    preview, _objects = _check(kind, content, filename)
    return preview


@transaction.atomic
def import_apply(*, kind: ImportKind, content: bytes, filename: str) -> Preview:
    """Write every row of a valid file, or nothing at all (raises ImportRejected)."""
    preview, objects = _check(kind, content, filename)
    if preview.errors:
        raise ImportRejected(preview.errors)
    for line, obj in objects:
        try:
            with transaction.atomic():
                kind.save(obj)
        except ValidationError as error:
            raise ImportRejected([RowError(line=line, message=_errors_text(error))]) from error
        except IntegrityError as error:
            message = _("Conflicts with what is already in the register.")
            raise ImportRejected([RowError(line=line, message=message)]) from error
    return preview
