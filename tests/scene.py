"""The people of the meetings and letters tests: two members, a former member, NNS."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from members.models import Area, Association, Person, Role, User
from tests.factories import (
    STOCKHOLM,
    AreaContactFactory,
    AssociationFactory,
    PersonFactory,
    RoleFactory,
    StaffFactory,
)

# "Now" in these tests: three weeks before the chairs' meeting of 14 December 2026.
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Scene:
    a: Association
    b: Association
    former_member: Association
    chair_a: Person
    director_a: Person
    board_member_a: Person
    officer_a: Person
    chair_b: Person
    director_b: Person
    chair_former: Person
    nns_chair: Person
    nns_board_member: Person
    nns_staff: Person
    contact_syd: Person
    staff: User


@pytest.fixture
def scene(db) -> Scene:
    """Two member associations in area syd (a) and nord (b), a former member, and NNS."""
    syd = Area.objects.get_or_create(code="syd")[0]
    nord = Area.objects.get_or_create(code="nord")[0]
    a = AssociationFactory(name="Samordningsförbundet Alfa", area=syd)
    b = AssociationFactory(name="Samordningsförbundet Beta", area=nord)
    former = AssociationFactory(
        name="Samordningsförbundet Gamma", area=syd, left_on=datetime.date(2024, 12, 31)
    )

    def role(kind: str, association: Association | None, first_name: str) -> Person:
        person = PersonFactory(first_name=first_name)
        RoleFactory(person=person, kind=kind, association=association)
        return person

    K = Role.Kind
    nns_chair = role(K.NNS_CHAIR, None, "Nina")
    contact = role(K.NNS_BOARD_MEMBER, None, "Kurt")
    AreaContactFactory(area=syd, person=contact)
    return Scene(
        a=a,
        b=b,
        former_member=former,
        chair_a=role(K.CHAIR, a, "Anna"),
        director_a=role(K.DIRECTOR, a, "Dag"),
        board_member_a=role(K.BOARD_MEMBER, a, "Bo"),
        officer_a=role(K.OFFICER, a, "Olle"),
        chair_b=role(K.CHAIR, b, "Berit"),
        director_b=role(K.DIRECTOR, b, "Doris"),
        chair_former=role(K.CHAIR, former, "Gun"),
        nns_chair=nns_chair,
        nns_board_member=contact,
        nns_staff=role(K.NNS_STAFF, None, "Stina"),
        contact_syd=contact,
        staff=StaffFactory(),
    )
