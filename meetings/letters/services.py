"""Writes about the board's letters: sending to every member, opting out, reminding staff."""

import datetime
import itertools

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person
from members.selectors import staff_with_address
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import Draft, outbox_known_keys, outbox_queue, outbox_retry

from ..models import Letter, Meeting, MeetingType
from .render import letter_email, letter_html
from .selectors import (
    letter_failed_messages,
    letter_message_key,
    letter_recipients,
    letter_signatory,
)

FAN_OUT_BATCH = 500
OPT_OUT_SALT = "letters.opt-out"


def opt_out_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=OPT_OUT_SALT)


def person_for_opt_out_token(token: str) -> Person:
    """The person an opt-out link names; raises signing.BadSignature for a bad link."""
    person = Person.objects.filter(pk=signing.loads(token, salt=OPT_OUT_SALT)).first()
    if person is None:
        raise signing.BadSignature("no such person")
    return person


def letters_opt_out(*, person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(receives_letters=False)


def letter_draft(*, letter: Letter, person: Person, html: str, signatory: Person | None) -> Draft:
    """The letter's e-mail to one person of the register, with their own opt-out link."""
    return letter_email(
        letter=letter,
        key=letter_message_key(letter, person.pk),
        to=person.email,
        language=person.preferred_language,
        html=html,
        letter_url=absolute_url(reverse("meetings:letter", args=[letter.pk])),
        opt_out_url=absolute_url(reverse("meetings:letters_opt_out", args=[opt_out_token(person)])),
        signatory=signatory,
    )


def letter_refuse_unless_sendable(*, letter: Letter, now: datetime.datetime | None = None) -> None:
    """A letter goes out once, and only after its board meeting has ended: it tells members
    what the board decided."""
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(_("The letter has already been sent."))
    meeting = letter.board_meeting
    if meeting.ends_at > (now or timezone.now()):
        raise ValidationError(
            _("The board meeting of %(day)s has not ended yet: the letter can be sent once it has.")
            % {"day": meeting.first_day.isoformat()}
        )


@transaction.atomic
def letter_send(*, letter: Letter) -> Letter:
    """Start sending a draft to everyone; the fan-out runs in the worker."""
    from ..tasks import fan_out_letter  # the tasks module imports this one

    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("board_meeting")
        .get(pk=letter.pk)
    )
    letter_refuse_unless_sendable(letter=letter)
    letter.full_clean()
    letter.status = Letter.Status.SCHEDULED
    letter.progress_at = timezone.now()
    letter.expected = len(letter_recipients(on=timezone.localdate()))
    letter.save(update_fields=["status", "progress_at", "expected"])
    fan_out_letter.delay_on_commit(letter.pk)
    return letter


@transaction.atomic
def letter_fan_out_resume(*, letter: Letter) -> Letter:
    """Staff send again a letter whose fan-out was cut short: it goes on to those missing
    (those reached already are not e-mailed twice)."""
    from ..tasks import fan_out_letter  # the tasks module imports this one

    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.SCHEDULED:
        raise ValidationError(_("The letter has already been sent."))
    letter.progress_at = timezone.now()
    letter.save(update_fields=["progress_at"])
    fan_out_letter.delay_on_commit(letter.pk)
    return letter


def letter_fan_out(*, letter_id: int, batch_size: int = FAN_OUT_BATCH) -> int:
    """Queue one e-mail per recipient, in batches; returns how many were queued now.

    Safe to run again after an interruption: recipients already queued are skipped.
    """
    letter = (
        Letter.objects.select_related("board_meeting", "signed_by").filter(pk=letter_id).first()
    )
    if letter is None or letter.status == Letter.Status.DRAFT:
        return 0
    html = letter_html(letter.body)
    signatory = letter_signatory(letter=letter)
    recipients = list(letter_recipients(on=timezone.localdate()))
    Letter.objects.filter(pk=letter.pk).update(expected=len(recipients))
    queued = 0
    for batch in itertools.batched(recipients, batch_size, strict=False):
        known = outbox_known_keys(keys=[letter_message_key(letter, p.pk) for p in batch])
        drafts = [
            letter_draft(letter=letter, person=person, html=html, signatory=signatory)
            for person in batch
            if letter_message_key(letter, person.pk) not in known
        ]
        queued += outbox_queue(drafts=drafts)
        Letter.objects.filter(pk=letter.pk).update(progress_at=timezone.now())
    if letter.status == Letter.Status.SCHEDULED:
        Letter.objects.filter(pk=letter.pk).update(
            status=Letter.Status.SENT, sent_at=timezone.now()
        )
    return queued


def letters_resume_stalled(*, now: datetime.datetime) -> list[int]:
    """Dispatch again the fan-out of every letter being sent that has queued nothing for
    ``JOB_STALL_SECONDS``: its task was lost with the broker or its worker. Safe beside a
    copy still running: a recipient's e-mail is queued once whatever runs."""
    from ..tasks import fan_out_letter

    stalled_before = now - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS)
    with transaction.atomic():
        ids = list(
            Letter.objects.select_for_update(skip_locked=True)
            .filter(status=Letter.Status.SCHEDULED, progress_at__lt=stalled_before)
            .values_list("pk", flat=True)
        )
        Letter.objects.filter(pk__in=ids).update(progress_at=now)
        for letter_id in ids:
            fan_out_letter.delay_on_commit(letter_id)
    return ids


def letter_retry_failed(*, letter: Letter) -> int:
    failed = letter_failed_messages(letter=letter)
    return outbox_retry(message_ids=list(failed.values_list("pk", flat=True)))


def board_meetings_without_letter(*, now: datetime.datetime) -> list[Meeting]:
    """Board meetings that ended the set number of days ago or more, with no letter sent."""
    ended_before = now - datetime.timedelta(days=settings.LETTER_REMINDER_DAYS)
    return list(
        Meeting.objects.filter(
            type__code=MeetingType.Code.BOARD,
            status=Meeting.Status.PLANNED,
            ends_at__lte=ended_before,
            ends_at__gte=ended_before - datetime.timedelta(days=60),
        )
        .exclude(letters__status__in=[Letter.Status.SCHEDULED, Letter.Status.SENT])
        .order_by("starts_at")
    )


@transaction.atomic
def staff_remind_of_missing_letters(*, now: datetime.datetime | None = None) -> int:
    """E-mail staff once per board meeting whose letter is overdue; returns how many queued."""
    now = now or timezone.now()
    staff = list(staff_with_address())
    drafts = [
        render_draft(
            key=f"letter-reminder:meeting:{meeting.pk}:user:{user.pk}",
            category="letter_reminder",
            to=user.email,
            template="meetings/email/letter_reminder",
            context={
                "meeting": meeting,
                "user": user,
                "days": settings.LETTER_REMINDER_DAYS,
                "add_url": absolute_url(reverse("admin:meetings_letter_add")),
            },
            language=settings.LANGUAGE_CODE,
        )
        for meeting in board_meetings_without_letter(now=now)
        for user in staff
    ]
    return outbox_queue(drafts=drafts)
