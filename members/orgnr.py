"""Swedish organisation numbers (organisationsnummer), checked with python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.se import orgnr

from nns_portal.forms import DigitsField


def normalise_orgnr(value: str) -> str:
    """Return the ten digits of a valid number; raise ValidationError in Swedish otherwise."""
    try:
        return orgnr.validate(value)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The organisation number %(value)s has a wrong check digit."),
            code="checksum",
            params={"value": value},
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("The organisation number %(value)s must be written as NNNNNN-NNNN."),
            code="format",
            params={"value": value},
        ) from None


def format_orgnr(digits: str) -> str:
    return orgnr.format(digits)


def validate_orgnr(value: str) -> None:
    normalise_orgnr(value)


class OrgNumberFormField(DigitsField):
    normalise = staticmethod(normalise_orgnr)
