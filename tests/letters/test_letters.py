"""The board's letter: safe rendering, recipients, fan-out, opting out, archive, reminder."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.letters import services as letter_services
from meetings.letters.render import letter_html
from meetings.letters.selectors import letter_progress, letter_recipients
from meetings.models import Letter, LetterAttachment
from members.models import Role
from nns_portal.models import OutboxMessage
from tests.factories import STOCKHOLM, PersonFactory, RoleFactory

DAY = datetime.date(2026, 10, 20)


@pytest.mark.parametrize(
    "body",
    [
        "Hej <script>alert('x')</script> där",
        "<img src=x onerror=alert(1)>Hej",
        "[klicka](javascript:alert(1))",
        '<a href="https://nns.example" onclick="alert(1)">länk</a>',
        "<style>body{display:none}</style><iframe src='https://evil.example'></iframe>",
    ],
)
def test_no_raw_html_or_script_reaches_the_page_or_the_email(client, scene, letter, body, send):
    letter.body = body
    letter.save()
    html = letter_html(body)
    for forbidden in ("<script", "onerror", "javascript:", "onclick", "<style", "<iframe", "<img"):
        assert forbidden not in html.lower()
    send(letter_services.letter_send, letter=letter)
    client.force_login(scene.chair_a.user)
    page = client.get(reverse("meetings:letter", args=[letter.pk])).text
    message = next(m for m in mail.outbox if m.to == [scene.chair_a.email])
    texts = (page.split('class="letter-body"')[1], message.alternatives[0].content, message.body)
    for text in texts:
        for forbidden in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<img"):
            assert forbidden not in text.lower()


def test_the_plain_text_part_is_the_letter_without_markdown_or_html(scene, letter, send):
    letter.body = (
        "Hej!\n\n## Budget 2027\n\n- Serviceavgiften: **3,5 promille**\n- Läs [planen]"
        "(https://nnsfinsam.se/plan)\n\n<b onclick='x()'>Fet & modig</b>"
    )
    letter.save()
    send(letter_services.letter_send, letter=letter)
    text = next(m for m in mail.outbox if m.to == [scene.chair_a.email]).body

    assert "Budget 2027\n\n- Serviceavgiften: 3,5 promille\n- Läs planen" in text
    assert "(https://nnsfinsam.se/plan)" in text
    assert "Fet & modig" in text
    for raw in ("##", "**", "<b", "onclick", "&amp;", "]("):
        assert raw not in text


def test_markdown_becomes_headings_lists_and_links():
    html = letter_html("## Rubrik\n\n- en\n- två\n\n[NNS](https://nnsfinsam.se) **fet**")
    assert "<h2>Rubrik</h2>" in html and "<li>en</li>" in html
    assert '<a href="https://nnsfinsam.se" rel="noopener noreferrer">NNS</a>' in html
    assert "<strong>fet</strong>" in html


def test_recipients_are_current_people_of_members_and_the_board_once_each(scene):
    RoleFactory(person=scene.chair_a, kind=Role.Kind.DIRECTOR, association=scene.b)
    Role.objects.filter(person=scene.officer_a).update(ends_on=datetime.date(2026, 1, 31))
    declined = PersonFactory(receives_letters=False)
    RoleFactory(person=declined, kind=Role.Kind.BOARD_MEMBER, association=scene.a)
    recipients = list(letter_recipients(on=DAY))
    assert len(recipients) == len(set(recipients))
    assert set(recipients) == {
        scene.chair_a, scene.director_a, scene.board_member_a, scene.chair_b, scene.director_b,
        scene.nns_chair, scene.nns_board_member,
    }  # fmt: skip
    # Not: the former chair of a former member, the officer whose role ended, the one who
    # declined, nor NNS staff (they write the letter).


def test_sending_queues_one_email_per_recipient_and_marks_it_sent(scene, letter, send, frozen):
    send(letter_services.letter_send, letter=letter)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and letter.sent_at
    assert len(mail.outbox) == 8
    message = next(m for m in mail.outbox if m.to == [scene.chair_a.email])
    assert message.subject == "Brev från NNS styrelse oktober 2026"
    assert "Efter styrelsemötet 14 oktober 2026" in message.body
    assert "Inga fler brev med e-post" in message.alternatives[0].content
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "Nina" in message.body  # signed by the NNS chair of the day
    assert letter_progress(letter=letter) == {"queued": 0, "sending": 0, "sent": 8, "failed": 0}
    with pytest.raises(Exception, match="redan skickats"):
        letter_services.letter_send(letter=letter)


def test_an_interrupted_fan_out_resumes_without_duplicates(scene, letter, send, monkeypatch):
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SCHEDULED)
    calls = []
    real_queue = letter_services.outbox_queue

    def die_after_first_batch(*, drafts):
        if calls:
            raise SystemExit("worker killed")
        calls.append(len(drafts))
        return real_queue(drafts=drafts)

    monkeypatch.setattr(letter_services, "outbox_queue", die_after_first_batch)
    with pytest.raises(SystemExit):
        send(letter_services.letter_fan_out, letter_id=letter.pk, batch_size=3)
    assert OutboxMessage.objects.filter(category="letter").count() == 3
    monkeypatch.setattr(letter_services, "outbox_queue", real_queue)
    assert send(letter_services.letter_fan_out, letter_id=letter.pk, batch_size=3) == 5
    assert send(letter_services.letter_fan_out, letter_id=letter.pk, batch_size=3) == 0
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 8


def test_opting_out_stops_the_next_letter(client, scene, letter, board_meeting, send):
    token = letter_services.opt_out_token(scene.chair_a)
    url = reverse("meetings:letters_opt_out", args=[token])
    assert "Vill du sluta få styrelsens brev" in client.get(url).text
    scene.chair_a.refresh_from_db()
    assert scene.chair_a.receives_letters  # a GET (a mail scanner) changes nothing
    assert "kommer inte längre att få" in client.post(url).text
    send(letter_services.letter_send, letter=letter)
    assert scene.chair_a.email not in {m.to[0] for m in mail.outbox}
    assert client.post(reverse("meetings:letters_opt_out", args=["x:y"])).status_code == 400


def test_staff_are_reminded_once_when_no_letter_follows_a_board_meeting(scene, board_meeting, send):
    scene.staff.email = "kansli@nns.example"
    scene.staff.save()

    def beat(day: datetime.date) -> None:
        at = datetime.datetime.combine(day, datetime.time(8, 5), STOCKHOLM)
        with time_machine.travel(at, tick=False):
            send(letter_services.staff_remind_of_missing_letters)

    beat(datetime.date(2026, 10, 20))  # six days after: not yet
    assert mail.outbox == []
    beat(datetime.date(2026, 10, 22))
    beat(datetime.date(2026, 10, 23))
    beat(datetime.date(2026, 10, 30))
    assert [m.to for m in mail.outbox] == [["kansli@nns.example"]]
    assert mail.outbox[0].subject == "Inget brev än efter styrelsemötet 14 oktober 2026"


def test_no_reminder_when_the_letter_went_out(scene, board_meeting, letter, send):
    scene.staff.email = "kansli@nns.example"
    scene.staff.save()
    send(letter_services.letter_send, letter=letter)
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2026, 10, 30, 8, 5, tzinfo=STOCKHOLM)):
        send(letter_services.staff_remind_of_missing_letters)
    assert mail.outbox == []


def test_the_archive_lists_newest_first_with_the_board_meeting_date(client, scene, letter, send):
    older = Letter.objects.create(
        board_meeting=letter.board_meeting, title="Brev från NNS styrelse september", body="x"
    )
    send(letter_services.letter_send, letter=older)
    send(letter_services.letter_send, letter=letter)
    client.force_login(scene.officer_a.user)
    page = client.get(reverse("meetings:letters")).text
    assert page.index("oktober 2026</a>") < page.index("september</a>")
    assert "efter styrelsemötet 14 oktober 2026" in page


def test_staff_preview_then_retry_the_failed(client, scene, letter, send, monkeypatch):
    scene.staff.is_superuser = True
    scene.staff.save()
    client.force_login(scene.staff)
    email = client.get(reverse("admin:meetings_letter_preview_email", args=[letter.pk]))
    assert "<h2>Budget 2027</h2>" in email.text and "Inga fler brev med e-post" in email.text
    # The e-mail's inline styles show, and nothing in it could run.
    assert email["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    page = client.get(reverse("admin:meetings_letter_preview_page", args=[letter.pk]))
    assert "<strong>3,5 promille</strong>" in page.text
    assert OutboxMessage.objects.count() == 0  # previews send nothing

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in messages})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with_send = reverse("admin:meetings_letter_send", args=[letter.pk])
    confirmation = client.get(with_send)
    assert "8 personer får:" in confirmation.text and OutboxMessage.objects.count() == 0
    send(client.post, path=with_send, data={"confirmed": "yes"})
    letter.refresh_from_db()
    assert letter_progress(letter=letter)["failed"] == 8
    change = client.get(reverse("admin:meetings_letter_change", args=[letter.pk]))
    assert "0 i kö, 0 skickade, 8 misslyckade" in change.text
    monkeypatch.undo()
    retry = reverse("admin:meetings_letter_retry", args=[letter.pk])
    assert "8 personer får:" in client.post(retry).text  # the confirmation page first
    assert letter_progress(letter=letter)["failed"] == 8
    send(client.post, path=retry, data={"confirmed": "yes"})
    assert letter_progress(letter=letter)["sent"] == 8
    assert len(mail.outbox) == 8


def test_a_pdf_attachment_is_for_logged_in_members_of_sent_letters(client, scene, letter, send):
    attachment = LetterAttachment.objects.create(
        letter=letter, name="Verksamhetsplan 2027", file=ContentFile(b"%PDF-1.7 plan", "vp.pdf")
    )
    url = reverse("meetings:letter_attachment", args=[letter.pk, attachment.pk])
    client.force_login(scene.officer_a.user)
    assert client.get(url).status_code == 404  # still a draft
    send(letter_services.letter_send, letter=letter)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="Verksamhetsplan 2027.pdf"' in response["Content-Disposition"]
    message = next(m for m in mail.outbox if m.to == [scene.officer_a.email])
    assert "Verksamhetsplan 2027" in message.alternatives[0].content
    client.logout()
    assert client.get(url).status_code == 302


def test_a_fan_out_that_loses_the_database_tries_again_by_itself(scene, letter, send, monkeypatch):
    """The task retries with a short back-off (here in-process, at once) and the letter
    reaches everyone once; beat's resumption is not needed."""
    from django.db import OperationalError

    from meetings import tasks

    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SCHEDULED)
    real_fan_out = letter_services.letter_fan_out
    attempts = []

    def database_gone_once(*, letter_id):
        attempts.append(letter_id)
        if len(attempts) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_fan_out(letter_id=letter_id)

    monkeypatch.setattr(tasks.letter_services, "letter_fan_out", database_gone_once)
    result = send(tasks.fan_out_letter.apply, kwargs={"letter_id": letter.pk}, throw=False)
    assert result.successful() and len(attempts) == 2
    assert OutboxMessage.objects.filter(category="letter").count() == 8
    assert tasks.fan_out_letter.retry_backoff == 2 and tasks.fan_out_letter.max_retries == 5


