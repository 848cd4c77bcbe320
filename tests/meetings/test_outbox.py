"""The outbox: one e-mail per key, sent once under a lock, retried when the failure may pass."""

import datetime
import smtplib
import socket
import threading

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError, connection, transaction
from django.db.models.query import QuerySet
from django.utils import timezone

from nns_portal import mail_connection, outbox, tasks
from nns_portal.models import OutboxMessage
from nns_portal.tasks import send_outbox_message
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _draft(key: str = "test:1", to: str = "anna@forbund.example") -> outbox.Draft:
    return outbox.Draft(
        key=key,
        category="test",
        to=to,
        subject="Hej på dig",
        body_text="Åäö",
        body_html="<p>Åäö</p>",
        attachments=[outbox.Attachment("mote.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )


def _queue_without_sending(*drafts: outbox.Draft) -> list[OutboxMessage]:
    outbox.outbox_queue(drafts=list(drafts))  # no on-commit callbacks run: nothing sent yet
    return list(OutboxMessage.objects.order_by("pk"))


def test_queuing_sends_once_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_queue(drafts=[_draft()]) == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["anna@forbund.example"] and sent.subject == "Hej på dig"
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.attachments[0].filename == "mote.ics"


def test_the_same_key_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.outbox_queue(drafts=[_draft()])
        assert outbox.outbox_queue(drafts=[_draft(), _draft()]) == 0
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_running_the_send_task_twice_sends_one_email():
    [message] = _queue_without_sending(_draft())
    send_outbox_message.delay(message.pk)
    send_outbox_message.delay(message.pk)
    assert len(mail.outbox) == 1


def test_a_message_being_sent_by_another_worker_is_left_alone():
    [message] = _queue_without_sending(_draft())
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )
    outbox.outbox_send(message_id=message.pk)
    assert mail.outbox == []


def test_a_worker_that_died_mid_send_is_taken_over_after_the_lease(
    django_capture_on_commit_callbacks,
):
    [message] = _queue_without_sending(_draft())
    long_ago = timezone.now() - outbox.claim_lease() - datetime.timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, claimed_at=long_ago, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_resume_stalled() == 1  # dispatches the task again
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_a_queued_message_whose_task_was_lost_is_dispatched_again(
    django_capture_on_commit_callbacks,
):
    [message] = _queue_without_sending(_draft())
    assert outbox.outbox_resume_stalled() == 0  # still within the grace period
    later = timezone.now() + outbox.dispatch_grace() + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_resume_stalled(now=later) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


class _FailingMailer:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def __call__(self, messages):
        raise self.error


@pytest.fixture
def failing_smtp(monkeypatch):
    def fail_with(error: Exception) -> None:
        monkeypatch.setattr(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", _FailingMailer(error)
        )

    return fail_with


def test_a_temporary_refusal_is_retried_with_back_off(failing_smtp):
    [message] = _queue_without_sending(_draft())
    failing_smtp(smtplib.SMTPResponseException(451, b"Try again later"))
    before = timezone.now()
    with pytest.raises(outbox.SendDeferred) as deferred:
        outbox.outbox_send(message_id=message.pk)
    assert deferred.value.countdown == 60
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED and message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at >= before + datetime.timedelta(seconds=60)
    assert [outbox.backoff_seconds(n) for n in range(1, 9)] == [
        60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]  # fmt: skip


def test_a_permanent_refusal_fails_at_once_and_staff_can_retry(
    failing_smtp, monkeypatch, django_capture_on_commit_callbacks
):
    [message] = _queue_without_sending(_draft())
    failing_smtp(smtplib.SMTPRecipientsRefused({"anna@forbund.example": (550, b"No such user")}))
    outbox.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_retry(message_ids=[message.pk]) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_temporary_refusals_are_retried_for_the_window_then_it_fails(failing_smtp, settings):
    settings.OUTBOX_RETRY_WINDOW_HOURS = 48
    [message] = _queue_without_sending(_draft())
    failing_smtp(smtplib.SMTPResponseException(451, b"Try again later"))
    start = timezone.now()

    for hours in (0, 1, 12, 47):  # far more than six tries, all within the window
        moment = start + datetime.timedelta(hours=hours)
        with time_machine.travel(moment, tick=False), pytest.raises(outbox.SendDeferred):
            outbox.outbox_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.QUEUED
    with time_machine.travel(start + datetime.timedelta(hours=48, minutes=1), tick=False):
        outbox.outbox_send(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert "451" in message.last_error
    assert message.retry_until == start + datetime.timedelta(hours=48)


def test_in_process_a_deferred_message_stays_queued_for_later(failing_smtp):
    [message] = _queue_without_sending(_draft())
    failing_smtp(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    send_outbox_message.delay(message.pk)  # eager: no worker to retry later
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED and message.attempts == 1


def _send_all(messages: list[OutboxMessage]) -> None:
    for message in messages:
        outbox.outbox_send(message_id=message.pk)


def test_messages_go_over_one_kept_smtp_connection(smtp_server):
    messages = _queue_without_sending(
        *(_draft(f"test:{n}", f"p{n}@forbund.example") for n in range(3))
    )

    _send_all(messages)

    assert [m["To"] for m in smtp_server.messages] == [f"p{n}@forbund.example" for n in range(3)]
    assert len(set(smtp_server.peers)) == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_dropped_connection_is_opened_anew_before_the_next_message(smtp_server):
    first, second = _queue_without_sending(_draft("test:1"), _draft("test:2"))
    outbox.outbox_send(message_id=first.pk)
    mail_connection._kept.mailer.connection.sock.shutdown(socket.SHUT_RDWR)  # a dropped line

    outbox.outbox_send(message_id=second.pk)

    assert len(smtp_server.messages) == 2
    assert len(set(smtp_server.peers)) == 2
    second.refresh_from_db()
    assert second.status == OutboxMessage.Status.SENT and second.attempts == 1


def test_after_a_failure_the_connection_is_not_used_again(smtp_server):
    first, second = _queue_without_sending(_draft("test:1"), _draft("test:2"))
    smtp_server.refuse_next = 1
    with pytest.raises(outbox.SendDeferred):
        outbox.outbox_send(message_id=first.pk)

    outbox.outbox_send(message_id=second.pk)

    assert [m["Subject"] for m in smtp_server.messages] == ["Hej på dig"]
    first.refresh_from_db()
    assert first.status == OutboxMessage.Status.QUEUED and "451" in first.last_error
    assert mail_connection._kept.mailer is not None  # a new one, opened for the second


def test_staff_are_told_once_of_each_failure(failing_smtp):
    StaffFactory(email="kansli@nns.example")
    [message] = _queue_without_sending(_draft())
    failing_smtp(smtplib.SMTPRecipientsRefused({"a@x.example": (550, b"No such user")}))
    outbox.outbox_send(message_id=message.pk)

    assert outbox.outbox_failures_report(now=timezone.now()) == 1
    assert outbox.outbox_failures_report(now=timezone.now()) == 0

    [report] = OutboxMessage.objects.filter(category="outbox_failures")
    assert report.to == "kansli@nns.example"
    assert "550" in report.body_text and "kunde inte levereras" in report.subject


def test_queued_messages_go_out_in_batches_one_task_each(
    smtp_server, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.OUTBOX_BATCH_SIZE = 2
    batches = []
    real = tasks.send_outbox_batch.delay

    def recording_delay(message_ids):
        batches.append(list(message_ids))
        return real(message_ids)

    monkeypatch.setattr(tasks.send_outbox_batch, "delay", recording_delay)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.outbox_queue(drafts=[_draft(f"test:{n}", f"p{n}@forbund.example") for n in range(5)])
    ids = list(OutboxMessage.objects.order_by("pk").values_list("pk", flat=True))
    assert batches == [ids[0:2], ids[2:4], ids[4:5]]  # in the order they were queued
    assert len(smtp_server.messages) == 5 and len(set(smtp_server.peers)) == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_temporary_refusal_in_a_batch_defers_that_row_only(smtp_server):
    messages = _queue_without_sending(
        *(_draft(f"test:{n}", f"p{n}@forbund.example") for n in range(3))
    )
    smtp_server.refuse_next = 1

    deferred = outbox.outbox_send_batch(message_ids=[m.pk for m in messages])

    assert deferred == {messages[0].pk: 60}
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "p1@forbund.example",
        "p2@forbund.example",
    ]
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {messages[0].pk: "queued", messages[1].pk: "sent", messages[2].pk: "sent"}


@pytest.mark.django_db(transaction=True)
def test_a_batch_leaves_a_row_another_worker_holds(smtp_server, monkeypatch):
    monkeypatch.setattr(outbox, "_dispatch_on_commit", lambda ids: None)  # commits here
    first, second = _queue_without_sending(
        _draft("test:1", "p1@forbund.example"), _draft("test:2", "p2@forbund.example")
    )
    held, release = threading.Event(), threading.Event()

    def hold_first() -> None:
        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(pk=first.pk)
            held.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold_first)
    holder.start()
    assert held.wait(10)
    try:
        assert outbox.outbox_send_batch(message_ids=[first.pk, second.pk]) == {}
    finally:
        release.set()
        holder.join()
    assert [m["To"] for m in smtp_server.messages] == ["p2@forbund.example"]
    assert dict(OutboxMessage.objects.values_list("pk", "status")) == {
        first.pk: "queued",  # left to the worker that holds it (or to resume_stalled_outbox)
        second.pk: "sent",
    }


def test_a_sent_message_is_recorded_though_the_database_is_away_for_a_moment(monkeypatch):
    [message] = _queue_without_sending(_draft())
    real_update, refusals = QuerySet.update, []

    def database_restarting(queryset, **values):
        if values.get("status") == OutboxMessage.Status.SENT and len(refusals) < 2:
            refusals.append(values)
            raise OperationalError("the database system is shutting down")
        return real_update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", database_restarting)
    monkeypatch.setattr(outbox.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(outbox.connection, "close", lambda: None)  # the test's transaction

    outbox.outbox_send(message_id=message.pk)

    message.refresh_from_db()
    assert len(refusals) == 2 and len(mail.outbox) == 1
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)


def test_a_message_is_formatted_as_django_formats_it_with_its_headers_parsed_once():
    """The outbox reuses parsed headers between messages; the bytes are Django's own."""
    import email.policy
    import random

    from django.core.mail import EmailMultiAlternatives

    drafts = [
        _draft("test:1", "anna@forbund.example"),
        _draft("test:2", "bo@förbund.example"),  # a domain of its own, IDNA in the header
    ]
    messages = _queue_without_sending(*drafts)
    messages[1].headers = {"Reply-To": "kansli@nns.example"}
    for message in messages + messages:  # the second round reuses the first's headers
        ours = outbox.outbox_email(message)
        django = EmailMultiAlternatives(
            subject=ours.subject,
            body=ours.body,
            from_email=ours.from_email,
            to=ours.to,
            headers=ours.extra_headers,
            alternatives=ours.alternatives,
            attachments=ours.attachments,
        )
        with time_machine.travel(timezone.now(), tick=False):
            formatted = []
            for built in (ours, django):
                random.seed(19)  # the same MIME boundaries
                formatted.append(built.message(policy=email.policy.SMTP).as_bytes())
        assert formatted[0] == formatted[1]
        assert (b"To: bo@xn--" in formatted[0]) == ("förbund" in message.to)

    first, second = (outbox.outbox_email(m).message(policy=email.policy.SMTP) for m in messages)
    assert first["Subject"] is second["Subject"]  # parsed once, the same header in both


def test_a_header_with_a_line_break_is_still_refused():
    [message] = _queue_without_sending(_draft())
    message.subject = "Hej\r\nBcc: angripare@evil.example"
    with pytest.raises(ValueError):
        outbox.outbox_email(message).message()
