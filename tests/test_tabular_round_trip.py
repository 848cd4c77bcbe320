"""Every kind of file the portal both exports and imports: what the admin exports, imported
again, gives no error and changes nothing (CSV and XLSX)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from meetings.plan_file import PLAN_FILE, PLAN_KIND
from members.imports import KINDS
from members.models import Association, AssociationYear, Person, Role
from nns_portal.tabular.imports import import_apply, import_preview
from tests.factories import (
    AssociationFactory,
    AssociationYearFactory,
    PersonFactory,
    RoleFactory,
    StaffFactory,
)


def _register() -> None:
    a = AssociationFactory(
        invoice_address="Ekonomi\nBox 1\n123 45 Ort", website="https://a.example", left_on=None
    )
    b = AssociationFactory(joined_on=datetime.date(2010, 1, 1), left_on=datetime.date(2020, 6, 30))
    AssociationYearFactory(association=a, year=2025, total_budget=Decimal("1234567.50"))
    AssociationYearFactory(association=a, year=2026, takes_part_in_indicators=False)
    AssociationYearFactory(association=b, year=2019, total_budget=Decimal("999"))
    person = PersonFactory(preferred_language="en", phone="")
    RoleFactory(person=person, association=a, kind=Role.Kind.CHAIR)
    RoleFactory(
        person=person,
        association=b,
        kind=Role.Kind.DIRECTOR,
        starts_on=datetime.date(2015, 3, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    RoleFactory(person=person, association=None, kind=Role.Kind.NNS_BOARD_MEMBER)
    PersonFactory()  # no role


def _plan() -> None:
    import_apply(kind=PLAN_KIND, content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name)


def _state() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Association, AssociationYear, Person, Role, Meeting)
    ]


KIND_SETUPS = {
    "associations": (KINDS["associations"], "admin:members_association_export", _register),
    "budgets": (KINDS["budgets"], "admin:members_associationyear_export", _register),
    "people": (KINDS["people"], "admin:members_person_export", _register),
    "meeting-plan": (PLAN_KIND, "admin:meetings_meeting_export", _plan),
}


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", KIND_SETUPS)
def test_what_is_exported_imports_again_with_no_error_and_no_change(name, file_format):
    kind, export_url, setup = KIND_SETUPS[name]
    setup()
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    exported = client.get(reverse(export_url, args=[file_format]))
    assert exported.status_code == 200
    before = _state()

    preview = import_preview(kind=kind, content=exported.content, filename=f"x.{file_format}")
    applied = import_apply(kind=kind, content=exported.content, filename=f"x.{file_format}")

    assert preview.errors == []
    assert (preview.created, preview.updated) == (0, 0)
    assert preview.unchanged == len(kind.export_rows()) > 0
    assert (applied.created, applied.updated) == (0, 0)
    assert _state() == before


def test_an_export_row_names_only_columns_of_its_file(db):
    _register()
    _plan()
    for kind in (*KINDS.values(), PLAN_KIND):
        for row in kind.export_rows():
            assert set(row) <= set(kind.columns), kind.name
