"""Invoicing fixtures for every test: the people of ``tests.scene``, complete fee schedules
and budgets."""

import datetime
from decimal import Decimal

import pytest

from budget.invoicing import services
from budget.models import FeeSchedule, Invoice
from members.models import Person, Role
from tests.factories import AssociationYearFactory, PersonFactory, RoleFactory

NNS_ORG_NUMBER = "8024000005"
NNS_BANKGIRO = "50501055"
RUN_DATE = datetime.date(2026, 2, 2)


def complete_schedule(year: int, **fees: object) -> FeeSchedule:
    """The shipped schedule of ``year`` (or a new one) with NNS's details and the given fees."""
    schedule = FeeSchedule.objects.filter(year=year).first() or FeeSchedule(
        year=year, membership_fee=Decimal(200), service_fee_per_mille=Decimal("3.5")
    )
    schedule.indicator_fee = Decimal(4700)
    schedule.seller_address = "Box 1234\n581 12 Linköping"
    schedule.seller_org_number = NNS_ORG_NUMBER
    schedule.seller_bankgiro = NNS_BANKGIRO
    schedule.seller_email = "faktura@nns.example"
    for name, value in fees.items():
        setattr(schedule, name, value)
    schedule.save()
    return schedule


@pytest.fixture
def invoicing(scene):
    """2026's schedule complete; Alfa (17 328 500 kr, indicators) and Beta (4 000 000 kr)."""
    complete_schedule(2026)
    AssociationYearFactory(
        association=scene.a, year=2026, total_budget=Decimal("17328500"),
        takes_part_in_indicators=True,
    )  # fmt: skip
    AssociationYearFactory(
        association=scene.b, year=2026, total_budget=Decimal("4000000"),
        takes_part_in_indicators=False,
    )  # fmt: skip
    return scene


@pytest.fixture
def invoice_contact_a(scene) -> Person:
    person = PersonFactory(first_name="Ingrid")
    RoleFactory(person=person, kind=Role.Kind.INVOICE_CONTACT, association=scene.a)
    return person


def issue(association, *, year: int = 2026, on: datetime.date = RUN_DATE) -> Invoice:
    return services.invoice_issue(
        association=association, fee_year=year, issued_on=on, issued_by="kansli@nns.example"
    )
