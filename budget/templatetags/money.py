"""Amounts as Swedes write them on an invoice: ``60 650 kr``, ``3,5 ‰``."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def kronor(value: Decimal | int | None) -> str:
    """Kronor with grouped thousands: whole (amounts on invoices are), or with öre when a
    payment has some."""
    if value is None:
        return ""
    places = 0 if value == int(value) else 2
    return f"{number_format(value, places, force_grouping=True)}\xa0kr"


@register.filter
def amount(value: Decimal | int | None) -> str:
    """A sum without its unit, grouped (``1 732 849``), as in a budget table."""
    if value is None:
        return ""
    return number_format(value, 0, force_grouping=True)


@register.filter
def per_mille(value: Decimal) -> str:
    """``3,5 ‰``: one decimal unless the rate has two."""
    places = 1 if value == value.quantize(Decimal("0.1")) else 2
    return f"{number_format(value, places)}\xa0‰"
