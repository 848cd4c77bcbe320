import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from members.models import User
from members.services import person_save
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_a_person_with_an_address_gets_a_login_tied_to_them():
    person = PersonFactory(email="Karin.Berg@Forbund.example")

    assert person.user.email == "karin.berg@forbund.example"
    assert EmailAddress.objects.get(user=person.user).verified


@pytest.mark.django_db
def test_a_changed_address_moves_the_login():
    person = PersonFactory(email="gammal@forbund.example")
    user = person.user

    person.email = "ny@forbund.example"
    person_save(person=person)

    user.refresh_from_db()
    assert person.user == user
    assert user.email == "ny@forbund.example"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "ny@forbund.example"
    ]


@pytest.mark.django_db
def test_removing_the_address_closes_the_login():
    person = PersonFactory()

    person.email = ""
    person_save(person=person)

    assert not User.objects.get(pk=person.user_id).is_active


@pytest.mark.django_db
def test_someone_not_in_the_register_is_told_by_mail_not_on_the_page(client, mailoutbox):
    response = client.post(
        reverse("account_request_login_code"), {"email": "okand@example.se"}, follow=True
    )

    assert response.status_code == 200
    [message] = mailoutbox
    assert "finns inte i NNS medlemsregister" in message.body
    assert "okand@example.se" not in response.text.split("<main")[1].split("En inloggningskod")[0]


def _ask_code(email: str) -> None:
    Client().post(reverse("account_request_login_code"), {"email": email})


@pytest.mark.django_db
def test_an_address_outside_the_register_is_told_at_most_once_a_day(mailoutbox, settings):
    settings.UNKNOWN_ADDRESS_NOTICE_HOURS = 24
    for _ in range(3):
        _ask_code("okand@example.se")

    assert [m.to for m in mailoutbox] == [["okand@example.se"]]


@pytest.mark.django_db
def test_an_address_that_asked_for_no_more_notices_gets_none(mailoutbox):
    _ask_code("okand@example.se")
    [notice] = mailoutbox
    path = urlsplit(re.search(r"https?://\S+/inloggning/inga-fler/\S+/", notice.body)[0]).path
    visitor = Client()

    assert "okand@example.se" in visitor.get(path).text
    assert "inga fler meddelanden" in visitor.post(path).text
    cache.clear()  # a day later
    _ask_code("okand@example.se")
    _ask_code("OKAND@example.se")

    assert len(mailoutbox) == 1
    assert Client().get(path[:-3] + "xx/").status_code == 400
