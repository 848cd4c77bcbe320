"""Text from the register inside a CSS string (the PDF's page footer): printed as typed."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Everything that could end the string, the rule or the style element is written as a CSS
# escape (a backslash, the code point in hex and a space); everything else as itself.
_SPECIAL = frozenset("\\\"'<>&{};")


@register.filter
def css_string(value: object) -> SafeString:
    text = "" if value is None else str(value)
    escaped = "".join(
        f"\\{ord(char):X} " if char in _SPECIAL or ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text
    )
    return mark_safe(escaped)
