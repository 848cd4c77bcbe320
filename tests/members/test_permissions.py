"""Where the register leads each person (every URL × role: tests/test_every_url.py)."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_mine_leads_each_person_to_their_own_association(client, register):
    client.force_login(register.officer_b.user)

    response = client.get(reverse("members:mine"))

    assert response["Location"] == reverse("members:association", args=[register.b.pk])


def test_a_chair_cannot_correct_a_person_of_another_association(client, register):
    client.force_login(register.chair_a.user)

    url = reverse("members:person_edit", args=[register.a.pk, register.officer_b.pk])
    response = client.post(url, {"first_name": "X", "last_name": "Y", "email": "", "phone": ""})

    assert response.status_code == 404
    register.officer_b.refresh_from_db()
    assert register.officer_b.first_name != "X"


def test_an_ended_role_gives_no_access(client, register):
    import datetime

    role = register.officer_a.roles.get()
    role.ends_on = datetime.date(2025, 12, 31)
    role.save()
    client.force_login(register.officer_a.user)

    response = client.get(reverse("members:association", args=[register.a.pk]))

    assert response.status_code == 404
