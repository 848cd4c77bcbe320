"""The budget followed up against its outcome from the bookkeeping: per line and subtotal the
budget, the outcome to date, the same period last year, a forecast for the year and the
deviation from the budget's pace; by month as well.

The bookkeeping signs income negative (credit); the budget shows income positive and costs
negative, and so does everything here. The forecast is staff's (the year's forecast column)
where they gave one, else the outcome to date and the budget for the months left.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ..invoicing.fees import round_to_krona
from ..models import AccountRange, BudgetAmount, BudgetColumn, BudgetLine, OutcomeAmount, SieImport
from .selectors import budget_tree

MONTHS = 12


@dataclass(frozen=True)
class Figures:
    budget: Decimal
    outcome: Decimal
    last_year: Decimal | None
    forecast: Decimal
    deviation: Decimal  # the outcome to date less the budget to date (its pace)

    @property
    def deviation_percent(self) -> Decimal | None:
        return (
            None
            if not self.budget_to_date
            else round(100 * self.deviation / abs(self.budget_to_date))
        )

    @property
    def budget_to_date(self) -> Decimal:
        return self.outcome - self.deviation

    def __add__(self, other: "Figures") -> "Figures":
        last = (
            None
            if self.last_year is None or other.last_year is None
            else self.last_year + other.last_year
        )
        return Figures(
            budget=self.budget + other.budget,
            outcome=self.outcome + other.outcome,
            last_year=last,
            forecast=self.forecast + other.forecast,
            deviation=self.deviation + other.deviation,
        )


ZERO = Figures(Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0))


@dataclass(frozen=True)
class FollowUpRow:
    label: str
    level: int
    style: str  # heading, line, group, total, result
    figures: Figures | None


@dataclass(frozen=True)
class MonthRow:
    month: int
    income: Decimal
    costs: Decimal
    budget_income: Decimal
    budget_costs: Decimal

    @property
    def result(self) -> Decimal:
        return self.income + self.costs

    @property
    def budget_result(self) -> Decimal:
        return self.budget_income + self.budget_costs


@dataclass(frozen=True)
class OutcomeFollowUp:
    year: int
    imported: SieImport | None
    months_elapsed: int  # months of the outcome (12 for a year as a whole)
    rows: list[FollowUpRow]
    months: list[MonthRow]
    line_figures: dict[int, Figures]  # by leaf line, for the charts
    sections: dict[str, Figures]  # income and costs

    def row(self, label: str) -> FollowUpRow:
        return next(row for row in self.rows if row.label == label)


def outcome_years() -> list[int]:
    return sorted(SieImport.objects.filter(current=True).values_list("fiscal_year", flat=True))


def _by_line(
    imported: SieImport | None, until_month: int | None
) -> dict[int, dict[int | None, Decimal]]:
    """line id → month → outcome, signed as the budget (income positive)."""
    if imported is None:
        return {}
    ranges = list(AccountRange.objects.all())
    amounts = OutcomeAmount.objects.filter(sie_import=imported)
    if until_month is not None:
        amounts = amounts.filter(month__lte=until_month)
    result: dict[int, dict[int | None, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for account, month, amount in amounts.values_list("account", "month", "amount"):
        owner = next((r for r in ranges if r.covers(account)), None)
        if owner is not None:
            result[owner.line_id][month] -= amount
    return result


def _column_amounts(year: int, kind: str) -> dict[int, Decimal]:
    return dict(
        BudgetAmount.objects.filter(column__year=year, column__kind=kind).values_list(
            "line_id", "amount"
        )
    )


def outcome_follow_up(*, year: int) -> OutcomeFollowUp:
    """The year's budget against its current import (and last year's, for the same months)."""
    imported = SieImport.objects.filter(fiscal_year=year, current=True).first()
    elapsed = (imported.last_month or MONTHS) if imported else 0
    previous = SieImport.objects.filter(fiscal_year=year - 1, current=True).first()
    now = _by_line(imported, None)
    before = _by_line(previous, elapsed if previous and previous.last_month else None)
    budget = _column_amounts(year, BudgetColumn.Kind.BUDGET)
    forecast = _column_amounts(year, BudgetColumn.Kind.FORECAST)
    tops, children = budget_tree(list(BudgetLine.objects.all()))
    share = Decimal(elapsed) / MONTHS

    def leaf(line: BudgetLine) -> Figures:
        planned = budget.get(line.pk, Decimal(0))
        outcome = round_to_krona(sum(now.get(line.pk, {}).values(), Decimal(0)))
        last = None
        if previous is not None:
            last = round_to_krona(sum(before.get(line.pk, {}).values(), Decimal(0)))
        return Figures(
            budget=planned,
            outcome=outcome,
            last_year=last,
            forecast=forecast.get(line.pk, outcome + round_to_krona(planned * (1 - share))),
            deviation=outcome - round_to_krona(planned * share),
        )

    figures: dict[int, Figures] = {}

    def total(line: BudgetLine) -> Figures:
        if line.pk not in figures:
            figures[line.pk] = (
                sum((total(child) for child in children[line.pk]), ZERO)
                if line.is_group
                else leaf(line)
            )
        return figures[line.pk]

    rows = _rows(tops, children, total)
    result = sum((total(top) for top in tops), ZERO)
    rows.append(FollowUpRow(_("Result of the year"), 0, "result", result))
    monthly = elapsed if imported is not None and imported.last_month else 0
    leaves = {pk: f for pk, f in figures.items() if not children.get(pk)}
    sections = dict.fromkeys(BudgetLine.Section.values, ZERO)
    for top in tops:
        sections[top.section] += total(top)
    return OutcomeFollowUp(
        year=year,
        imported=imported,
        months_elapsed=elapsed,
        rows=rows,
        months=_months(tops, children, now, budget, monthly),
        line_figures=leaves,
        sections=sections,
    )


def _rows(tops: list[BudgetLine], children: dict, total: Callable) -> list[FollowUpRow]:
    """The rows in the budget table's order: a top group as a heading, its lines, its total."""
    rows: list[FollowUpRow] = []

    def add(line: BudgetLine, level: int) -> None:
        if line.is_group and level == 0:
            rows.append(FollowUpRow(line.name, 0, "heading", None))
            for child in children[line.pk]:
                add(child, 1)
            label = _("Total %(name)s") % {"name": line.name.lower()}
            rows.append(FollowUpRow(label, 0, "total", total(line)))
        else:
            style = "group" if line.is_group else "line"
            rows.append(FollowUpRow(line.name, level, style, total(line)))
            for child in children[line.pk]:
                add(child, level + 1)

    for top in tops:
        add(top, 0)
    return rows


