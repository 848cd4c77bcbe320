"""The headers mail clients read, as the bytes Django's SMTP backend sends: List-Unsubscribe
as a plain URL with one-click unsubscribe (RFC 8058), Auto-Submitted on what the portal
generates (RFC 3834), and a Message-ID of the portal's own domain."""

import re
from email import message_from_bytes, policy

from django.test import Client
from django.urls import reverse

from meetings import services as meeting_services
from meetings.letters import services as letter_services
from tests.factories import MeetingFactory


def _headers(raw: bytes) -> str:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")


def test_a_letter_s_unsubscribe_link_is_a_plain_url_with_one_click(
    scene, letter, send, smtp_server, settings
):
    send(letter_services.letter_send, letter=letter)

    raw = next(r for r in smtp_server.raw if scene.chair_a.email.encode() in r)
    headers = _headers(raw)
    assert "=?" not in headers.split("List-Unsubscribe:")[1].split("\r\n")[0]
    link = re.search(r"^List-Unsubscribe: <(https?://\S+)>\r$", headers + "\r", re.M).group(1)
    assert "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in headers + "\r\n"
    assert "Auto-Submitted" not in headers  # the board wrote it
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["List-Unsubscribe"] == f"<{link}>"
    assert link.startswith(settings.PORTAL_URL + "/brev/avsluta/")


def test_the_one_click_post_unsubscribes_without_a_cookie_and_a_get_does_not(
    scene, letter, send, smtp_server
):
    send(letter_services.letter_send, letter=letter)
    raw = next(r for r in smtp_server.raw if scene.chair_a.email.encode() in r)
    path = re.search(rb"List-Unsubscribe: <https?://[^/]+(/\S+)>", raw).group(1).decode()
    mail_client = Client(enforce_csrf_checks=True)

    mail_client.get(path)
    scene.chair_a.refresh_from_db()
    assert scene.chair_a.receives_letters
    response = mail_client.post(path, "List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")  # fmt: skip

    assert response.status_code == 200
    scene.chair_a.refresh_from_db()
    assert not scene.chair_a.receives_letters
    assert mail_client.post(path[:-3] + "xx/").status_code == 400


def test_generated_mail_says_so_and_carries_the_portal_s_message_id(
    scene, frozen, send, smtp_server, settings
):
    send(meeting_services.invitations_send, meeting=MeetingFactory())
    Client().post(reverse("account_request_login_code"), {"email": scene.chair_b.email})

    invitation = _headers(next(r for r in smtp_server.raw if b"Ordf" in r))
    login_code = _headers(smtp_server.raw[-1])
    for headers in (invitation, login_code):
        assert "\r\nAuto-Submitted: auto-generated" in headers
        message_id = re.search(r"^Message-ID: <[^@>]+@([^>]+)>", headers, re.M).group(1)
        assert message_id == settings.OUTBOX_MESSAGE_ID_DOMAIN
