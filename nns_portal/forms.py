"""Form fields shared by the apps."""

from collections.abc import Callable

from django import forms


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
