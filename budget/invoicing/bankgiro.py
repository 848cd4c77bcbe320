"""Bankgiro numbers: seven or eight digits, the last a Luhn check digit (python-stdnum)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.util import clean

from nns_portal.forms import DigitsField


def normalise_bankgiro(value: str) -> str:
    """The digits of a valid bankgiro number; ValidationError in Swedish otherwise."""
    digits = clean(value, " -")
    if not digits.isdigit() or len(digits) not in (7, 8):
        raise ValidationError(
            _("A bankgiro number has seven or eight digits, written NNNN-NNNN."), code="format"
        )
    if not luhn.is_valid(digits):
        raise ValidationError(
            _("The bankgiro number %(value)s has a wrong check digit."),
            code="checksum",
            params={"value": value},
        )
    return digits


def validate_bankgiro(value: str) -> None:
    normalise_bankgiro(value)


def format_bankgiro(digits: str) -> str:
    return f"{digits[:-4]}-{digits[-4:]}"


class BankgiroFormField(DigitsField):
    normalise = staticmethod(normalise_bankgiro)
