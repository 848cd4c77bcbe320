"""The outcome of NNS's budget, from its bookkeeping: SIE files as imported, what each account
did in each month, and which accounts make up which line of the budget."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plan import BudgetLine

four_digits = RegexValidator(r"^[0-9]{4}$", _("An account number has four digits."))


class SieImport(models.Model):
    """One SIE file from NNS's bookkeeping as imported. Importing the same fiscal year again
    makes the new file the year's outcome; the earlier one stays, no longer current."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    program = models.CharField(_("made by"), max_length=200, blank=True)
    generated_on = models.DateField(_("exported on"), null=True, blank=True)
    last_month = models.PositiveSmallIntegerField(
        _("outcome to month"), null=True, blank=True, help_text=_("Empty: the year as a whole.")
    )
    vouchers = models.PositiveIntegerField(_("vouchers"), default=0)
    transactions = models.PositiveIntegerField(_("transactions"), default=0)
    current = models.BooleanField(_("the year's outcome"), default=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("bookkeeping file (SIE)")
        verbose_name_plural = _("bookkeeping files (SIE)")
        ordering = ["-fiscal_year", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year"], condition=Q(current=True), name="one_current_outcome_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.name}"


class SieAccount(models.Model):
    """An account as the imported file named it."""

    sie_import = models.ForeignKey(SieImport, on_delete=models.CASCADE, related_name="accounts")
    number = models.CharField(_("account"), max_length=10)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["sie_import", "number"], name="one_account_a_file")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class OutcomeAmount(models.Model):
    """What one result account did in one month of an imported year, signed as in the
    bookkeeping (income negative); month empty: the year as a whole, when the file had no
    months."""

    sie_import = models.ForeignKey(SieImport, on_delete=models.CASCADE, related_name="amounts")
    account = models.CharField(_("account"), max_length=10)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcome")
        constraints = [
            models.UniqueConstraint(
                fields=["sie_import", "account", "month"], name="one_outcome_an_account_and_month"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="outcome_month_of_the_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.month or ''}: {self.amount}"


class AccountRange(models.Model):
    """The accounts ``first``–``last`` (BAS chart) are booked on a line of NNS's budget."""

    first = models.CharField(_("from account"), max_length=4, validators=[four_digits])
    last = models.CharField(_("to account"), max_length=4, validators=[four_digits])
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="account_ranges",
        verbose_name=_("budget line"),
        limit_choices_to={"is_group": False},
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accounts of a budget line")
        verbose_name_plural = _("accounts of the budget lines")
        ordering = ["first"]
        constraints = [
            models.CheckConstraint(condition=Q(first__lte=models.F("last")), name="range_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.first}–{self.last} → {self.line.name}"

    def clean(self) -> None:
        if self.first and self.last and self.first > self.last:
            raise ValidationError({"last": _("The range ends before it starts.")})
        if self.line_id and self.line.is_group:
            raise ValidationError({"line": _("Accounts are booked on a line, not on a group.")})
        overlapping = AccountRange.objects.filter(first__lte=self.last, last__gte=self.first)
        if self.first and self.last and overlapping.exclude(pk=self.pk).exists():
            other = overlapping.exclude(pk=self.pk).first()
            raise ValidationError(
                _("The accounts %(first)s–%(last)s are booked on %(line)s already.")
                % {"first": other.first, "last": other.last, "line": other.line.name}
            )

    def covers(self, account: str) -> bool:
        return len(account) == 4 and self.first <= account <= self.last
