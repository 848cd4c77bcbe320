"""A person's login address is an identity: what a member association may do with it.

The attack these guard against: the chair or director of a member association changes the
address of one of its people who is also on NNS's board, or NNS staff, to an address the
attacker reads, asks for a login code there and is logged in with the victim's rights.
"""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import LoginAddressChange, Person, Role, User
from members.services import person_save
from nns_portal.models import OutboxMessage
from tests.factories import AreaContactFactory, RoleFactory, StaffFactory, UserFactory

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
LINK = re.compile(r"https?://\S+/inloggning/ny-adress/\S+/")
ATTACKER = "angripare@evil.example"


def _edit(client: Client, association, person: Person, **changes: str):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
    } | changes
    return client.post(reverse("members:person_edit", args=[association.pk, person.pk]), data)


def _login_code_sent_to(email: str) -> str | None:
    """Ask for a login code at ``email`` as a stranger would; the code if one came."""
    mail.outbox.clear()
    Client().post(reverse("account_request_login_code"), {"email": email})
    codes = [CODE.search(m.body) for m in mail.outbox if m.to == [email]]
    return next((code.group(1) for code in codes if code), None)


def _with_board_role(person: Person) -> None:
    RoleFactory(person=person, kind=Role.Kind.NNS_BOARD_MEMBER, association=None)


def _with_staff_login(person: Person) -> None:
    person.user.is_staff = True
    person.user.save()


def _with_superuser_login(person: Person) -> None:
    person.user.is_superuser = True
    person.user.save()


def _with_role_elsewhere(person: Person) -> None:
    RoleFactory(person=person, kind=Role.Kind.OFFICER)


def _as_area_contact(person: Person) -> None:
    AreaContactFactory(person=person)


@pytest.mark.parametrize(
    "more_rights",
    [
        _with_board_role,
        _with_staff_login,
        _with_superuser_login,
        _with_role_elsewhere,
        _as_area_contact,
    ],
)
def test_the_chair_cannot_take_over_someone_with_more_rights(
    client, scene, frozen, send, more_rights
):
    victim = scene.officer_a
    more_rights(victim)
    address, login = victim.email, victim.user
    client.force_login(scene.chair_a.user)

    response = send(_edit, client=client, association=scene.a, person=victim, email=ATTACKER)

    assert response.status_code == 200
    assert "kan bara NNS kansli ändra" in response.text
    victim.refresh_from_db()
    login.refresh_from_db()
    assert (victim.email, login.email) == (address, address)
    assert not OutboxMessage.objects.filter(to=ATTACKER).exists()
    assert _login_code_sent_to(ATTACKER) is None
    assert not LoginAddressChange.objects.exists()


def test_a_closed_staff_login_is_not_opened_again_by_an_association(client, scene, frozen):
    former = UserFactory(email="fd.kansli@nns.example", is_staff=True, is_active=False)
    client.force_login(scene.chair_a.user)

    response = _edit(client, scene.a, scene.officer_a, email=former.email)

    assert response.status_code == 200
    assert "hör till en annan inloggning" in response.text
    former.refresh_from_db()
    assert (former.is_active, former.is_staff) == (False, True)
    scene.officer_a.refresh_from_db()
    assert scene.officer_a.user != former
    assert _login_code_sent_to(former.email) is None


def test_staff_saving_a_person_does_not_open_a_closed_staff_login(scene):
    former = StaffFactory(email="fd.kansli@nns.example", is_active=False)
    person = Person(first_name="Fia", last_name="Fd", email=former.email)

    person_save(person=person, changed_by=scene.staff)

    former.refresh_from_db()
    assert former.is_active is False


def _the_link(to: str) -> str:
    """The path of the confirmation link e-mailed to ``to``."""
    message = OutboxMessage.objects.get(to=to, category="login_address_confirm")
    return urlsplit(LINK.search(message.body_text).group(0)).path


