"""Every form a member association's people can post, with hostile values: none of them
changes a person or a login outside the poster's association, or raises anyone's rights.

The poster is the chair of A, who may correct A's people. One of A's people is also on NNS's
board (so has rights beyond A); the other side holds B, NNS and a closed staff login.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Invitation
from meetings.tokens import rsvp_token
from members.models import Person, Role, User
from tests.factories import MeetingFactory, RoleFactory, UserFactory, annual_meeting

CLOSED_STAFF = "fd.kansli@nns.example"


def _state(scene) -> dict[str, list]:
    """What must not change: every login and its rights, and every person outside A."""
    people_of_a = Role.objects.filter(association=scene.a).values("person_id")
    return {
        "logins": list(
            User.objects.order_by("pk").values_list(
                "pk", "email", "is_active", "is_staff", "is_superuser"
            )
        ),
        "addresses": list(
            EmailAddress.objects.order_by("pk").values_list("user_id", "email", "verified")
        ),
        "groups": list(User.groups.through.objects.order_by("pk").values_list()),
        "permissions": list(User.user_permissions.through.objects.order_by("pk").values_list()),
        "people_outside_a": list(
            Person.objects.exclude(pk__in=people_of_a).order_by("pk").values()
        ),
        "logins_of_people": list(
            Person.objects.order_by("pk").values_list("pk", "user_id", "email")
        ),
        "roles": list(Role.objects.order_by("pk").values()),
    }


@pytest.fixture
def setting(scene, frozen, send):
    RoleFactory(person=scene.officer_a, kind=Role.Kind.NNS_BOARD_MEMBER, association=None)
    UserFactory(email=CLOSED_STAFF, is_staff=True, is_active=False)
    Group.objects.create(name="Kansliet")
    chairs, annual = MeetingFactory(), annual_meeting(datetime.date(2027, 1, 4))
    send(services.invitations_send, meeting=chairs)
    send(services.invitations_send, meeting=annual)
    return (
        scene,
        Invitation.objects.get(meeting=chairs, person=scene.chair_a),
        Invitation.objects.get(meeting=annual, person=scene.chair_a),
    )


def _person_form(person: Person, **changes: object) -> dict[str, object]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
    } | changes


# name: (url of the form, data), from (scene, chairs' invitation, annual invitation)
POSTS = {
    "contact details of A": lambda s, i, a: (
        reverse("members:edit", args=[s.a.pk]),
        {"email": s.nns_chair.email, "invoice_email": CLOSED_STAFF, "phone": "1"},
    ),
    "a person of A with more rights: the attacker's address": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.officer_a.pk]),
        _person_form(s.officer_a, email="angripare@evil.example"),
    ),
    "a person of A with more rights: emptied address": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.officer_a.pk]),
        _person_form(s.officer_a, email=""),
    ),
    "a person of A: a closed staff login's address": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.board_member_a.pk]),
        _person_form(s.board_member_a, email=CLOSED_STAFF),
    ),
    "a person of A: the NNS chair's address": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.board_member_a.pk]),
        _person_form(s.board_member_a, email=s.nns_chair.email.upper()),
    ),
    "a person of A: staff's login address": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.director_a.pk]),
        _person_form(s.director_a, email=s.staff.email),
    ),
    "a person of B through A's page": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.chair_b.pk]),
        _person_form(s.chair_b, email="angripare@evil.example"),
    ),
    "a person of B through B's page": lambda s, i, a: (
        reverse("members:person_edit", args=[s.b.pk, s.chair_b.pk]),
        _person_form(s.chair_b, email="angripare@evil.example"),
    ),
    "an NNS person through A's page": lambda s, i, a: (
        reverse("members:person_edit", args=[s.a.pk, s.nns_chair.pk]),
        _person_form(s.nns_chair, email="angripare@evil.example", first_name="X"),
    ),
    "a substitute from B": lambda s, i, a: (
        reverse("meetings:invitation", args=[i.pk]),
        {"answer": "substitute", "substitute": s.chair_b.pk},
    ),
    "a substitute from NNS, by the e-mail's link": lambda s, i, a: (
        reverse("meetings:rsvp", args=[i.pk, rsvp_token(i)]),
        {"answer": "substitute", "substitute": s.nns_staff.pk},
    ),
    "a delegate from B": lambda s, i, a: (
        reverse("meetings:delegate", args=[a.pk, s.a.pk]),
        {f"d{s.a.pk}-person": s.chair_b.pk},
    ),
    "a delegate for B": lambda s, i, a: (
        reverse("meetings:delegate", args=[a.pk, s.b.pk]),
        {f"d{s.b.pk}-person": s.chair_b.pk},
    ),
    "an area-meeting request for B": lambda s, i, a: (
        reverse("meetings:area_request"),
        {"association": s.b.pk, "message": "Hej"},
    ),
    "a new calendar address": lambda s, i, a: (reverse("meetings:calendar_renew"), {}),
    "an altered confirmation link": lambda s, i, a: (
        reverse("members:login_address_confirm", args=["1:angripare@evil.example:x"]),
        {},
    ),
}


@pytest.mark.parametrize("post", POSTS)
def test_no_member_form_reaches_outside_the_association_or_raises_rights(setting, send, post):
    scene, invitation, annual = setting
    client = Client()
    client.force_login(scene.chair_a.user)
    url, data = POSTS[post](scene, invitation, annual)
    before = _state(scene)

    response = send(client.post, path=url, data=data)

    assert response.status_code in (200, 302, 400, 404)
    assert _state(scene) == before
