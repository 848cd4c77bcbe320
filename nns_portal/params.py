"""Numbers read from query parameters: a bad value is the user's mistake, never a 500.

``str.isdigit`` accepts "²" and "①", which ``int`` refuses; and a number too large for the
database's column fails in the query. Only plain ASCII digits of a sensible length count.
"""

import re

_INTEGER = re.compile(r"[0-9]{1,9}")
_YEAR = re.compile(r"[0-9]{4}")


def integer_param(value: str | None) -> int | None:
    """An id or count from a query parameter, or None if it is not one."""
    return int(value) if value and _INTEGER.fullmatch(value) else None


def year_param(value: str | None) -> int | None:
    """A year from a query parameter, or None if it is not one."""
    return int(value) if value and _YEAR.fullmatch(value) else None
