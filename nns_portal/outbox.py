"""Queuing and sending e-mail through the outbox.

The guarantees, and how they are kept:

- *Never queued twice*: a message is identified by its ``key`` (unique in the database).
- *Sent in batches*: queued rows are dispatched ``OUTBOX_BATCH_SIZE`` to a task. The task
  claims the batch's rows in one statement (``select_for_update(skip_locked=True)``: a row
  another worker holds is left to it), sends them over one SMTP connection, and records each
  row's outcome as soon as the server has answered for it.
- *Never sent twice*: a row is claimed under ``select_for_update`` and moved to ``sending``
  before the SMTP call, which happens outside any transaction. A second delivery of the same
  task finds the row ``sending`` or ``sent`` and does nothing.
- *Never lost*: a failure that may pass (a 4xx reply, a refused or broken connection) puts the
  row back to ``queued`` and the task is retried with back-off (at most an hour apart) for
  ``OUTBOX_RETRY_WINDOW_HOURS`` (48) from the first such failure, as mail servers do (a row of
  a batch is retried alone, by ``send_outbox_message``); a row
  whose task was lost (a broker restart) or whose worker died mid-send is picked up again by
  ``outbox_resume_stalled`` from Celery beat, after ``OUTBOX_CLAIM_LEASE_SECONDS`` (120).
- *When a message can still go twice*: only if the SMTP server accepted it and the row could
  not be marked sent afterwards — the worker died in between, or the database stayed
  unreachable for longer than ``OUTBOX_RECORD_PATIENCE_SECONDS`` (30; a restart is shorter).
  The row is then taken over after the lease and sent again, with the same Message-ID, which
  mail clients use to recognise the copy.
- A permanent refusal (a 5xx reply), or the end of the window, marks the row ``failed``; staff
  are told once, in the next daily summary (``outbox_failures_report``), and can retry it.
"""

import datetime
import email.policy
import functools
import itertools
import smtplib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from .mail_connection import deliver
from .models import OutboxAttachment, OutboxMessage


def claim_lease() -> datetime.timedelta:
    """How long a claimed row is left alone before it counts as abandoned by a dead worker:
    longer than an SMTP exchange can take (the mailer's timeout is 30 s)."""
    return datetime.timedelta(seconds=settings.OUTBOX_CLAIM_LEASE_SECONDS)


def dispatch_grace() -> datetime.timedelta:
    """How long a queued row may wait for its task before it is dispatched again."""
    return datetime.timedelta(seconds=settings.OUTBOX_DISPATCH_GRACE_SECONDS)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Draft:
    """A rendered message for one recipient, ready to be queued."""

    key: str
    category: str
    to: str
    subject: str
    body_text: str
    body_html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()


class SendDeferred(Exception):
    """The message could not be sent now but may be later: try again after ``countdown``."""

    def __init__(self, countdown: int) -> None:
        super().__init__(f"retry in {countdown} s")
        self.countdown = countdown


def _dispatch_on_commit(ids: Iterable[int]) -> None:
    from .tasks import send_outbox_batch

    queued_order = sorted(ids)
    for batch in itertools.batched(queued_order, settings.OUTBOX_BATCH_SIZE, strict=False):
        send_outbox_batch.delay_on_commit(list(batch))


def outbox_status_counts(*, messages: QuerySet[OutboxMessage]) -> dict[str, int]:
    """How many of ``messages`` are queued, being sent, sent and failed."""
    counts = dict(messages.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in OutboxMessage.Status.values}


def outbox_progress_text(*, counts: dict[str, int], expected: int | None = None) -> str:
    """ "3 queued, 120 sent, 1 failed": how far a group of messages has come, for staff; with
    how many were expected, also how many are missing (a job cut short never looks done)."""
    words = {
        "queued": counts["queued"] + counts["sending"],
        "sent": counts["sent"],
        "failed": counts["failed"],
    }
    if expected is None:
        return _("%(queued)s queued, %(sent)s sent, %(failed)s failed") % words
    words["expected"] = expected
    words["missing"] = max(expected - sum(counts.values()), 0)
    return (
        _(
            "%(expected)s expected: %(queued)s queued, %(sent)s sent, %(failed)s failed, "
            "%(missing)s missing"
        )
        % words
    )


