"""A meeting's documents: notice, agenda, papers, minutes, presentations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..models import Meeting


class MeetingDocument(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "kallelse", _("Notice")
        AGENDA = "dagordning", _("Agenda")
        PAPER = "handling", _("Paper")
        MINUTES = "protokoll", _("Minutes")
        PRESENTATION = "presentation", _("Presentation")
        OTHER = "ovrigt", _("Other")

    class MinutesState(models.TextChoices):
        # Only minutes have a state; every other document is there for the invitees at once.
        NONE = "", "–"
        DRAFT = "draft", _("Draft")
        ADJUSTED = "adjusted", _("Adjusted")
        PUBLISHED = "published", _("Published")

    class Made(models.TextChoices):
        """A document the portal made, found again to be replaced when made anew."""

        UPLOADED = "", _("Uploaded")
        MOTIONS = "motions", _("The motions with the board's statements")
        BUDGET = "budget", _("NNS's budget")
        OUTCOME = "outcome", _("The budget's outcome")
        AGENDA = "agenda", _("The agenda")
        MINUTES = "minutes", _("The minutes drafted from the meeting")
        FOLLOWUP = "followup", _("The follow-up of decisions")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="moten/%Y/", max_length=300)
    filename = models.CharField(_("file name"), max_length=200, editable=False)
    mimetype = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)
    made = models.CharField(
        _("made by"), max_length=10, choices=Made.choices, blank=True, editable=False
    )
    minutes_state = models.CharField(
        _("state of the minutes"),
        max_length=10,
        choices=MinutesState.choices,
        blank=True,
        editable=False,
    )
    adjusters = models.CharField(
        _("adjusted by"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("The adjusters (justerare) named in the minutes."),
    )
    adjusted_on = models.DateField(_("adjusted on"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
        editable=False,
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="protokoll") & ~Q(minutes_state=""))
                | (~Q(kind="protokoll") & Q(minutes_state="")),
                name="only_minutes_have_a_state",
            ),
            models.UniqueConstraint(
                fields=["meeting", "made"], condition=~Q(made=""), name="one_made_document_each"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_minutes(self) -> bool:
        return self.kind == self.Kind.MINUTES

    @property
    def is_published_minutes(self) -> bool:
        return self.minutes_state == self.MinutesState.PUBLISHED
