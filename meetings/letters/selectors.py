"""Reads about the board's letters: recipients, the archive, sending progress."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from members.models import Association, Person, Role, User
from nns_portal.emails import absolute_url
from nns_portal.models import OutboxMessage
from nns_portal.outbox import outbox_status_counts

from ..audience import NNS_BOARD
from ..models import Letter, LetterAttachment
from .render import letter_email, letter_html


def letter_recipients(*, on: datetime.date) -> QuerySet[Person]:
    """Everyone of every member association, and the NNS board, of the day; once each.

    People who declined the letters, and people without an address, are left out.
    """
    roles = Role.objects.current_on(on).filter(
        Q(association__in=Association.objects.members_on(on), kind__in=Role.ASSOCIATION_KINDS)
        | Q(association__isnull=True, kind__in=NNS_BOARD)
    )
    return Person.objects.filter(
        pk__in=roles.values("person_id"), email__gt="", receives_letters=True
    ).order_by("pk")


def letter_key_prefix(letter: Letter) -> str:
    return f"letter:{letter.pk}:"


def letter_failed_messages(*, letter: Letter) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        key__startswith=letter_key_prefix(letter), status=OutboxMessage.Status.FAILED
    ).order_by("to")


def letter_message_key(letter: Letter, person_id: int) -> str:
    return f"{letter_key_prefix(letter)}person:{person_id}"


def letter_progress(*, letter: Letter) -> dict[str, int]:
    """How many of the letter's e-mails are queued, being sent, sent and failed."""
    return outbox_status_counts(
        messages=OutboxMessage.objects.filter(key__startswith=letter_key_prefix(letter))
    )


def letters_for_user(*, user: User) -> QuerySet[Letter]:
    """The archive: sent letters, newest first, for anyone logged in."""
    if not user.is_authenticated:
        return Letter.objects.none()
    return Letter.objects.filter(status=Letter.Status.SENT).select_related(
        "board_meeting", "signed_by"
    )


def letter_get_for_user(*, user: User, pk: int) -> Letter:
    letter = letters_for_user(user=user).filter(pk=pk).first()
    if letter is None:
        raise Http404
    return letter


def letter_attachment_get_for_user(*, user: User, letter_pk: int, pk: int) -> LetterAttachment:
    letter = letter_get_for_user(user=user, pk=letter_pk)
    attachment = letter.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


@dataclass(frozen=True)
class LetterReading:
    """A letter as its page shows it (also the admin's preview)."""

    letter: Letter
    body_html: str
    signatory: Person | None
    attachments: list[LetterAttachment]


def letter_signatory(*, letter: Letter) -> Person | None:
    """Who signs: the person chosen, or the NNS chair on the day of the board meeting."""
    if letter.signed_by_id:
        return letter.signed_by
    role = (
        Role.objects.current_on(letter.board_meeting.first_day)
        .filter(kind=Role.Kind.NNS_CHAIR)
        .select_related("person")
        .first()
    )
    return role.person if role else None


def letter_reading(*, letter: Letter) -> LetterReading:
    return LetterReading(
        letter=letter,
        body_html=letter_html(letter.body),
        signatory=letter_signatory(letter=letter),
        attachments=list(letter.attachments.all()),
    )


def letter_email_preview(*, letter: Letter, to: str) -> str:
    """The letter's e-mail as HTML, as a reader would get it (its opt-out link leads to the
    archive, as nobody's own link is made for a preview)."""
    archive = absolute_url(reverse("meetings:letters"))
    return letter_email(
        letter=letter,
        key=f"{letter_key_prefix(letter)}preview",
        to=to,
        language=translation.get_language(),
        html=letter_html(letter.body),
        letter_url=absolute_url(reverse("meetings:letter", args=[letter.pk])),
        opt_out_url=archive,
        signatory=letter_signatory(letter=letter),
    ).body_html
