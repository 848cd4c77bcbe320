"""What a text that someone typed may hold: one rule for every form, import and document.

A control character (other than tab and line breaks in a text of several lines), a lone
surrogate or a Unicode non-character (U+FDD0–U+FDEF, and U+FFFE and U+FFFF of every plane)
cannot be typed on purpose, and XML cannot hold most of them: an e-invoice carrying one is not
well-formed. They are refused where they come in, with the character named, and the writers of
XML refuse to emit them (``xml_unsafe``).
"""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_ALWAYS_REFUSED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS
MULTI_LINE_REFUSED = re.compile(f"[{_ALWAYS_REFUSED}]")
ONE_LINE_REFUSED = re.compile(f"[\t\n\r{_ALWAYS_REFUSED}]")
# What XML 1.0 cannot hold at all (its Char production).
XML_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _refuse(pattern: re.Pattern[str], value: object) -> None:
    if isinstance(value, str) and (found := pattern.search(value)):
        raise ValidationError(
            _("The text holds a character that cannot be saved (U+%(code)04X)."),
            code="forbidden_character",
            params={"code": ord(found.group())},
        )


def validate_text(value: object) -> None:
    """For a text of several lines: tab and line breaks are allowed."""
    _refuse(MULTI_LINE_REFUSED, value)


def validate_line(value: object) -> None:
    """For a text of one line: no tab or line break either."""
    _refuse(ONE_LINE_REFUSED, value)


def xml_unsafe(value: str) -> str | None:
    """The first character of ``value`` that XML 1.0 cannot hold, or None."""
    found = XML_REFUSED.search(value)
    return found.group() if found else None


def guard_model_text_fields(*, app_labels: tuple[str, ...]) -> None:
    """Give every text field of the portal's own models the rule above, so that a form, the
    admin and every service that calls ``full_clean()`` refuse such characters. Done once at
    start-up (``PortalConfig.ready``) rather than on each field, so no field is forgotten; the
    migrations do not change, as validators run only in Python."""
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if field.choices:
                    continue
                if isinstance(field, models.TextField):
                    rule = validate_text
                elif isinstance(field, models.CharField):
                    rule = validate_line
                else:
                    continue
                if rule not in field.validators:
                    field.validators.append(rule)
