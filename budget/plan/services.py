"""Writes of NNS's own budget: loading the plan's table from its data file."""

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import BudgetAmount, BudgetColumn, BudgetLine, EquityBalance

PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "nns_budget_2026.json"


def _amount(value: object, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = None
    if amount is None or amount != amount.to_integral_value():
        raise ValidationError(
            _("%(where)s: %(value)s is not an amount in whole kronor.")
            % {"where": where, "value": value}
        )
    return amount


def _columns(data: dict) -> list[BudgetColumn]:
    columns = []
    for spec in data.get("columns") or []:
        kind = spec.get("kind")
        if kind not in BudgetColumn.Kind.values:
            raise ValidationError(
                _("Unknown kind of column: %(kind)s (utfall, budget or prognos).") % {"kind": kind}
            )
        adopted_on = spec.get("adopted_on")
        column, _created = BudgetColumn.objects.get_or_create(year=int(spec["year"]), kind=kind)
        if adopted_on:
            column.status = BudgetColumn.Status.ADOPTED
            column.adopted_on = datetime.date.fromisoformat(adopted_on)
            column.full_clean()
            column.save()
        columns.append(column)
    if not columns:
        raise ValidationError(_("The file names no columns."))
    return columns


def _lines(
    specs: list[dict], *, section: str | None, parent: BudgetLine | None,
    columns: list[BudgetColumn],
) -> int:  # fmt: skip
    """Create or update the lines (depth first) and their amounts; returns how many amounts."""
    count = 0
    for position, spec in enumerate(specs, start=1):
        name = str(spec.get("name", "")).strip()
        line_section = spec.get("section", section)
        if not name or line_section not in BudgetLine.Section.values:
            raise ValidationError(
                _("Every line needs a name and a section (intakter or kostnader): %(line)s")
                % {"line": json.dumps(spec, ensure_ascii=False)[:80]}
            )
        children = spec.get("lines")
        amounts = spec.get("amounts")
        if children is not None and amounts is not None:
            raise ValidationError(
                _("%(name)s is a group: its amount is the sum of its lines and cannot be given.")
                % {"name": name}
            )
        line, _created = BudgetLine.objects.update_or_create(
            section=line_section,
            parent=parent,
            name=name,
            defaults={
                "position": position,
                "is_group": children is not None,
                "fee_kind": spec.get("fee_kind", ""),
            },
        )
        if children is not None:
            count += _lines(children, section=line_section, parent=line, columns=columns)
            continue
        if amounts is None or len(amounts) != len(columns):
            raise ValidationError(
                _("%(name)s needs one amount for each of the %(count)s columns.")
                % {"name": name, "count": len(columns)}
            )
        for column, value in zip(columns, amounts, strict=True):
            BudgetAmount.objects.update_or_create(
                column=column, line=line, defaults={"amount": _amount(value, name)}
            )
            count += 1
    return count


@transaction.atomic
def budget_import(*, path: Path = PLAN_FILE) -> int:
    """Load a budget table file (the whole file or nothing); returns how many amounts."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The file could not be read as a budget table: %(error)s") % {"error": error}
        ) from error
    columns = _columns(data)
    if equity := data.get("equity"):
        EquityBalance.objects.update_or_create(
            year=int(equity["year"]),
            defaults={"closing_equity": _amount(equity["closing_equity"], "equity")},
        )
    return _lines(data.get("lines") or [], section=None, parent=None, columns=columns)
