"""OCR references for bankgiro payments: digits, a length digit, then a Luhn check digit.

The length digit is the reference's whole length (check digit included) modulo 10, so that the
bank can refuse a reference with a digit left out ("hård kontroll" of length and check digit).
"""

from stdnum import luhn


def ocr_reference(*, series_year: int, sequence: int) -> str:
    """The reference of invoice ``<series_year>-<sequence>``: its digits, then the two checks."""
    stem = f"{series_year}{sequence:04d}"
    length_digit = str((len(stem) + 2) % 10)
    return stem + length_digit + luhn.calc_check_digit(stem + length_digit)


def ocr_is_valid(reference: str) -> bool:
    return (
        reference.isdigit()
        and len(reference) >= 3
        and int(reference[-2]) == len(reference) % 10
        and luhn.is_valid(reference)
    )
