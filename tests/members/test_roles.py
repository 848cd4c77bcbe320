import datetime

import pytest

from members.models import Role
from tests.factories import AssociationFactory, PersonFactory, RoleFactory


def chairs_on(association, day: datetime.date) -> list:
    roles = Role.objects.current_on(day).filter(association=association, kind=Role.Kind.CHAIR)
    return [role.person for role in roles]


@pytest.mark.django_db
def test_the_chair_of_the_day_follows_the_role_history():
    association = AssociationFactory()
    former = RoleFactory(
        association=association,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2026, 4, 14),
    )
    current = RoleFactory(association=association, starts_on=datetime.date(2026, 4, 15))
    RoleFactory(association=association, kind=Role.Kind.DIRECTOR)

    assert chairs_on(association, datetime.date(2026, 2, 2)) == [former.person]
    assert chairs_on(association, datetime.date(2026, 4, 14)) == [former.person]
    assert chairs_on(association, datetime.date(2026, 4, 15)) == [current.person]
    assert chairs_on(association, datetime.date(2021, 12, 31)) == []
    # History is kept, never overwritten.
    assert list(association.roles.filter(kind=Role.Kind.CHAIR).order_by("starts_on")) == [
        former,
        current,
    ]


@pytest.mark.django_db
def test_a_person_holds_several_roles_over_time():
    person = PersonFactory()
    a, b = AssociationFactory.create_batch(2)
    RoleFactory(person=person, association=a, kind=Role.Kind.CHAIR)
    RoleFactory(person=person, association=b, kind=Role.Kind.BOARD_MEMBER)
    RoleFactory(person=person, association=None, kind=Role.Kind.NNS_BOARD_MEMBER)

    assert person.roles.count() == 3


@pytest.mark.django_db
def test_a_role_in_nns_has_no_association_and_vice_versa():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        RoleFactory.build(
            person=PersonFactory(), kind=Role.Kind.NNS_AUDITOR, association=AssociationFactory()
        ).full_clean()
    with pytest.raises(ValidationError):
        RoleFactory.build(
            person=PersonFactory(), kind=Role.Kind.CHAIR, association=None
        ).full_clean()
