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


def test_a_closed_staff_login_is_not_opened_again_by_an_association(client, scene, frozen, send):
    former = UserFactory(email="fd.kansli@nns.example", is_staff=True, is_active=False)
    client.force_login(scene.chair_a.user)

    response = send(_edit, client=client, association=scene.a, person=scene.officer_a,
                    email=former.email)  # fmt: skip
    refused = Client().post(_the_link(former.email))

    assert response.status_code == 302  # asked, like any address: see the test below
    assert "kan inte bli inloggningen" in refused.text
    former.refresh_from_db()
    assert (former.is_active, former.is_staff) == (False, True)
    scene.officer_a.refresh_from_db()
    assert scene.officer_a.user != former
    assert _login_code_sent_to(former.email) is None


def test_the_form_answers_alike_whoever_has_the_address(client, scene, frozen, send):
    """Another person's address, a login's without a person, a free one: the same answer, so
    the form tells nobody who is in the portal. Only the new address's owner learns more."""
    UserFactory(email="bara.inloggning@forbund.example")
    client.force_login(scene.chair_a.user)
    answers, confirmed = [], []
    for address in (scene.chair_b.email, "bara.inloggning@forbund.example", "fri@forbund.example"):
        response = send(_edit, client=client, association=scene.a, person=scene.officer_a,
                        email=address)  # fmt: skip
        told = [str(m) for m in client.get(response.url).context["messages"]]
        answers.append((response.status_code, [m.replace(address, "ADDRESS") for m in told]))
        link = Client().post(_the_link(address))
        confirmed.append(link.status_code == 302 or "kan inte bli inloggningen" not in link.text)

    assert answers[0] == answers[1] == answers[2]
    assert confirmed == [False, False, True]  # only the owner of the new address learns
    scene.officer_a.refresh_from_db()
    assert scene.officer_a.email == "fri@forbund.example"


@pytest.mark.parametrize("new_email", ["", ATTACKER])
def test_a_director_cannot_change_or_remove_the_chair_s_address(
    client, scene, frozen, send, new_email
):
    chair, login = scene.chair_a, scene.chair_a.user
    client.force_login(scene.director_a.user)

    response = send(_edit, client=client, association=scene.a, person=chair, email=new_email)

    assert response.status_code == 200
    assert "bara Anna" in response.text or "bara " + chair.first_name in response.text
    login.refresh_from_db()
    assert (login.email, login.is_active) == (chair.email, True)
    assert not LoginAddressChange.objects.exists()


def test_a_login_closed_by_removing_the_address_opens_again_with_a_new_one(
    client, scene, frozen, send
):
    person, login = scene.officer_a, scene.officer_a.user
    client.force_login(scene.chair_a.user)
    send(_edit, client=client, association=scene.a, person=person, email="")
    login.refresh_from_db()
    assert login.is_active is False

    send(_edit, client=client, association=scene.a, person=person, email="ny@forbund.example")
    Client().post(_the_link("ny@forbund.example"))

    login.refresh_from_db()
    assert (login.email, login.is_active) == ("ny@forbund.example", True)
    assert _login_code_sent_to("ny@forbund.example") is not None


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_one_address_at_once_give_one_login_and_no_500(transactional_db):
    import threading

    from members.services import login_address_change_confirm

    a, b = RoleFactory(kind=Role.Kind.OFFICER).person, RoleFactory(kind=Role.Kind.OFFICER).person
    changes = [
        LoginAddressChange.objects.create(person=p, old_email=p.email, new_email="delad@x.example",
                                          status=LoginAddressChange.Status.PENDING)
        for p in (a, b)
    ]  # fmt: skip
    barrier, outcomes = threading.Barrier(2), []

    def confirm(change):
        from django.core.exceptions import ValidationError
        from django.db import connection

        barrier.wait()
        try:
            login_address_change_confirm(change=change)
            outcomes.append("confirmed")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(change,)) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("confirmed") == 1
    assert "kan inte bli inloggningen" in next(o for o in outcomes if o != "confirmed")
    assert Person.objects.filter(email="delad@x.example").count() == 1


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
