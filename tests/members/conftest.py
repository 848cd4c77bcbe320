from dataclasses import dataclass

import pytest

from members.models import Association, Person, Role, User
from tests.factories import AssociationFactory, RoleFactory, StaffFactory


@dataclass
class Register:
    a: Association
    b: Association
    chair_a: Person
    officer_a: Person
    officer_b: Person
    staff: User


@pytest.fixture
def register(db) -> Register:
    a, b = AssociationFactory(), AssociationFactory()
    return Register(
        a=a,
        b=b,
        chair_a=RoleFactory(association=a, kind=Role.Kind.CHAIR).person,
        officer_a=RoleFactory(association=a, kind=Role.Kind.OFFICER).person,
        officer_b=RoleFactory(association=b, kind=Role.Kind.OFFICER).person,
        staff=StaffFactory(),
    )
