"""The board's letters to all members after a board meeting, and their attachments."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Person

from ..models import Meeting, MeetingType


class Letter(models.Model):
    """The board's letter to all members after a board meeting (not the minutes)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Being sent")
        SENT = "sent", _("Sent")

    # When the fan-out last queued a batch: one that has not for a while lost its task, and
    # beat resumes it.
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True, editable=False)
    # How many people the fan-out is to reach: a fan-out cut short shows what is missing.
    expected = models.PositiveIntegerField(
        _("recipients expected"), null=True, blank=True, editable=False
    )

    board_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("board meeting"),
        limit_choices_to={"type__code": MeetingType.Code.BOARD},
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: a blank line between paragraphs, ## for a heading, - for a list, "
            "**bold**, [text](https://address). HTML is not allowed."
        ),
    )
    signed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
        help_text=_("Empty: the NNS chair of the day."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter from the board")
        verbose_name_plural = _("letters from the board")
        ordering = ["-sent_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.board_meeting_id and self.board_meeting.type.code != MeetingType.Code.BOARD:
            raise ValidationError({"board_meeting": _("A letter follows a board meeting.")})


class LetterAttachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to="brev/%Y/",
        validators=[FileExtensionValidator(["pdf"])],
        help_text=_("PDF."),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
