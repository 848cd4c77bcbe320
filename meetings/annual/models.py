"""The annual and members' meetings: the statutes' deadlines, motions, and the roll call."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Association, Person

from ..decisions.choices import TieRule
from ..models import Meeting


class Statutes(models.Model):
    """NNS's own deadlines before an annual or members' meeting, as its statutes fix them.
    One row, edited by staff; a meeting may set its own dates instead."""

    notice_days = models.PositiveSmallIntegerField(
        _("notice, days before"),
        default=35,
        help_text=_("The notice (kallelse) goes out this many days before the meeting."),
    )
    notice_min_days = models.PositiveSmallIntegerField(
        _("notice at the latest, days before"), default=21
    )
    notice_max_days = models.PositiveSmallIntegerField(
        _("notice at the earliest, days before"), default=42
    )
    motion_days = models.PositiveSmallIntegerField(
        _("motions, days before"),
        default=28,
        help_text=_("Motions are due by the end of the day this many days before the meeting."),
    )
    papers_days = models.PositiveSmallIntegerField(
        _("papers, days before"),
        default=7,
        help_text=_("The papers (handlingar) are out this many days before the meeting."),
    )
    warn_days = models.PositiveSmallIntegerField(
        _("warn staff, days before a deadline"),
        default=7,
        help_text=_("Staff are e-mailed once when a deadline is this near and not met."),
    )

    tie_in_matters = models.CharField(
        _("tied votes on a matter"),
        max_length=14,
        choices=TieRule.choices,
        default=TieRule.CASTING_VOTE,
        help_text=_("Usually the chair's casting vote (utslagsröst)."),
    )
    tie_in_elections = models.CharField(
        _("tied votes in an election"),
        max_length=14,
        choices=TieRule.choices,
        default=TieRule.LOTTERY,
        help_text=_("Usually a lottery."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statutes' deadlines")
        verbose_name_plural = _("statutes' deadlines")

    def __str__(self) -> str:
        return str(_("The statutes' deadlines"))

    def clean(self) -> None:
        if not self.notice_min_days <= self.notice_days <= self.notice_max_days:
            raise ValidationError(
                {"notice_days": _("The notice must lie between the earliest and the latest day.")}
            )
        if not self.papers_days < self.motion_days:
            raise ValidationError({"motion_days": _("Motions are due before the papers go out.")})


class Motion(models.Model):
    """A member association's motion to an annual or members' meeting, the board's statement
    and proposal on it, and the meeting's decision."""

    class Proposal(models.TextChoices):
        NONE = "", _("No statement yet")
        APPROVE = "bifall", _("Approve (bifall)")
        REJECT = "avslag", _("Reject (avslag)")
        ANSWERED = "besvarad", _("Answered (besvarad)")

    class Decision(models.TextChoices):
        NONE = "", _("Not decided")
        APPROVED = "bifallen", _("Approved")
        REJECTED = "avslagen", _("Rejected")
        ANSWERED = "besvarad", _("Answered")
        REFERRED = "aterremitterad", _("Referred back")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="motions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    submitted_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("motion"))
    attachment = models.FileField(
        _("attachment"), upload_to="motioner/%Y/", max_length=300, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), editable=False)
    late = models.BooleanField(
        _("late"), default=False, editable=False, help_text=_("Registered after the deadline.")
    )
    statement = models.TextField(_("the board's statement"), blank=True)
    proposal = models.CharField(
        _("the board's proposal"), max_length=10, choices=Proposal.choices, blank=True
    )
    decision = models.CharField(
        _("the meeting's decision"), max_length=15, choices=Decision.choices, blank=True
    )
    decision_note = models.TextField(_("about the decision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_number_per_motion"),
            models.CheckConstraint(
                condition=Q(proposal="") | ~Q(statement=""), name="proposal_with_statement"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Motion')} {self.number}: {self.title}"

    @property
    def has_statement(self) -> bool:
        return bool(self.statement and self.proposal)


class RollCallEntry(models.Model):
    """A member association present at the meeting through its delegate: one vote.

    One row per association and meeting, whoever checks it in and however often."""

    class Attendance(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="roll_call", verbose_name=_("meeting")
    )
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="+", verbose_name=_("association")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("delegate")
    )
    attendance = models.CharField(
        _("attends"), max_length=10, choices=Attendance.choices, default=Attendance.ON_SITE
    )
    proxy = models.FileField(
        _("proxy (fullmakt)"), upload_to="fullmakter/%Y/", max_length=300, blank=True
    )
    present = models.BooleanField(_("present"), default=True)
    checked_in_at = models.DateTimeField(_("checked in"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roll call entry")
        verbose_name_plural = _("roll call")
        ordering = ["meeting", "association__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "association"], name="one_vote_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association} ({self.person})"
