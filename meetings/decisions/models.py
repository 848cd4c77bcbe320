"""What an annual or members' meeting decides: its agenda, the polls on the röstlängd with
their ballots, the elections' candidates, and the minutes' text drafted from them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Association, Person, Role

from ..annual.models import Motion
from ..documents.models import MeetingDocument
from ..models import Meeting, MeetingType
from .choices import ItemKind, MajorityRule, TieRule


class AgendaTemplateItem(models.Model):
    """One item of the standard agenda of an annual or members' meeting, which a new meeting's
    agenda starts from. Staff edit the template in the admin."""

    meeting_type = models.CharField(
        _("meeting type"),
        max_length=20,
        choices=[(code, MeetingType.Code(code).label) for code in sorted(MeetingType.VOTING)],
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    proposal = models.TextField(_("proposed decision"), blank=True)
    role_kind = models.CharField(
        _("elects"),
        max_length=30,
        choices=Role.Kind.choices,
        blank=True,
        help_text=_("For an election: the role those elected get in the register."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("item of the standard agenda")
        verbose_name_plural = _("standard agenda")
        ordering = ["meeting_type", "position"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An item (paragraph, §) of a meeting's agenda: what the board proposes, the papers that
    belong to it and, once decided, the decision."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    # Numbered 1, 2, 3 … after every change of the agenda (``agenda_renumber``).
    position = models.PositiveSmallIntegerField(_("§"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    proposal = models.TextField(_("proposed decision"), blank=True)
    motion = models.OneToOneField(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("motion"),
    )
    documents = models.ManyToManyField(
        MeetingDocument, blank=True, related_name="agenda_items", verbose_name=_("papers")
    )
    role_kind = models.CharField(
        _("elects"),
        max_length=30,
        choices=Role.Kind.choices,
        blank=True,
        help_text=_("For an election: the role those elected get in the register."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    term_starts_on = models.DateField(
        _("term starts"),
        null=True,
        blank=True,
        help_text=_("For an election: the day those elected take up the role."),
    )
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    decision = models.TextField(
        _("decision"), blank=True, help_text=_("As it goes into the minutes.")
    )
    reservations = models.TextField(
        _("reservations"),
        blank=True,
        help_text=_("Reservations (reservationer) against the decision, one a line."),
    )
    current = models.BooleanField(_("being dealt with"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(current=True), name="one_current_item"
            ),
            models.CheckConstraint(
                condition=Q(kind="motion") | Q(motion__isnull=True), name="motion_item_has_motion"
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.position} {self.title}"

    @property
    def is_election(self) -> bool:
        return self.kind == ItemKind.ELECTION

    def clean(self) -> None:
        if self.is_election and (not self.role_kind or not self.seats):
            raise ValidationError(_("An election says which role it elects, and how many seats."))
        if self.motion_id and self.kind != ItemKind.MOTION:
            raise ValidationError({"motion": _("Only an item of the kind motion has a motion.")})
        if self.motion_id and self.motion.meeting_id != self.meeting_id:
            raise ValidationError({"motion": _("The motion is to another meeting.")})


class Candidate(models.Model):
    """A person proposed for an election: by the nomination committee (valberedningen) before
    the meeting, or nominated at it."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    by_nomination_committee = models.BooleanField(
        _("proposed by the nomination committee"), default=False
    )
    nominated_by = models.CharField(
        _("nominated by"), max_length=200, blank=True, help_text=_("At the meeting.")
    )
    elected = models.BooleanField(_("elected"), default=False, editable=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["item", "-by_nomination_committee", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="one_candidacy_each")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Poll(models.Model):
    """A vote on an agenda item. The voter list (one vote per member association present) is
    frozen when it opens; the result is computed once, when it closes, and sealed with its
    ballots (``seal.py``)."""

    class Method(models.TextChoices):
        OPEN = "open", _("Open ballot")
        SECRET = "secret", _("Secret ballot")
        ACCLAMATION = "acclamation", _("Acclamation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not opened")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="polls", verbose_name=_("agenda item")
    )
    question = models.CharField(_("question"), max_length=300)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    majority = models.CharField(
        _("majority"), max_length=12, choices=MajorityRule.choices, default=MajorityRule.SIMPLE
    )
    tie_rule = models.CharField(_("if the votes are tied"), max_length=14, choices=TieRule.choices)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=1, help_text=_("An election: how many names each vote may mark.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    seal = models.CharField(_("seal"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", result__isnull=False, closed_at__isnull=False)
                | (~Q(status="closed") & Q(result__isnull=True)),
                name="closed_poll_has_result",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def is_election(self) -> bool:
        return self.item.kind == ItemKind.ELECTION

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class PollOption(models.Model):
    """What a vote may mark: ja, nej or avstår; a proposal (yrkande); a candidate."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("option"), max_length=300)
    abstain = models.BooleanField(
        _("abstention"), default=False, help_text=_("Not counted among the votes cast.")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    motion_decision = models.CharField(
        _("the motion's decision if it wins"),
        max_length=15,
        choices=Motion.Decision.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="one_option_per_place"),
        ]

    def __str__(self) -> str:
        return self.label


class PollVoter(models.Model):
    """A member association on the poll's frozen voter list, and the person who casts its one
    vote (its delegate, substitute or proxy holder as the roll call said when it opened)."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="voters", verbose_name=_("poll")
    )
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="+", verbose_name=_("association")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("votes")
    )
    # Only whether: a secret ballot keeps no time that could pair a vote with its ballot.
    voted = models.BooleanField(_("has voted"), default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voter list")
        ordering = ["poll", "association__name"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "association"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return str(self.association)


class Ballot(models.Model):
    """One vote. In an open ballot it names its association, and a changed vote is a new
    ballot that replaces the one before (the database holds one current ballot per
    association and poll); a secret ballot names nobody and cannot be changed."""

    poll = models.ForeignKey(
        Poll, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("poll")
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("association"),
    )
    choices = models.JSONField(_("marked"), default=list)
    current = models.BooleanField(_("counts"), default=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    seal = models.CharField(_("seal"), max_length=64)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["poll", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "association"],
                condition=Q(current=True, association__isnull=False),
                name="one_current_ballot_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.pk}"


class MinutesText(models.Model):
    """The minutes of an annual or members' meeting as text: drafted from the agenda, the
    roll call and the decisions, then edited by staff; its PDF is the minutes' draft among
    the meeting's documents."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes_text", verbose_name=_("meeting")
    )
    text = models.TextField(_("minutes"))
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("text of the minutes")
        verbose_name_plural = _("texts of the minutes")

    def __str__(self) -> str:
        return str(self.meeting)
