import datetime

import pytest
from django.urls import reverse

from members.models import Association, Role
from tests.factories import (
    AreaContactFactory,
    AssociationFactory,
    AssociationYearFactory,
    RoleFactory,
)
from tests.queries import count_queries


def test_mitt_forbund_shows_people_contacts_and_budgets(client, register):
    AssociationYearFactory(association=register.a, year=2026, total_budget=6_234_000)
    contact = AreaContactFactory(area=register.a.area)
    client.force_login(register.officer_a.user)

    response = client.get(reverse("members:association", args=[register.a.pk]))

    text = response.text
    assert register.a.name in text
    assert register.a.org_number_display in text
    assert str(register.chair_a) in text
    assert str(contact.person) in text
    assert "6\xa0234\xa0000 kr" in text
    assert str(register.officer_b) not in text
    assert "Rätta kontaktuppgifter" not in text  # an officer may not correct


def test_the_chair_corrects_a_phone_number_and_history_records_who(client, register):
    client.force_login(register.chair_a.user)
    person = register.officer_a
    url = reverse("members:person_edit", args=[register.a.pk, person.pk])

    response = client.post(
        url,
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": "013-20 20 20",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "013-20 20 20"
    latest = person.history.latest()
    assert latest.history_user == register.chair_a.user
    assert latest.prev_record.phone == "070-123 45 67"


def test_the_chair_corrects_contact_details_with_validation_in_swedish(client, register):
    client.force_login(register.chair_a.user)
    url = reverse("members:edit", args=[register.a.pk])

    response = client.post(url, {"invoice_email": "inte-en-adress", "city": "Motala"})

    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in response.text
    register.a.refresh_from_db()
    assert register.a.city != "Motala"

    response = client.post(url, {"invoice_email": "faktura@forbund.example", "city": "Motala"})

    assert response.status_code == 302
    register.a.refresh_from_db()
    assert (register.a.city, register.a.invoice_email) == ("Motala", "faktura@forbund.example")
    assert register.a.history.latest().history_user == register.chair_a.user


def test_directory_groups_members_by_area_and_leaves_out_non_members(client, register):
    from members.models import Area

    AssociationFactory(name="Samordningsförbundet Utanför", joined_on=None)
    AssociationFactory(name="Samordningsförbundet Norr", area=Area.objects.get(code="nord"))
    AssociationFactory(
        name="Samordningsförbundet Lämnat",
        joined_on=datetime.date(2010, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )
    client.force_login(register.officer_a.user)

    response = client.get(reverse("members:directory"))

    areas = {
        group.area.code: [a.name for a in group.associations] for group in response.context["areas"]
    }
    assert "Samordningsförbundet Norr" in areas["nord"]
    assert register.a.name in areas["syd"]
    names = [name for names in areas.values() for name in names]
    assert "Samordningsförbundet Utanför" not in names
    assert "Samordningsförbundet Lämnat" not in names


def _grow_register(count):
    for association in AssociationFactory.create_batch(count):
        RoleFactory(association=association, kind=Role.Kind.CHAIR)
        RoleFactory(association=association, kind=Role.Kind.OFFICER)
        AssociationYearFactory(association=association)
        AreaContactFactory(area=association.area)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_register(client):
    _grow_register(10)
    chair = Role.objects.filter(kind=Role.Kind.CHAIR).first()
    client.force_login(chair.person.user)
    pages = [
        reverse("members:directory"),
        reverse("members:association", args=[chair.association_id]),
    ]
    at_10 = [count_queries(client, url) for url in pages]

    _grow_register(190)
    assert Association.objects.count() == 200
    at_200 = [count_queries(client, url) for url in pages]

    assert at_10 == at_200
    assert max(at_200) <= 10


def test_the_chair_cannot_blank_the_reference_an_e_invoice_needs(client, register):
    register.a.invoice_channel = "efaktura"
    register.a.invoice_reference = "ALFA4711"
    register.a.save()
    client.force_login(register.chair_a.user)
    url = reverse("members:edit", args=[register.a.pk])

    response = client.post(url, {"invoice_reference": "", "city": "Motala"})

    assert response.status_code == 200
    assert "E-fakturor behöver den referens (Er referens)" in response.text
    register.a.refresh_from_db()
    assert (register.a.invoice_reference, register.a.city) == ("ALFA4711", register.a.city)
    assert register.a.city != "Motala"
