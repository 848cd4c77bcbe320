"""Reads of NNS's own budget: the table with its computed sums and equity, and the follow-up.

Only leaf lines have amounts. Every sum, the year's result and the opening and closing equity
are computed here from them, never stored. A column's opening equity is the closing equity of
the year before: of its outcome if there is one, else its forecast, else its budget; for the
first year of the table, the equity of the annual accounts (``EquityBalance``).
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.selectors import is_board_of_today

from ..invoicing.fees import round_to_krona
from ..invoicing.selectors import with_payments
from ..models import BudgetAmount, BudgetColumn, BudgetLine, EquityBalance, Invoice, InvoiceLine

KIND_ORDER = [BudgetColumn.Kind.OUTCOME, BudgetColumn.Kind.BUDGET, BudgetColumn.Kind.FORECAST]
# Whose closing equity a year hands on to the next, best first.
EQUITY_SOURCE_ORDER = [
    BudgetColumn.Kind.OUTCOME,
    BudgetColumn.Kind.FORECAST,
    BudgetColumn.Kind.BUDGET,
]


def may_see_budget(*, user: User) -> bool:
    """Staff and the NNS board (with its staff) of today."""
    return is_board_of_today(user=user)


@dataclass(frozen=True)
class Row:
    label: str
    level: int
    style: str  # heading, line, group, total, result, equity
    amounts: list[Decimal | None]


@dataclass(frozen=True)
class BudgetTable:
    columns: list[BudgetColumn]
    rows: list[Row]

    def row(self, label: str) -> Row:
        return next(row for row in self.rows if row.label == label)


def budget_columns() -> list[BudgetColumn]:
    """Every column, by year and then outcome, budget, forecast (as in the document)."""
    columns = list(BudgetColumn.objects.all())
    columns.sort(key=lambda column: (column.year, KIND_ORDER.index(column.kind)))
    return columns


def _equity(
    columns: list[BudgetColumn], results: dict[int, Decimal]
) -> tuple[dict[int, Decimal | None], dict[int, Decimal | None]]:
    accounts = dict(EquityBalance.objects.values_list("year", "closing_equity"))
    by_year: dict[int, dict[str, BudgetColumn]] = defaultdict(dict)
    for column in columns:
        by_year[column.year][column.kind] = column
    opening: dict[int, Decimal | None] = {}
    closing: dict[int, Decimal | None] = {}

    def closing_of_year(year: int) -> Decimal | None:
        for kind in EQUITY_SOURCE_ORDER:
            if kind in by_year.get(year, {}):
                return closing[by_year[year][kind].pk]
        return accounts.get(year)

    for column in columns:  # by year, so the year before is done
        opening[column.pk] = closing_of_year(column.year - 1)
        closing[column.pk] = (
            None if opening[column.pk] is None else opening[column.pk] + results[column.pk]
        )
    return opening, closing


def budget_tree(lines: list[BudgetLine]) -> tuple[list[BudgetLine], dict[int, list[BudgetLine]]]:
    """The top lines (income first) and each group's lines, in their order."""
    children: dict[int | None, list[BudgetLine]] = defaultdict(list)
    for line in sorted(lines, key=lambda line: (line.position, line.pk)):
        children[line.parent_id].append(line)
    tops = sorted(children[None], key=lambda line: (line.section != "intakter", line.position))
    return tops, children


def _in_table_order(lines: list[BudgetLine]) -> list[BudgetLine]:
    tops, children = budget_tree(lines)
    ordered: list[BudgetLine] = []

    def walk(line: BudgetLine) -> None:
        ordered.append(line)
        for child in children[line.pk]:
            walk(child)

    for top in tops:
        walk(top)
    return ordered


def budget_table(*, column_ids: Sequence[int] | None = None) -> BudgetTable:
    """The table as in the document, for the chosen columns (all by default)."""
    columns = budget_columns()
    tops, children = budget_tree(list(BudgetLine.objects.all()))
    amounts = {
        (line_id, column_id): amount
        for line_id, column_id, amount in BudgetAmount.objects.values_list(
            "line_id", "column_id", "amount"
        )
    }

    def total(line: BudgetLine, column: BudgetColumn) -> Decimal:
        if not line.is_group:
            return amounts.get((line.pk, column.pk), Decimal(0))
        return sum((total(child, column) for child in children[line.pk]), Decimal(0))

    results = {
        column.pk: sum((total(top, column) for top in tops), Decimal(0)) for column in columns
    }
    opening, closing = _equity(columns, results)
    shown = [c for c in columns if column_ids is None or c.pk in set(column_ids)]

    rows: list[Row] = []

    def add(line: BudgetLine, level: int) -> None:
        if line.is_group and level == 0:
            rows.append(Row(line.name, 0, "heading", [None] * len(shown)))
            for child in children[line.pk]:
                add(child, 1)
            label = _("Total %(name)s") % {"name": line.name.lower()}
            rows.append(Row(label, 0, "total", [total(line, c) for c in shown]))
        else:
            style = "group" if line.is_group else "line"
            rows.append(Row(line.name, level, style, [total(line, c) for c in shown]))
            for child in children[line.pk]:
                add(child, level + 1)

    for top in tops:
        add(top, 0)
    rows.append(Row(_("Result of the year"), 0, "result", [results[c.pk] for c in shown]))
    rows.append(Row(_("Opening equity"), 0, "equity", [opening[c.pk] for c in shown]))
    rows.append(Row(_("Closing equity"), 0, "equity", [closing[c.pk] for c in shown]))
    return BudgetTable(columns=shown, rows=rows)


@dataclass(frozen=True)
class FollowUpRow:
    line: BudgetLine
    budgeted: Decimal | None
    invoiced: Decimal
    paid: Decimal


def follow_up(*, year: int) -> list[FollowUpRow]:
    """The invoiced income lines of a year: budgeted, invoiced (net of credit notes) and paid.

    A payment is shared over its invoice's lines in proportion to their amounts, so a part
    payment counts part of each fee."""
    lines = [line for line in _in_table_order(list(BudgetLine.objects.all())) if line.fee_kind]
    budgeted = dict(
        BudgetAmount.objects.filter(
            column__year=year, column__kind=BudgetColumn.Kind.BUDGET, line__in=lines
        ).values_list("line_id", "amount")
    )
    invoiced = dict(
        InvoiceLine.objects.filter(invoice__fee_year=year)
        .values("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    )
    paid: dict[str, Decimal] = defaultdict(Decimal)
    invoices = (
        with_payments(Invoice.objects.filter(fee_year=year, kind=Invoice.Kind.INVOICE))
        .filter(paid__gt=0)
        .prefetch_related("lines")
    )
    for invoice in invoices:
        share = min(invoice.paid, invoice.total_amount) / invoice.total_amount
        for line in invoice.lines.all():
            paid[line.kind] += line.amount * share
    return [
        FollowUpRow(
            line=line,
            budgeted=budgeted.get(line.pk),
            invoiced=invoiced.get(line.fee_kind, Decimal(0)),
            paid=round_to_krona(paid[line.fee_kind]),
        )
        for line in lines
    ]


def follow_up_years() -> list[int]:
    years = set(BudgetColumn.objects.values_list("year", flat=True))
    years |= set(Invoice.objects.values_list("fee_year", flat=True).distinct())
    return sorted(years)


def default_follow_up_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year
