"""Fee schedules, invoices and credit notes, payments and reminders.

An issued invoice is a snapshot: it copies the seller's and the buyer's details, the rate and the
total budget it was computed from, and is never changed or deleted afterwards (the model, its
queryset and a database trigger all refuse). A mistake is corrected by a credit note that refers
to it, and then, if needed, a new invoice that replaces it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Association
from members.orgnr import format_orgnr, validate_orgnr

from ..invoicing.bankgiro import format_bankgiro, validate_bankgiro
from ..templatetags.money import kronor, per_mille

account_number = RegexValidator(r"^\d{4}$", _("An account number has four digits."))


def _account(label: str, default: str) -> models.CharField:
    return models.CharField(label, max_length=4, default=default, validators=[account_number])


class FeeSchedule(models.Model):
    """What a year's invoices charge, and the seller details and accounts they are issued with."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    membership_fee = models.DecimalField(
        _("membership fee (SEK)"),
        max_digits=9,
        decimal_places=0,
        validators=[MinValueValidator(0)],
    )
    service_fee_per_mille = models.DecimalField(
        _("service fee (per mille of the total budget)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    indicator_fee = models.DecimalField(
        _("indicator fee (SEK)"),
        max_digits=9,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For associations taking part in the national indicators that year."),
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    late_interest_text = models.CharField(
        _("late-payment interest"),
        max_length=300,
        blank=True,
        default="Vid betalning efter förfallodagen debiteras dröjsmålsränta enligt räntelagen.",
    )
    vat_percent = models.DecimalField(
        _("VAT (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("0 when NNS charges no VAT; the exemption text is then printed."),
    )
    vat_exemption_text = models.CharField(
        _("VAT exemption text"),
        max_length=200,
        default="Ingen moms debiteras. NNS är en ideell förening och avgifterna är momsfria.",
    )
    seller_name = models.CharField(
        _("NNS's name"), max_length=200, default="Nationella nätverket för samordningsförbund"
    )
    seller_address = models.TextField(_("NNS's address"), blank=True)
    seller_org_number = models.CharField(
        _("NNS's organisation number"), max_length=10, blank=True, validators=[validate_orgnr]
    )
    seller_bankgiro = models.CharField(
        _("NNS's bankgiro"), max_length=8, blank=True, validators=[validate_bankgiro]
    )
    seller_email = models.EmailField(_("NNS's e-mail"), blank=True)
    seller_reference = models.CharField(
        _("our reference"),
        max_length=100,
        blank=True,
        help_text=_("NNS's contact for the invoices (Vår referens)."),
    )
    account_bank = _account(_("account: bank (bankgiro)"), "1930")
    account_receivable = _account(_("account: accounts receivable"), "1510")
    account_membership_fee = _account(_("account: membership fees"), "3010")
    account_service_fee = _account(_("account: service fees"), "3020")
    account_indicator_fee = _account(_("account: indicator fees"), "3030")
    account_vat = _account(_("account: output VAT"), "2611")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def payment_terms(self) -> str:
        """As printed on the invoice, which is in Swedish."""
        with translation.override("sv"):
            return gettext("%(days)s days net") % {"days": self.payment_terms_days}


class InvoiceSeries(models.Model):
    """The counter of one year's unbroken number series, locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)
    last_issued_on = models.DateField(null=True)

    class Meta:
        verbose_name = _("invoice series")
        verbose_name_plural = _("invoice series")

    def __str__(self) -> str:
        return f"{self.year}-{self.last_sequence:04d}"


class IssuedInvoiceError(Exception):
    """Raised on any attempt to change or delete an issued invoice or its lines."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise IssuedInvoiceError("An issued invoice is never changed: credit it instead.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise IssuedInvoiceError("An issued invoice is never deleted: credit it instead.")


class ImmutableModel(models.Model):
    """Rows that can be created and read, never changed or deleted."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise IssuedInvoiceError("An issued invoice is never changed: credit it instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise IssuedInvoiceError("An issued invoice is never deleted: credit it instead.")


class InvoiceRun(models.Model):
    """Staff invoicing a year: which invoices it issued, and what stopped others."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        EMAILING = "emailing", _("E-mailing")
        FINISHED = "finished", _("Finished")

    # Issuing or e-mailing: one such run of a year at a time, and beat resumes a stalled one.
    UNDER_WAY = (Status.RUNNING, Status.EMAILING)

    fee_year = models.PositiveSmallIntegerField(_("fee year"))
    issued_on = models.DateField(_("invoice date"))
    send_by_email = models.BooleanField(
        _("send the invoices"),
        default=True,
        help_text=_(
            "Send each invoice as its association wants: e-mail with PDF, e-invoice or both."
        ),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When the run last got on (an invoice issued, an e-mail queued): a run that has not for a
    # while lost its worker, and beat resumes it from here.
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    to_invoice = models.PositiveIntegerField(_("to invoice"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("invoice run")
        verbose_name_plural = _("invoice runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return _("Invoicing %(year)s (%(date)s)") % {
            "year": self.fee_year,
            "date": timezone.localdate(self.started_at) if self.started_at else "",
        }


class Invoice(ImmutableModel):
    """An issued invoice or credit note: a frozen snapshot."""

    class Kind(models.TextChoices):
        INVOICE = "faktura", _("Invoice")
        CREDIT_NOTE = "kreditnota", _("Credit note")

    number = models.CharField(_("number"), max_length=16, unique=True)
    series_year = models.PositiveSmallIntegerField(_("series"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("association"),
    )
    fee_year = models.PositiveSmallIntegerField(_("fee year"))
    credits = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        related_name="credit_note",
        verbose_name=_("credits invoice"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        related_name="replacement",
        verbose_name=_("replaces invoice"),
    )
    run = models.ForeignKey(
        InvoiceRun,
        on_delete=models.PROTECT,
        null=True,
        related_name="invoices",
        verbose_name=_("invoice run"),
    )
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due date"), null=True)
    ocr = models.CharField(_("OCR reference"), max_length=25, unique=True)
    reason = models.TextField(_("reason"), blank=True)
    # The seller as it was on the invoice date.
    seller_name = models.CharField(max_length=200)
    seller_address = models.TextField()
    seller_org_number = models.CharField(max_length=10)
    seller_bankgiro = models.CharField(max_length=8)
    seller_email = models.EmailField()
    seller_reference = models.CharField(_("our reference"), max_length=100, blank=True)
    payment_terms = models.CharField(_("payment terms"), max_length=100, blank=True)
    late_interest_text = models.CharField(max_length=300, blank=True)
    # The buyer as it was on the invoice date.
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_address = models.TextField(_("buyer's address"))
    buyer_org_number = models.CharField(_("buyer's organisation number"), max_length=10)
    buyer_reference = models.CharField(_("buyer reference"), max_length=100, blank=True)
    buyer_order_number = models.CharField(_("order number"), max_length=50, blank=True)
    buyer_peppol_id = models.CharField(_("buyer's Peppol id"), max_length=60, blank=True)
    # What the fees were computed from.
    total_budget = models.DecimalField(
        _("total budget (SEK)"), max_digits=14, decimal_places=2, null=True
    )
    service_fee_per_mille = models.DecimalField(
        _("service fee (per mille)"), max_digits=5, decimal_places=2
    )
    vat_percent = models.DecimalField(_("VAT (%)"), max_digits=4, decimal_places=2)
    vat_exemption_text = models.CharField(max_length=200, blank=True)
    net_amount = models.DecimalField(_("amount excl. VAT"), max_digits=12, decimal_places=0)
    vat_amount = models.DecimalField(_("VAT"), max_digits=12, decimal_places=0)
    total_amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=0)
    issued_by = models.CharField(_("issued by"), max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-series_year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["series_year", "sequence"], name="one_number_per_series_place"
            ),
            # One first invoice per association and year; any other replaces a credited one.
            models.UniqueConstraint(
                fields=["association", "fee_year"],
                condition=Q(kind="faktura", replaces__isnull=True),
                name="one_invoice_per_association_and_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="faktura", credits__isnull=True, due_on__isnull=False)
                | Q(kind="kreditnota", credits__isnull=False, replaces__isnull=True),
                name="credit_note_credits_an_invoice",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=models.F("net_amount") + models.F("vat_amount")),
                name="invoice_total_is_net_plus_vat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def seller_org_number_display(self) -> str:
        return format_orgnr(self.seller_org_number)

    @property
    def buyer_org_number_display(self) -> str:
        return format_orgnr(self.buyer_org_number)

    @property
    def seller_bankgiro_display(self) -> str:
        return format_bankgiro(self.seller_bankgiro)


class InvoiceLine(ImmutableModel):
    class Kind(models.TextChoices):
        MEMBERSHIP_FEE = "medlemsavgift", _("Membership fee")
        SERVICE_FEE = "serviceavgift", _("Service fee")
        INDICATOR_FEE = "indikatoravgift", _("Indicator fee")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=0)

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="one_line_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number} #{self.position}"

    def description(self) -> str:
        """What the line is for, in the active language; the service fee shows its basis."""
        year = self.invoice.fee_year
        if self.kind == self.Kind.SERVICE_FEE:
            return _("Service fee %(year)s: %(rate)s of the total budget %(budget)s") % {
                "year": year,
                "rate": per_mille(self.invoice.service_fee_per_mille),
                "budget": kronor(self.invoice.total_budget),
            }
        return f"{self.get_kind_display()} {year}"


class InvoicePdf(ImmutableModel):
    """The PDF of an invoice as first rendered: the issued document, never changed or deleted
    afterwards (the model, its queryset and a database trigger refuse, as for the invoice)."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="pdf")
    content = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.invoice.number}.pdf"


class InvoiceUbl(ImmutableModel):
    """The Peppol BIS Billing 3.0 document of an invoice or credit note as first made, with its
    PDF inside: kept as issued, like the PDF (the database refuses a change)."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="ubl")
    content = models.BinaryField()
    made_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.invoice.number}.xml"


class InvoiceSendLease(models.Model):
    """When an invoice was last handed to a task that sends it, and when that task began on
    it: one still not sent when its lease has run out is handed to a new task, whatever the
    rest of its run is doing. A batch waiting its turn in the queue is not lapsed by the
    time it waits (``INVOICE_SEND_LEASE_SECONDS`` counts from the start), only if it never
    starts (``INVOICE_QUEUE_LEASE_SECONDS``: lost with Redis)."""

    invoice = models.OneToOneField(
        Invoice, on_delete=models.PROTECT, primary_key=True, related_name="send_lease"
    )
    dispatched_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.dispatched_at.isoformat()}"


class EinvoiceDelivery(models.Model):
    """An e-invoice handed to the transport (the folder for the bookkeeping system, or an
    access point): one row per document, so that it is handed over once."""

    invoice = models.OneToOneField(
        Invoice,
        on_delete=models.PROTECT,
        related_name="einvoice_delivery",
        verbose_name=_("invoice"),
    )
    transport = models.CharField(_("transport"), max_length=100)
    receipt = models.CharField(_("receipt"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-invoice delivery")
        verbose_name_plural = _("e-invoice deliveries")

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.transport}"
