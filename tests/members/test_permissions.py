"""Every members URL × every role → the status the person gets."""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "officer_a", "chair_a", "officer_b", "staff"]

# url name, expected status per role (in the order of ROLES)
MATRIX = {
    "mine": [302, 302, 302, 302, 200],
    "association": [302, 200, 200, 404, 200],
    "edit": [302, 404, 200, 404, 200],
    "person_edit": [302, 404, 200, 404, 200],
    "directory": [302, 200, 200, 200, 200],
}


def _url(name, register):
    if name == "association":
        return reverse("members:association", args=[register.a.pk])
    if name == "edit":
        return reverse("members:edit", args=[register.a.pk])
    if name == "person_edit":
        return reverse("members:person_edit", args=[register.a.pk, register.officer_a.pk])
    return reverse(f"members:{name}")


def _login(client, register, role):
    if role == "staff":
        client.force_login(register.staff)
    elif role != "anonymous":
        client.force_login(getattr(register, role).user)


@pytest.mark.parametrize("url_name", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_members_pages_answer_each_role_as_expected(client, register, url_name, role):
    _login(client, register, role)

    response = client.get(_url(url_name, register))

    assert response.status_code == MATRIX[url_name][ROLES.index(role)]
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("account_request_login_code"))


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
