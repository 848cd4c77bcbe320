"""NNS's own budget: lines (income and costs, grouped), columns (a year's outcome, budget or
forecast), the amounts and the equity."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .invoicing import InvoiceLine


class BudgetLine(models.Model):
    """A line of NNS's own budget: income or cost; a group's amount is the sum of its lines."""

    class Section(models.TextChoices):
        INCOME = "intakter", _("Income")
        COST = "kostnader", _("Costs")

    section = models.CharField(_("section"), max_length=10, choices=Section.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("group"),
        limit_choices_to={"is_group": True},
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_group = models.BooleanField(
        _("group"), default=False, help_text=_("A group's amount is the sum of its lines.")
    )
    fee_kind = models.CharField(
        _("invoiced as"),
        max_length=16,
        choices=InvoiceLine.Kind.choices,
        blank=True,
        help_text=_("For the follow-up: the invoice fee that brings in this income."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(parent__isnull=False),
                name="budget_line_name_unique_in_its_group",
            ),
            models.UniqueConstraint(
                fields=["section", "name"],
                condition=Q(parent__isnull=True),
                name="budget_top_line_name_unique_in_its_section",
            ),
            models.UniqueConstraint(
                fields=["fee_kind"],
                condition=~Q(fee_kind=""),
                name="one_budget_line_per_fee_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.name}"

    def clean(self) -> None:
        if self.parent_id:
            if not self.parent.is_group:
                raise ValidationError({"parent": _("A line can only belong to a group.")})
            if self.parent.section != self.section:
                raise ValidationError({"parent": _("The group is in the other section.")})
        if self.is_group and self.pk and self.amounts.exists():
            raise ValidationError(
                {"is_group": _("This line has amounts: remove them before making it a group.")}
            )
        if not self.is_group and self.pk and self.children.exists():
            raise ValidationError({"is_group": _("This group has lines under it.")})


class BudgetColumn(models.Model):
    """One column of the budget table: a year's outcome, budget or forecast."""

    class Kind(models.TextChoices):
        OUTCOME = "utfall", _("Outcome")
        BUDGET = "budget", _("Budget")
        FORECAST = "prognos", _("Forecast")

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Draft")
        ADOPTED = "antagen", _("Adopted")

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("The day of the members' meeting that adopted the budget."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget column")
        verbose_name_plural = _("budget columns")
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="one_column_per_year_and_kind"),
            models.CheckConstraint(
                condition=Q(status="utkast", adopted_on__isnull=True)
                | Q(status="antagen", adopted_on__isnull=False, kind="budget"),
                name="only_an_adopted_budget_has_an_adoption_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display().lower()}"

    def clean(self) -> None:
        if self.status == self.Status.ADOPTED and self.kind != self.Kind.BUDGET:
            raise ValidationError({"status": _("Only a budget is adopted.")})
        if self.status == self.Status.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the day it was adopted.")})
        if self.status == self.Status.DRAFT and self.adopted_on:
            raise ValidationError({"adopted_on": _("A draft has not been adopted.")})


class BudgetAmount(models.Model):
    """The amount of one line in one column; costs are negative, as in the budget document."""

    column = models.ForeignKey(
        BudgetColumn, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("column")
    )
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="amounts",
        verbose_name=_("line"),
        limit_choices_to={"is_group": False},
    )
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amount")
        verbose_name_plural = _("amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["column", "line"], name="one_amount_per_line_and_column"
            )
        ]

    def __str__(self) -> str:
        return f"{self.column} {self.line.name}: {self.amount}"

    def clean(self) -> None:
        if self.line_id and self.line.is_group:
            raise ValidationError(
                {"line": _("A group's amount is the sum of its lines and cannot be typed.")}
            )


class EquityBalance(models.Model):
    """NNS's equity at the end of a year as in its annual accounts: where the table starts."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    closing_equity = models.DecimalField(
        _("equity at the end of the year (SEK)"), max_digits=12, decimal_places=0
    )

    class Meta:
        verbose_name = _("equity in the annual accounts")
        verbose_name_plural = _("equity in the annual accounts")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.closing_equity}"
