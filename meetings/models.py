"""The meeting plan: types with their audience, meetings, invitations and answers."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Area, Association, Person


class MeetingType(models.Model):
    """A kind of meeting. Who is invited follows from the code (see ``audience.py``)."""

    class Code(models.TextChoices):
        BOARD = "styrelsemote", _("Board meeting")
        MONTHLY = "manadsmote", _("Monthly meeting")
        CHAIRS = "ordforandetraff", _("Chairs' meeting")
        AUDIT = "revisionsmote", _("Audit meeting")
        ANNUAL = "arsmote", _("Annual meeting")
        CONSTITUTIVE = "konstituerande", _("Constitutive board meeting")
        MEMBERS = "medlemsmote", _("Members' meeting")
        PLANNING = "planeringsdag", _("Planning day")
        AREA = "omradestraff", _("Area meeting")

    # At these each member association has one vote, cast by its delegate (ombud).
    VOTING = frozenset({Code.ANNUAL, Code.MEMBERS})

    code = models.CharField(_("type"), max_length=20, choices=Code.choices, unique=True)
    default_start = models.TimeField(_("usual start"), null=True, blank=True)
    default_end = models.TimeField(_("usual end"), null=True, blank=True)
    invitation_lead_days = models.PositiveSmallIntegerField(
        _("invite days before"), help_text=_("Invitations go out this many days before.")
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind days before"),
        null=True,
        blank=True,
        help_text=_(
            "Those who have not answered are reminded this many days before; empty: no reminder."
        ),
    )
    in_public_plan = models.BooleanField(
        _("in the public plan"),
        default=True,
        help_text=_("Shown in the public calendar of open meetings."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting type")
        verbose_name_plural = _("meeting types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def has_delegates(self) -> bool:
        return self.code in self.VOTING


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, verbose_name=_("type"))
    title = models.CharField(_("title"), max_length=200)
    # Stored in UTC and shown in Europe/Stockholm. An all-day meeting runs from midnight of
    # its first day to midnight after its last day, local time (as in iCalendar).
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(_("all day"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("area"),
        help_text=_("Only for an area meeting."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # iCalendar SEQUENCE: raised by every change that invitees are told about.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # When what a calendar shows of the meeting last changed: its DTSTAMP in the feeds.
    revised_at = models.DateTimeField(_("revised"), default=timezone.now, editable=False)
    invitations_sent_at = models.DateTimeField(
        _("invitations sent"), null=True, blank=True, editable=False
    )
    reminders_sent_at = models.DateTimeField(
        _("reminders sent"), null=True, blank=True, editable=False
    )
    invitations_by_hand = models.BooleanField(
        _("invitations sent by hand"),
        default=False,
        help_text=_(
            'On: the invitations go out only when staff send them (the action "Send the '
            "invitations now\"). Off: by themselves, on the meeting type's day."
        ),
    )
    # An annual or members' meeting's own deadlines; empty: from the statutes (annual/deadlines).
    notice_on = models.DateField(
        _("notice goes out"), null=True, blank=True, help_text=_("Empty: as the statutes say.")
    )
    motions_due_on = models.DateField(
        _("motions due"), null=True, blank=True, help_text=_("Empty: as the statutes say.")
    )
    papers_on = models.DateField(
        _("papers out"), null=True, blank=True, help_text=_("Empty: as the statutes say.")
    )

    history = HistoricalRecords(excluded_fields=["invitations_sent_at", "reminders_sent_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def clean(self) -> None:
        if self.type_id and self.type.code == MeetingType.Code.AREA and not self.area_id:
            raise ValidationError({"area": _("An area meeting needs its area.")})
        if self.type_id and self.type.code != MeetingType.Code.AREA and self.area_id:
            raise ValidationError({"area": _("Only an area meeting has an area.")})

    @property
    def first_day(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self) -> datetime.date:
        end = timezone.localtime(self.ends_at)
        return (end - datetime.timedelta(days=1)).date() if self.all_day else end.date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at


class Invitation(models.Model):
    """One person invited to one meeting, and their answer."""

    class Capacity(models.TextChoices):
        INVITED = "invited", _("Invited")
        FOR_INFORMATION = "information", _("For information")

    class Answer(models.TextChoices):
        NONE = "", _("Not answered")
        COMING = "coming", _("Coming")
        NOT_COMING = "not_coming", _("Not coming")
        SUBSTITUTE = "substitute", _("Someone else comes instead")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("association"),
        help_text=_("The association the person was invited for."),
    )
    capacity = models.CharField(_("invited as"), max_length=12, choices=Capacity.choices)
    answer = models.CharField(
        _("answer"), max_length=12, choices=Answer.choices, blank=True, default=Answer.NONE
    )
    substitute = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comes instead"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_each"),
            models.CheckConstraint(
                condition=Q(answer="substitute", substitute__isnull=False)
                | (~Q(answer="substitute") & Q(substitute__isnull=True)),
                name="substitute_only_with_that_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class MeetingDelegate(models.Model):
    """The person who casts a member association's vote at an annual or members' meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("meeting")
    )
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="+", verbose_name=_("association")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("delegate")
    )
    named_at = models.DateTimeField(_("named"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "association"], name="one_delegate_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.association})"


class AreaMeetingRequest(models.Model):
    """A member association asks for a meeting of its area."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="+", verbose_name=_("association")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name=_("area"))
    requested_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    handled_at = models.DateTimeField(
        _("handled"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When staff marked the request as dealt with (a meeting planned, say)."),
    )

    class Meta:
        verbose_name = _("request for an area meeting")
        verbose_name_plural = _("requests for area meetings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.association} {timezone.localtime(self.created_at):%Y-%m-%d}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar address; whoever knows the token can read it."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("person")
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)


class MeetingMessage(models.Model):
    """A practical message from staff to everyone a meeting's invitations went to (the room,
    what to bring): not a change of the meeting, and sent once to each through the outbox."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="messages", verbose_name=_("meeting")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to those invited")
        verbose_name_plural = _("messages to those invited")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


# The letters, the documents, the motions and the roll call live in their own modules.
from .adjusting.models import (  # noqa: E402, F401
    MinutesAnswer,
    MinutesSigner,
    MinutesVersion,
    SealedMinutes,
)
from .annual.models import Motion, RollCallEntry, Statutes  # noqa: E402, F401
from .decisions.models import (  # noqa: E402, F401
    AgendaItem,
    AgendaTemplateItem,
    Ballot,
    Candidate,
    MinutesText,
    Poll,
    PollOption,
    PollVoter,
)
from .documents.models import MeetingDocument  # noqa: E402, F401
from .followup.models import Decision  # noqa: E402, F401
from .letters.models import Letter, LetterAttachment  # noqa: E402, F401
