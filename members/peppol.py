"""Peppol participant ids: ``<scheme>:<identifier>``, checked with python-stdnum.

Swedish public bodies are reached in Peppol by their organisation number (scheme 0007), some by
a GLN (0088) or their VAT number (9955). The identifier is checked by its scheme's own rule.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import ean
from stdnum import exceptions as stdnum_errors
from stdnum.se import orgnr, vat

SCHEMES = {
    "0007": orgnr.validate,
    "0088": ean.validate,
    "9955": vat.validate,
}


def normalise_peppol_id(value: str) -> str:
    """``scheme:identifier`` with a known scheme and a valid identifier; ValidationError in
    Swedish otherwise."""
    scheme, separator, identifier = value.strip().partition(":")
    if not separator or scheme not in SCHEMES:
        raise ValidationError(
            _(
                "A Peppol id is written scheme:identifier, e.g. 0007:2120001234 (organisation "
                "number), 0088: (GLN) or 9955: (VAT number)."
            ),
            code="format",
        )
    try:
        return f"{scheme}:{SCHEMES[scheme](identifier)}"
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("The identifier %(value)s is not valid for Peppol scheme %(scheme)s."),
            code="identifier",
            params={"value": identifier, "scheme": scheme},
        ) from None


def validate_peppol_id(value: str) -> None:
    normalise_peppol_id(value)


def default_peppol_id(org_number: str) -> str:
    """An association's id when none is given: its organisation number under scheme 0007."""
    return f"0007:{org_number}"