def test_a_fan_out_cut_short_shows_who_is_missing_and_staff_send_on(
    scene, letter, send, monkeypatch, staff_client
):
    letter_services.letter_send(letter=letter)  # its fan-out's task is lost with the broker
    letter.refresh_from_db()
    assert letter.expected == 8
    real_queue = letter_services.outbox_queue
    calls = []

    def die_after_first_batch(*, drafts):
        if calls:
            raise SystemExit("worker killed")
        calls.append(len(drafts))
        return real_queue(drafts=drafts)

    monkeypatch.setattr(letter_services, "outbox_queue", die_after_first_batch)
    with pytest.raises(SystemExit):
        letter_services.letter_fan_out(letter_id=letter.pk, batch_size=3)
    monkeypatch.setattr(letter_services, "outbox_queue", real_queue)
    change = reverse("admin:meetings_letter_change", args=[letter.pk])
    page = " ".join(staff_client.get(change).text.split())
    assert "8 väntade: 3 i kö, 0 skickade, 0 misslyckade, 5 saknas" in page
    assert "Fortsätt skicka till dem som inte nåtts" in page
    send(staff_client.post, path=reverse("admin:meetings_letter_send", args=[letter.pk]))
    page = " ".join(staff_client.get(change).text.split())
    assert "8 väntade:" in page and ", 0 saknas" in page
    assert OutboxMessage.objects.filter(category="letter").count() == 8
