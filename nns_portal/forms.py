"""Form fields shared by the apps."""

import re
from collections.abc import Callable

from django import forms
from django.db import models

from .text import validate_line, validate_text


class LineField(forms.CharField):
    """A text of one line that someone types: no control character (``nns_portal/text.py``)."""

    default_validators = [validate_line]


class ParagraphField(forms.CharField):
    """A text of several lines that someone types, in a text area; line breaks and tabs are
    allowed, other control characters are not."""

    widget = forms.Textarea
    default_validators = [validate_text]


class DigitsField(forms.CharField):
    """A number people type with hyphens or spaces (``NNNNNN-NNNN``), cleaned to its digits.

    Subclasses name the function that checks and normalises it. The browser must accept the
    written form, so the widget gets no ``maxlength`` from the model field's digit count.
    """

    normalise: Callable[[str], str]

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        return type(self).normalise(text) if text else text

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class SpacedDecimalField(forms.DecimalField):
    """An amount as Swedes write it, "2 600 000" or "2 600 000,50": spaces (also non-breaking
    and narrow ones) between the digit groups are dropped, and the decimal comma is read, as
    the field is localised (a text input, which unlike a number input takes the spaces)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: object) -> object:
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
        return super().to_python(value)


# For a ModelAdmin or an inline: every decimal field read as above.
SPACED_NUMBERS = {models.DecimalField: {"form_class": SpacedDecimalField}}
