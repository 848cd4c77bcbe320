"""Importing the budget's outcome from NNS's bookkeeping (SIE 4): read and previewed first,
written when staff confirm, in one transaction that makes the file the fiscal year's outcome
(the year's earlier import stays, no longer current)."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import User
from members.orgnr import format_orgnr

from ..models import AccountRange, BudgetLine, FeeSchedule, OutcomeAmount, SieAccount, SieImport
from .sie_reader import SieFile, parse_sie

# Result accounts of the BAS chart: income (3), costs (4–7), financial items (8).
RESULT_ACCOUNTS = ("3000", "8999")


def is_result_account(account: str) -> bool:
    return len(account) == 4 and RESULT_ACCOUNTS[0] <= account <= RESULT_ACCOUNTS[1]


@dataclass(frozen=True)
class Outcome:
    """A file's outcome as the portal keeps it: (account, month or None) → amount."""

    amounts: dict[tuple[str, int | None], Decimal]
    last_month: int | None


def outcome_of(sie: SieFile) -> Outcome:
    """The result accounts by month: the file's #PSALDO, else its vouchers summed, else the
    year's #RES as a whole."""
    months = sie.periods[0] or sie.voucher_months
    if months:
        amounts = {
            (account, month): amount
            for (account, month), amount in months.items()
            if is_result_account(account) and amount
        }
        return Outcome(amounts, max((month for _a, month in amounts), default=None))
    amounts = {
        (account, None): amount
        for account, amount in sie.results[0].items()
        if is_result_account(account) and amount
    }
    return Outcome(amounts, None)


def _nns_org_number() -> str:
    return (
        FeeSchedule.objects.exclude(seller_org_number="")
        .order_by("-year")
        .values_list("seller_org_number", flat=True)
        .first()
        or ""
    )


def sie_read(*, content: bytes) -> SieFile:
    """Read a file for import: a whole SIE file of NNS's own bookkeeping, or a ValidationError
    with the reasons."""
    if len(content) > settings.SIE_FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB, more than a year of NNS's bookkeeping.")
            % {"limit": settings.SIE_FILE_MAX_BYTES // 1_000_000}
        )
    sie = parse_sie(content)
    ours = _nns_org_number()
    if ours and sie.org_number != ours:
        raise ValidationError(
            _(
                "The file is the bookkeeping of organisation number %(theirs)s, not NNS's "
                "(%(ours)s)."
            )
            % {
                "theirs": format_orgnr(sie.org_number) if sie.org_number else "–",
                "ours": format_orgnr(ours),
            }
        )
    return sie


@dataclass(frozen=True)
class PreviewLine:
    line: BudgetLine
    accounts: list[str]
    amount: Decimal  # as in the bookkeeping: income negative


@dataclass(frozen=True)
class Preview:
    sie: SieFile
    outcome: Outcome
    lines: list[PreviewLine]
    unmapped: list[tuple[str, str, Decimal]]  # account, its name, amount
    replaces: SieImport | None


def sie_preview(*, content: bytes) -> Preview:
    """What importing the file would do: each budget line's outcome, the accounts no line
    takes (shown, never dropped), and the import of the same year it would replace."""
    sie = sie_read(content=content)
    outcome = outcome_of(sie)
    by_account: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _month), amount in outcome.amounts.items():
        by_account[account] += amount
    ranges = list(AccountRange.objects.select_related("line"))
    lines: dict[int, PreviewLine] = {}
    unmapped = []
    for account, amount in sorted(by_account.items()):
        owner = next((r for r in ranges if r.covers(account)), None)
        if owner is None:
            unmapped.append((account, sie.accounts.get(account, ""), amount))
            continue
        known = lines.get(owner.line_id) or PreviewLine(owner.line, [], Decimal(0))
        lines[owner.line_id] = PreviewLine(
            owner.line, [*known.accounts, account], known.amount + amount
        )
    start = sie.fiscal_year[0]
    replaces = SieImport.objects.filter(fiscal_year=start.year, current=True).first()
    return Preview(sie, outcome, list(lines.values()), unmapped, replaces)


@transaction.atomic
def sie_import(*, name: str, content: bytes, user: User | None) -> SieImport:
    """Make the file its fiscal year's outcome; the year's earlier import stays as history."""
    sie = sie_read(content=content)
    outcome = outcome_of(sie)
    start, end = sie.fiscal_year
    earlier = SieImport.objects.select_for_update().filter(fiscal_year=start.year, current=True)
    earlier.update(current=False)
    imported = SieImport.objects.create(
        fiscal_year=start.year,
        starts_on=start,
        ends_on=end,
        name=name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        program=sie.program,
        generated_on=sie.generated_on,
        last_month=outcome.last_month,
        vouchers=sie.vouchers,
        transactions=sie.transactions,
        imported_by=user,
    )
    SieAccount.objects.bulk_create(
        SieAccount(sie_import=imported, number=number, name=label[:200])
        for number, label in sie.accounts.items()
    )
    OutcomeAmount.objects.bulk_create(
        OutcomeAmount(sie_import=imported, account=account, month=month, amount=amount)
        for (account, month), amount in outcome.amounts.items()
    )
    return imported
