"""Money received for invoices (bank files and payments) and the reminders of overdue ones."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..templatetags.money import kronor
from .invoicing import Invoice


class PaymentFile(models.Model):
    """A bank file of received payments (BgMax), kept as uploaded; its payments are registered
    once staff have seen the preview and confirmed."""

    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered = models.PositiveIntegerField(_("payments registered"), default=0)
    # What the file held that could not go to an invoice (staff handle it by hand), until
    # staff mark it dealt with.
    unmatched = models.PositiveIntegerField(_("payments not matched"), default=0)
    unmatched_amount = models.DecimalField(
        _("amount not matched (SEK)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    unmatched_handled_at = models.DateTimeField(
        _("unmatched payments dealt with"), null=True, blank=True, editable=False
    )
    # Set while the job that registers the payments is under way (or died: see resumption).
    registering_since = models.DateTimeField(
        _("being registered since"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("payment file")
        verbose_name_plural = _("payment files")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Payment(models.Model):
    """Money received for an invoice, registered by staff (several for a partial payment)."""

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("invoice"),
        limit_choices_to={"kind": Invoice.Kind.INVOICE},
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The bank's own id of the payment (file, deposit, serial number): the same payment from
    # the same file, read twice, is registered once.
    bank_reference = models.CharField(
        _("bank reference"), max_length=80, null=True, blank=True, unique=True, editable=False
    )
    payment_file = models.ForeignKey(
        PaymentFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="payments",
        verbose_name=_("payment file"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {kronor(self.amount)} ({self.paid_on.isoformat()})"

    def clean(self) -> None:
        if self.invoice_id and self.invoice.kind != Invoice.Kind.INVOICE:
            raise ValidationError(_("Payments are registered on invoices, not on credit notes."))
        if self.paid_on and self.paid_on > timezone.localdate():
            raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})


class InvoiceReminder(models.Model):
    """A reminder queued for an overdue invoice; at most two per invoice."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("invoice")
    )
    ordinal = models.PositiveSmallIntegerField(_("reminder number"))
    queued_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["invoice", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "ordinal"], name="one_reminder_per_ordinal"),
            models.CheckConstraint(condition=Q(ordinal__in=[1, 2]), name="at_most_two_reminders"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.ordinal}"
