"""What an association is charged for a year, and the one rounding rule of every invoice."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..models import FeeSchedule, InvoiceLine

PER_MILLE = Decimal(1000)


def round_to_krona(amount: Decimal) -> Decimal:
    """Whole kronor, half a krona rounded away from zero (60 649,50 → 60 650).

    Every amount of an invoice that is not already whole passes through here, once: the service
    fee, and the VAT when NNS charges any.
    """
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FeeLine:
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class Fees:
    lines: list[FeeLine]
    net: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.net + self.vat


def service_fee(*, per_mille: Decimal, total_budget: Decimal) -> Decimal:
    return round_to_krona(per_mille * total_budget / PER_MILLE)


def vat_on(*, net: Decimal, percent: Decimal) -> Decimal:
    return round_to_krona(net * percent / 100)


def fees_for(
    *, schedule: FeeSchedule, total_budget: Decimal, takes_part_in_indicators: bool
) -> Fees:
    """The lines of a year's invoice: membership fee, service fee and perhaps indicator fee."""
    lines = [
        FeeLine(InvoiceLine.Kind.MEMBERSHIP_FEE, schedule.membership_fee),
        FeeLine(
            InvoiceLine.Kind.SERVICE_FEE,
            service_fee(per_mille=schedule.service_fee_per_mille, total_budget=total_budget),
        ),
    ]
    if takes_part_in_indicators:
        lines.append(FeeLine(InvoiceLine.Kind.INDICATOR_FEE, schedule.indicator_fee))
    net = sum((line.amount for line in lines), Decimal(0))
    return Fees(lines=lines, net=net, vat=vat_on(net=net, percent=schedule.vat_percent))
