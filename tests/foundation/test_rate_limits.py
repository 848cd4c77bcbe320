"""Asking for login codes and guessing them are rate-limited, with a Swedish message."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
pytestmark = pytest.mark.django_db


REFUSED = "För många misslyckade inloggningsförsök. Försök igen senare."


def ask_for_code(client: Client, email: str) -> str:
    """'sent' when the code form accepted the address, else the form's error."""
    response = client.post(reverse("account_request_login_code"), {"email": email})
    if response.status_code == 302:
        return "sent"
    return " ".join(response.context["form"].errors["email"])


def test_a_fourth_code_in_a_minute_for_one_address_is_refused(client, mailoutbox):
    user = UserFactory()

    assert [ask_for_code(Client(), user.email) for _ in range(3)] == ["sent"] * 3
    response = client.post(reverse("account_request_login_code"), {"email": user.email})

    assert REFUSED in response.content.decode()
    assert len(mailoutbox) == 3


def test_one_client_address_may_ask_for_twenty_codes_a_minute(mailoutbox):
    users = UserFactory.create_batch(21)

    statuses = [ask_for_code(Client(), user.email) for user in users]

    assert statuses == ["sent"] * 20 + [REFUSED]
    assert len(mailoutbox) == 20


def test_another_client_address_is_not_held_back(mailoutbox):
    users = UserFactory.create_batch(21)
    for user in users[:20]:
        ask_for_code(Client(), user.email)

    other = Client(REMOTE_ADDR="192.0.2.7")

    assert ask_for_code(other, users[20].email) == "sent"


def test_three_wrong_codes_spend_the_code(client, mailoutbox):
    user = UserFactory()
    ask_for_code(client, user.email)
    code = CODE.search(mailoutbox[0].body).group(1)
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"

    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": wrong})
    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response["Location"] == reverse("account_request_login_code")
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_a_spoofed_forwarded_address_does_not_escape_the_limit(mailoutbox):
    users = UserFactory.create_batch(21)

    statuses = [
        ask_for_code(Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), user.email)
        for n, user in enumerate(users)
    ]

    assert statuses == ["sent"] * 20 + [REFUSED]
