"""The decision register: every decision of a board, annual or members' meeting as a row that
is followed up until it is done (uppföljning av beslut)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import Person

from ..annual.models import Motion
from ..decisions.models import AgendaItem
from ..documents.models import MeetingDocument
from ..models import Meeting


class DecisionQuerySet(models.QuerySet):
    def open(self) -> QuerySet["Decision"]:
        return self.filter(status__in=Decision.OPEN)

    def overdue(self, *, today: datetime.date) -> QuerySet["Decision"]:
        return self.open().filter(deadline__lt=today)


class Decision(models.Model):
    """What a meeting decided (one § or one part of it), who carries it out, by when, and how
    far it has come. Staff enter a board meeting's decisions; an annual or members' meeting's
    come from its agenda items as they are decided."""

    class Status(models.TextChoices):
        NOT_STARTED = "ej_paborjat", pgettext_lazy("decision", "Not started")
        IN_PROGRESS = "pagar", pgettext_lazy("decision", "In progress")
        DONE = "klart", pgettext_lazy("decision", "Done")
        CLOSED = "avslutat", pgettext_lazy("decision", "Closed")

    OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    paragraph = models.PositiveSmallIntegerField(_("§"), null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="register_entry",
        verbose_name=_("agenda item"),
        editable=False,
    )
    text = models.TextField(_("decision"))
    responsible = models.ManyToManyField(
        Person,
        blank=True,
        related_name="decisions_responsible",
        verbose_name=_("responsible"),
        help_text=_("One person, or the members of a working group."),
    )
    working_group = models.CharField(
        _("working group"),
        max_length=200,
        blank=True,
        help_text=_("The group's name, when those responsible are a working group."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    note = models.TextField(_("note on the follow-up"), blank=True)
    motion = models.ForeignKey(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("motion"),
    )
    documents = models.ManyToManyField(
        MeetingDocument, blank=True, related_name="decisions", verbose_name=_("papers")
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("changed by"),
    )

    history = HistoricalRecords(m2m_fields=[responsible])
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decision register")
        ordering = ["-meeting__starts_at", "paragraph", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["ej_paborjat", "pagar", "klart", "avslutat"]),
                name="decision_status_known",
            ),
        ]

    def __str__(self) -> str:
        where = f"§ {self.paragraph} " if self.paragraph else ""
        return f"{self.meeting.title} {where}{self.text[:60]}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def responsible_names(self) -> str:
        """Who carries it out: the working group with its members, or the people."""
        people = ", ".join(str(person) for person in self.responsible.all())
        if self.working_group:
            return f"{self.working_group} ({people})" if people else self.working_group
        return people

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < today
