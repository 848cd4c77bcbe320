"""The fees of a year's invoice: the per-mille service fee, its rate history and rounding."""

from decimal import Decimal

import pytest

from budget.invoicing.fees import fees_for, round_to_krona, service_fee
from budget.models import FeeSchedule, InvoiceLine
from tests.invoicing import complete_schedule


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("60649.7255", "60650"),
        ("60649.50", "60650"),  # half a krona rounds up, not to even
        ("60650.50", "60651"),
        ("60649.49", "60649"),
        ("10.5", "11"),
        ("-9187.5", "-9188"),  # a credit note's amounts mirror the invoice's
        ("0", "0"),
    ],
)
def test_amounts_are_rounded_to_whole_kronor_half_up(amount, rounded):
    assert round_to_krona(Decimal(amount)) == Decimal(rounded)


@pytest.mark.parametrize(
    ("per_mille", "total_budget", "fee"),
    [
        ("3.5", "17328500", "60650"),  # 60 649,75 rounded half up to whole kronor
        ("3.5", "17328493", "60650"),  # 60 649,7255
        ("3.5", "3000", "11"),  # exactly 10,50: half a krona up
        ("3.5", "1000", "4"),  # exactly 3,50
        ("2.0", "1250", "3"),  # exactly 2,50 at the old rate
        ("2.0", "12345625", "24691"),  # 24 691,25
        ("3.5", "0", "0"),
        ("3.5", "495099714", "1732849"),  # the plan's 2026 Serviceavgifter in one sum
    ],
)
def test_service_fee_is_the_rate_per_mille_of_the_total_budget(per_mille, total_budget, fee):
    assert service_fee(per_mille=Decimal(per_mille), total_budget=Decimal(total_budget)) == (
        Decimal(fee)
    )


@pytest.mark.django_db
def test_the_shipped_history_raises_the_rate_from_2024():
    rates = dict(FeeSchedule.objects.values_list("year", "service_fee_per_mille"))
    assert rates[2020] == rates[2023] == Decimal("2.0")
    assert rates[2024] == rates[2025] == rates[2026] == Decimal("3.5")
    assert set(FeeSchedule.objects.values_list("membership_fee", flat=True)) == {Decimal(200)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "indicators", "service", "total"),
    [
        (2023, True, "20000", "24900"),  # 2,0 ‰ of 10 000 000 + 200 + 4 700
        (2024, True, "35000", "39900"),  # 3,5 ‰ of the same budget the year after
        (2024, False, "35000", "35200"),  # no indicator fee without the indicators
    ],
)
def test_a_years_lines_use_that_years_schedule(year, indicators, service, total):
    schedule = complete_schedule(year)
    fees = fees_for(
        schedule=schedule, total_budget=Decimal(10_000_000), takes_part_in_indicators=indicators
    )
    kinds = [line.kind for line in fees.lines]
    assert kinds[:2] == [InvoiceLine.Kind.MEMBERSHIP_FEE, InvoiceLine.Kind.SERVICE_FEE]
    assert (InvoiceLine.Kind.INDICATOR_FEE in kinds) is indicators
    assert fees.lines[1].amount == Decimal(service)
    assert fees.vat == 0
    assert fees.total == Decimal(total)


@pytest.mark.django_db
def test_vat_when_nns_charges_it_is_rounded_once_on_the_net():
    schedule = complete_schedule(2026, vat_percent=Decimal(25))
    fees = fees_for(schedule=schedule, total_budget=Decimal(1000), takes_part_in_indicators=False)
    assert fees.net == Decimal(204)  # 200 + 3,50 rounded up
    assert fees.vat == Decimal(51)
    assert fees.total == Decimal(255)
