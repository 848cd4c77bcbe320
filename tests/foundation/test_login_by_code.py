import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


@pytest.mark.django_db
def test_login_code_mail_goes_over_smtp_in_swedish(client, smtp_server):
    user = UserFactory(email="asa.oberg@forbund.example", first_name="Åsa")

    response = client.post(reverse("account_request_login_code"), {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    [message] = smtp_server.messages
    assert message["To"] == user.email
    assert message["Subject"] == "NNS: Din inloggningskod"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.replace("\r\n", "\n").startswith(
        "Hej!\n\nHär är din kod för att logga in på NNS-portalen:"
    )
    assert "Hej från" not in body and "Tack för att du använder" not in body  # the stock text
    assert "NNS-portalen – http" in body
    code = CODE.search(body).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == user


@pytest.mark.django_db
def test_unknown_address_gets_no_code_and_the_page_does_not_tell(client, mailoutbox):
    known = UserFactory()

    for email in (known.email, "inte.registrerad@example.se"):
        response = client.post(reverse("account_request_login_code"), {"email": email})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_confirm_login_code")
        client.cookies.clear()

    known_mail, unknown_mail = mailoutbox
    assert CODE.search(known_mail.body)
    assert not CODE.search(unknown_mail.body)
    assert unknown_mail.to == ["inte.registrerad@example.se"]


@pytest.mark.django_db
def test_password_login_page_leads_to_the_code_form(client):
    response = client.get("/konto/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code") + "?next=/admin/"


@pytest.mark.django_db
def test_nobody_can_sign_up(client):
    response = client.post(reverse("account_signup"), {"email": "ny@example.se"})

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