def outbox_known_keys(*, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` are in the outbox already (so their messages need no rendering)."""
    return set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))


@transaction.atomic
def outbox_queue(*, drafts: Sequence[Draft]) -> int:
    """Queue every draft whose key is not in the outbox yet; returns how many were new.

    Sending starts when the surrounding transaction commits.
    """
    if not drafts:
        return 0
    domain = settings.OUTBOX_MESSAGE_ID_DOMAIN
    existing = outbox_known_keys(keys=[draft.key for draft in drafts])
    fresh = [draft for draft in drafts if draft.key not in existing]
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=draft.key,
                category=draft.category,
                to=draft.to,
                subject=draft.subject,
                body_text=draft.body_text,
                body_html=draft.body_html,
                headers=draft.headers,
                message_id=make_msgid(domain=domain),
            )
            for draft in fresh
        ],
        ignore_conflicts=True,  # a concurrent run queued the same key: theirs stands
    )
    # The rows this call created, to attach to: a concurrent call's row already has its
    # attachments. (Its rows without attachments match too; dispatching them is harmless.)
    ids = dict(
        OutboxMessage.objects.filter(
            key__in=[draft.key for draft in fresh], attachments__isnull=True
        ).values_list("key", "pk")
    )
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message_id=ids[draft.key],
            filename=attachment.filename,
            mimetype=attachment.mimetype,
            content=attachment.content,
        )
        for draft in fresh
        if draft.key in ids
        for attachment in draft.attachments
    )
    _dispatch_on_commit(ids.values())
    return len(ids)


def _claimable(now: datetime.datetime) -> Q:
    """Rows a send may take: not sent or failed, and not being sent by a live worker."""
    return Q(status=OutboxMessage.Status.QUEUED) | Q(
        Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - claim_lease()),
        status=OutboxMessage.Status.SENDING,
    )


def _claim(message_ids: Sequence[int], now: datetime.datetime) -> list[OutboxMessage]:
    """Take the claimable rows of ``message_ids`` for this worker, in one transaction."""
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk__in=list(message_ids))
            .order_by("pk")
        )
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
            status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
    for message in messages:
        message.status, message.attempts, message.claimed_at = (
            OutboxMessage.Status.SENDING,
            message.attempts + 1,
            now,
        )
    prefetch_related_objects(messages, "attachments")
    return messages


class _VerbatimHeader(UnstructuredHeader):
    """A header a mail client reads as written: a URL in angle brackets (List-Unsubscribe) or
    a keyword (List-Unsubscribe-Post). Folded like any header, a URL longer than a line would be
    sent as RFC 2047 encoded words, in which clients find no URL; these are ASCII and far
    shorter than the 998 characters a line may have, so they go on one line."""

    def fold(self, *, policy: email.policy.Policy) -> str:
        if not str(self).isascii() or len(str(self)) > 900:
            return super().fold(policy=policy)
        return f"{self.name}: {self}{policy.linesep}"


VERBATIM_HEADERS = ("list-unsubscribe", "list-unsubscribe-post")


class _ReusingHeaderRegistry(HeaderRegistry):
    """Python's header registry, parsing each distinct header once per process.

    Python's e-mail API parses every header it is given (about two thirds of formatting a
    message, bench/RESULTS.md); a fan-out's messages share most of theirs (From, Subject, the
    parts' Content-Type and Content-Transfer-Encoding). A parsed header is an immutable string,
    so the same one can stand in every message."""

    def __init__(self) -> None:
        super().__init__()
        for name in VERBATIM_HEADERS:
            self.map_to_type(name, _VerbatimHeader)
        self._parsed = functools.lru_cache(maxsize=4096)(super().__call__)

    def __call__(self, name: str, value: object) -> BaseHeader:
        try:
            return self._parsed(name, value)
        except TypeError:  # a value that cannot be a key
            return super().__call__(name, value)


@functools.cache
def _reusing_headers(policy: email.policy.EmailPolicy) -> email.policy.EmailPolicy:
    return policy.clone(header_factory=_ReusingHeaderRegistry())


class OutboxEmail(EmailMultiAlternatives):
    """Django's message, formatted with the given policy's rules and headers parsed once."""

    def message(self, *, policy: email.policy.EmailPolicy = email.policy.default) -> object:
        return super().message(policy=_reusing_headers(policy))


def outbox_email(message: OutboxMessage) -> OutboxEmail:
    outgoing = OutboxEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={**message.headers, "Message-ID": message.message_id},
    )
    if message.body_html:
        outgoing.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        outgoing.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return outgoing


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    # Lost or refused connections and timeouts pass; anything else is a fault of ours.
    return not isinstance(error, (smtplib.SMTPException, OSError))


def backoff_seconds(attempts: int) -> int:
    """1, 2, 4, 8, 16… minutes after each failed attempt (by default), at most an hour."""
    return min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600)


def _send_claimed(message: OutboxMessage, now: datetime.datetime, *, check: bool) -> int | None:
    """Send a claimed row and record how it went; returns the seconds until it should be tried
    again, or None when it is done (sent, or failed for good)."""
    try:
        deliver(outbox_email(message), check=check)
    except Exception as error:  # every failure is recorded on the row
        window = datetime.timedelta(hours=settings.OUTBOX_RETRY_WINDOW_HOURS)
        retry_until = message.retry_until or now + window
        permanent = _is_permanent(error) or now >= retry_until
        countdown = backoff_seconds(message.attempts)
        _record(
            message,
            status=OutboxMessage.Status.FAILED if permanent else OutboxMessage.Status.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=None if permanent else now + datetime.timedelta(seconds=countdown),
            retry_until=retry_until,
        )
        return None if permanent else countdown
    _record(message, status=OutboxMessage.Status.SENT, sent_at=timezone.now(), next_attempt_at=None)
    return None


def _record(message: OutboxMessage, **outcome: object) -> None:
    """Write how a send went. The SMTP server has answered, so the database being away for a
    moment (a restart) must not leave the row to be sent again: the write is tried again for
    up to ``OUTBOX_RECORD_PATIENCE_SECONDS``, well within the claim's lease."""
    delay, deadline = 0.5, time.monotonic() + settings.OUTBOX_RECORD_PATIENCE_SECONDS
    while True:
        try:
            OutboxMessage.objects.filter(pk=message.pk).update(**outcome)
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() + delay > deadline:
                raise
            connection.close()  # the next query opens a new one
            time.sleep(delay)
            delay = min(delay * 2, 5)


def outbox_send_batch(*, message_ids: Sequence[int]) -> dict[int, int]:
    """Send a batch of queued messages over one connection; returns the rows to try again
    later, with the seconds to wait for each."""
    now = timezone.now()
    deferred: dict[int, int] = {}
    # The kept connection is checked (NOOP) before the batch, not before each message; after
    # a failure it is closed, and the next message opens a new one.
    for index, message in enumerate(_claim(message_ids, now)):
        countdown = _send_claimed(message, now, check=index == 0)
        if countdown is not None:
            deferred[message.pk] = countdown
    return deferred


def outbox_send(*, message_id: int) -> None:
    """Send one queued message; raises SendDeferred when it should be tried again later."""
    countdown = outbox_send_batch(message_ids=[message_id]).get(message_id)
    if countdown is not None:
        raise SendDeferred(countdown)


def outbox_retry(*, message_ids: Iterable[int]) -> int:
    """Queue failed messages again (staff asked for it); returns how many."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=list(message_ids), status=OutboxMessage.Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxMessage.Status.QUEUED,
            attempts=0,
            next_attempt_at=None,
            retry_until=None,
            staff_told_at=None,
        )
        _dispatch_on_commit(ids)
    return len(ids)


def outbox_resume_stalled(*, now: datetime.datetime | None = None) -> int:
    """Dispatch again the rows whose task was lost or whose worker died while sending."""
    now = now or timezone.now()
    stalled = OutboxMessage.objects.filter(
        Q(
            status=OutboxMessage.Status.QUEUED,
            created_at__lt=now - dispatch_grace(),
            next_attempt_at__isnull=True,
        )
        | Q(status=OutboxMessage.Status.QUEUED, next_attempt_at__lt=now - dispatch_grace())
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - claim_lease())
    )
    ids = list(stalled.values_list("pk", flat=True))
    with transaction.atomic():
        _dispatch_on_commit(ids)
    return len(ids)


def outbox_failures_report(*, now: datetime.datetime) -> int:
    """Tell staff once about the messages that failed since the last report: one e-mail each
    (through the outbox itself), listing recipient, subject and reason. Returns how many."""
    from .emails import render_draft  # it imports this module

    failed = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED, staff_told_at__isnull=True)
        .exclude(category="outbox_failures")
        .order_by("created_at")
    )
    if not failed:
        return 0
    day = timezone.localtime(now).date().isoformat()
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    with transaction.atomic():
        outbox_queue(
            drafts=[
                render_draft(
                    key=f"outbox-failures:{day}:{failed[-1].pk}:user:{user.pk}",
                    category="outbox_failures",
                    to=user.email,
                    template="email/outbox_failures",
                    context={"messages": failed[:100], "count": len(failed)},
                    language=settings.LANGUAGE_CODE,
                )
                for user in staff
            ]
        )
        OutboxMessage.objects.filter(pk__in=[m.pk for m in failed]).update(staff_told_at=now)
    return len(failed)
