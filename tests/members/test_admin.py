import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Association, Role
from tests.factories import (
    AssociationFactory,
    AssociationYearFactory,
    PersonFactory,
    RoleFactory,
    StaffFactory,
)


@pytest.fixture
def staff_client(client, db):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def _names(response):
    return sorted(a.name for a in response.context["cl"].result_list)


def test_search_finds_associations_by_org_number_with_a_dash_and_by_person(staff_client):
    a = AssociationFactory(name="Samordningsförbundet Alfa")
    AssociationFactory(name="Samordningsförbundet Beta")
    RoleFactory(association=a, person=PersonFactory(last_name="Wahlström"))
    url = reverse("admin:members_association_changelist")

    assert _names(staff_client.get(url, {"q": a.org_number_display})) == [a.name]
    assert _names(staff_client.get(url, {"q": "Wahlström"})) == [a.name]


def test_filters_on_membership_indicators_and_missing_budget(staff_client):
    year = timezone.localdate().year
    member = AssociationFactory(name="Samordningsförbundet Medlem")
    outside = AssociationFactory(name="Samordningsförbundet Utanför", joined_on=None)
    AssociationYearFactory(association=member, year=year, takes_part_in_indicators=True)
    url = reverse("admin:members_association_changelist")

    assert _names(staff_client.get(url, {"membership": "member"})) == [member.name]
    assert _names(staff_client.get(url, {"membership": "non_member"})) == [outside.name]
    assert _names(staff_client.get(url, {"indicators": str(year)})) == [member.name]
    assert _names(staff_client.get(url, {"budget_missing": str(year)})) == [outside.name]


def test_change_history_of_an_association_is_viewable(staff_client):
    association = AssociationFactory()
    staff_client.post(
        reverse("admin:members_association_change", args=[association.pk]),
        {
            "name": association.name,
            "org_number": association.org_number_display,  # as people write it: NNNNNN-NNNN
            "area": association.area_id,
            "region": association.region,
            "municipalities": association.municipalities,
            "city": "Norrköping",
            "invoice_channel": "epost",
            "joined_on": "2015-01-01",
            "years-TOTAL_FORMS": 0,
            "years-INITIAL_FORMS": 0,
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
        },
    )
    assert Association.objects.get().city == "Norrköping"
    assert Association.objects.get().org_number == association.org_number

    response = staff_client.get(reverse("admin:members_association_history", args=[association.pk]))

    assert response.status_code == 200
    assert "Norrköping" in response.text


def test_an_associations_roles_show_their_people_without_a_query_a_row(staff_client, scene):
    url = reverse("admin:members_association_change", args=[scene.a.pk])
    staff_client.get(url)  # the login's first request notes its second factor in the session
    with CaptureQueriesContext(connection) as few:
        page = staff_client.get(url).content.decode()
    for person in (scene.chair_a, scene.director_a, scene.board_member_a, scene.officer_a):
        assert f'<option value="{person.pk}" selected>{person}</option>' in page
    RoleFactory(association=scene.a, person=PersonFactory(), kind=Role.Kind.BOARD_MEMBER)
    with CaptureQueriesContext(connection) as more:
        staff_client.get(url)
    assert len(more) == len(few)