def test_a_new_address_takes_effect_when_confirmed_and_the_old_one_is_told(
    client, scene, frozen, send
):
    person, login = scene.officer_a, scene.officer_a.user
    old = person.email
    client.force_login(scene.chair_a.user)

    response = send(
        _edit, client=client, association=scene.a, person=person, email="ny@forbund.example"
    )

    assert response.status_code == 302
    person.refresh_from_db()
    login.refresh_from_db()
    assert (person.email, login.email) == (old, old)
    notice = OutboxMessage.objects.get(to=old, category="login_address_notice")
    assert "ny@forbund.example" in notice.body_text
    assert _login_code_sent_to("ny@forbund.example") is None

    path = _the_link("ny@forbund.example")
    stranger = Client()
    assert "ny@forbund.example" in stranger.get(path).text
    assert stranger.post(path).status_code == 302

    person.refresh_from_db()
    login.refresh_from_db()
    assert (person.email, login.email, person.user) == (
        "ny@forbund.example",
        "ny@forbund.example",
        login,
    )
    assert list(EmailAddress.objects.filter(user=login).values_list("email", flat=True)) == [
        "ny@forbund.example"
    ]
    assert _login_code_sent_to("ny@forbund.example") is not None
    assert _login_code_sent_to(old) is None
    change = LoginAddressChange.objects.get()
    assert (change.status, change.requested_by, change.association) == (
        LoginAddressChange.Status.CONFIRMED,
        scene.chair_a.user,
        scene.a,
    )
    version = person.history.order_by("history_id").last()
    assert version.history_user == scene.chair_a.user
    assert version.history_change_reason == f"Inloggningsadress: {old} → ny@forbund.example"
    # The link works once.
    assert "redan använts" in stranger.post(path).text


@pytest.fixture
def asked(client, scene, frozen, send) -> str:
    """The chair of A has asked for a new address for an officer: the link's path."""
    client.force_login(scene.chair_a.user)
    send(
        _edit,
        client=client,
        association=scene.a,
        person=scene.officer_a,
        email="ny@forbund.example",
    )
    return _the_link("ny@forbund.example")


def test_a_link_that_was_altered_changes_nothing(scene, asked):
    path = asked

    response = Client().post(path[:-3] + "xx/")

    assert response.status_code == 400
    assert "Länken fungerar inte" in response.text
    scene.officer_a.refresh_from_db()
    assert scene.officer_a.email != "ny@forbund.example"


def test_a_link_is_refused_if_the_person_got_more_rights_meanwhile(scene, asked):
    path = asked
    _with_board_role(scene.officer_a)

    response = Client().post(path)

    assert "kan bara NNS kansli ändra" in response.text
    scene.officer_a.refresh_from_db()
    assert scene.officer_a.email != "ny@forbund.example"


def test_staff_change_an_address_at_once_and_it_is_on_record(admin_client_of, scene):
    person = scene.officer_a
    old = person.email
    client = admin_client_of(scene.staff)
    url = reverse("admin:members_person_change", args=[person.pk])
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": "ny.adress@forbund.example",
        "phone": person.phone,
        "preferred_language": "sv",
        "receives_letters": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }

    assert client.post(url, data).status_code == 302

    person.refresh_from_db()
    assert person.user.email == "ny.adress@forbund.example"
    change = LoginAddressChange.objects.get()
    assert (change.old_email, change.new_email, change.requested_by, change.status) == (
        old,
        "ny.adress@forbund.example",
        scene.staff,
        LoginAddressChange.Status.MADE_BY_STAFF,
    )
    listing = client.get(reverse("admin:members_loginaddresschange_changelist")).text
    assert old in listing and "ny.adress@forbund.example" in listing


@pytest.fixture
def admin_client_of():
    def make(user: User) -> Client:
        user.is_superuser = True
        user.save()
        client = Client()
        client.force_login(user)
        return client

    return make
