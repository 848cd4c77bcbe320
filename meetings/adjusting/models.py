"""Minutes adjusted online: who signs them (the meeting's chair and its adjusters), each
version sent round with the SHA-256 of its exact PDF, each signer's answer to a version, and
the published minutes sealed with NNS's signature, which never change."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Person

from ..documents.models import MeetingDocument


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class MinutesSigner(models.Model):
    """Someone whose approval the minutes need: the chair of the meeting, or an adjuster."""

    class Role(models.TextChoices):
        CHAIR = "ordforande", _("Chair of the meeting")
        ADJUSTER = "justerare", _("Adjuster")

    document = models.ForeignKey(
        MeetingDocument, on_delete=models.CASCADE, related_name="signers", verbose_name=_("minutes")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("signs as"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("signer of the minutes")
        verbose_name_plural = _("signers of the minutes")
        ordering = ["document", "role", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["document", "person"], name="one_signature_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class MinutesVersion(models.Model):
    """A draft as it was sent round: the exact PDF, kept, and its SHA-256."""

    document = models.ForeignKey(
        MeetingDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("minutes"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    sent_at = models.DateTimeField(_("sent round"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return _("Version %(number)s") % {"number": self.number}


class MinutesAnswer(models.Model):
    """A signer's answer to one version: approved (with the hash of exactly what was read,
    the time and how the person had logged in), or sent back with a comment."""

    class Answer(models.TextChoices):
        APPROVED = "justerat", pgettext_lazy("minutes", "Approved")
        SENT_BACK = "aterremitterat", pgettext_lazy("minutes", "Sent back")

    version = models.ForeignKey(
        MinutesVersion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("version")
    )
    signer = models.ForeignKey(
        MinutesSigner, on_delete=models.PROTECT, related_name="answers", verbose_name=_("signer")
    )
    answer = models.CharField(_("answer"), max_length=15, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF answered"), max_length=64)
    answered_at = models.DateTimeField(_("answered"))
    login_method = models.CharField(_("logged in with"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answer to a version of the minutes")
        verbose_name_plural = _("answers to versions of the minutes")
        ordering = ["version", "answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "signer"], name="one_answer_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.signer.person}: {self.get_answer_display()}"

    @property
    def approved(self) -> bool:
        return self.answer == self.Answer.APPROVED


class SealedMinutesError(Exception):
    """Raised on any attempt to change or delete sealed minutes."""


class SealedQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise SealedMinutesError("Sealed minutes are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise SealedMinutesError("Sealed minutes are never deleted.")


class SealedMinutes(models.Model):
    """The published minutes: the approved version with a page of the approvals, sealed with
    NNS's signature (PAdES). Never changed or deleted: the model, its queryset and a database
    trigger refuse."""

    document = models.OneToOneField(
        MeetingDocument, on_delete=models.PROTECT, related_name="sealed", verbose_name=_("minutes")
    )
    version = models.OneToOneField(
        MinutesVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("version")
    )
    content = models.BinaryField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed"), auto_now_add=True)
    sealed_with = models.CharField(_("sealed with"), max_length=200)

    objects = SealedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sealed minutes")
        verbose_name_plural = _("sealed minutes")

    def __str__(self) -> str:
        return str(self.document)

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise SealedMinutesError("Sealed minutes are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise SealedMinutesError("Sealed minutes are never deleted.")