def _months(
    tops: list[BudgetLine],
    children: dict,
    now: dict[int, dict[int | None, Decimal]],
    budget: dict[int, Decimal],
    last_month: int,
) -> list[MonthRow]:
    """Each month of the outcome: income and costs against a twelfth of the budget."""
    leaves_of: dict[str, list[int]] = defaultdict(list)

    def walk(line: BudgetLine, section: str) -> None:
        if not line.is_group:
            leaves_of[section].append(line.pk)
        for child in children[line.pk]:
            walk(child, section)

    for top in tops:
        walk(top, top.section)

    def sums(section: str, month: int) -> tuple[Decimal, Decimal]:
        ids = leaves_of[section]
        outcome = sum((now.get(pk, {}).get(month, Decimal(0)) for pk in ids), Decimal(0))
        planned = sum((budget.get(pk, Decimal(0)) for pk in ids), Decimal(0)) / MONTHS
        return round_to_krona(outcome), round_to_krona(planned)

    rows = []
    for month in range(1, last_month + 1):
        income, budget_income = sums(BudgetLine.Section.INCOME, month)
        costs, budget_costs = sums(BudgetLine.Section.COST, month)
        rows.append(MonthRow(month, income, costs, budget_income, budget_costs))
    return rows


@dataclass(frozen=True)
class Unmapped:
    account: str
    name: str
    amount: Decimal  # as the budget shows it: income positive


def unmapped_accounts(*, imported: SieImport | None) -> list[Unmapped]:
    """The imported file's result accounts that no budget line takes: shown, never dropped."""
    if imported is None:
        return []
    ranges = list(AccountRange.objects.all())
    names = dict(imported.accounts.values_list("number", "name"))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for account, amount in imported.amounts.values_list("account", "amount"):
        if not any(r.covers(account) for r in ranges):
            totals[account] -= amount
    return [Unmapped(a, names.get(a, ""), round_to_krona(v)) for a, v in sorted(totals.items())]


def line_names() -> dict[int, str]:
    """Each line's name as a chart shows it: with its section when the name is in both."""
    lines = list(BudgetLine.objects.filter(is_group=False).select_related("parent"))
    twice = {line.name for line in lines if sum(other.name == line.name for other in lines) > 1}
    return {
        line.pk: f"{line.name} ({line.get_section_display().lower()})"
        if line.name in twice
        else line.name
        for line in lines
    }
