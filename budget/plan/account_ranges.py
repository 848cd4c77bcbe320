"""Which accounts of the bookkeeping make up which line of NNS's budget: edited in the admin,
exported and imported as a file (CSV or XLSX) through the portal's import engine. A line is
named by its path of groups (*Kostnader / Utvecklingsverksamhet / Våld i nära relationer*), as
two lines of the same name sit in different groups."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nns_portal.tabular.imports import ImportKind, import_apply, required_value

from ..models import AccountRange, BudgetLine

COLUMNS = ["fran_konto", "till_konto", "budgetrad"]
SEPARATOR = " / "
DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "konton-budgetrader.csv"


def line_paths() -> dict[int, str]:
    """Each line's path of names from its top group down, by id."""
    lines = {line.pk: line for line in BudgetLine.objects.all()}

    def path(line: BudgetLine) -> str:
        parent = lines.get(line.parent_id)
        return f"{path(parent)}{SEPARATOR}{line.name}" if parent else line.name

    return {pk: path(line) for pk, line in lines.items()}


def _lines(rows: list[dict[str, str]]) -> dict[str, BudgetLine]:
    leaves = {line.pk: line for line in BudgetLine.objects.filter(is_group=False)}
    return {path: leaves[pk] for pk, path in line_paths().items() if pk in leaves}


def _row(row: dict[str, str], lines: dict[str, BudgetLine]) -> tuple:
    first, last = required_value(row, "fran_konto"), required_value(row, "till_konto")
    path = required_value(row, "budgetrad")
    line = lines.get(path)
    if line is None:
        raise ValidationError(_("The budget has no line %(line)s.") % {"line": path})
    found = AccountRange.objects.filter(first=first, last=last).first()
    account_range = found or AccountRange(first=first, last=last)
    account_range.line = line
    return f"{first}-{last}", account_range


def _save(account_range: AccountRange) -> None:
    account_range.full_clean()
    account_range.save()


def export_rows() -> list[dict[str, object]]:
    paths = line_paths()
    return [
        {"fran_konto": r.first, "till_konto": r.last, "budgetrad": paths[r.line_id]}
        for r in AccountRange.objects.order_by("first")
    ]


ACCOUNT_RANGES_KIND = ImportKind(
    name="budget-accounts",
    title=gettext_lazy("accounts of the budget lines"),
    columns=COLUMNS,
    parse_row=_row,
    save=_save,
    export_rows=export_rows,
    context=_lines,
    field_columns={"first": "fran_konto", "last": "till_konto", "line": "budgetrad"},
)


@transaction.atomic
def account_ranges_load_demo() -> None:
    """The demo's accounts of the budget lines (BAS chart), as staff would import them."""
    import_apply(kind=ACCOUNT_RANGES_KIND, content=DEMO_FILE.read_bytes(), filename=DEMO_FILE.name)
