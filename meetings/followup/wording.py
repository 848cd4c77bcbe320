"""The register's decisions in words: what the board's letter after a meeting starts from."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ..models import Meeting


def letter_decisions_text(*, meeting: Meeting) -> str:
    """The meeting's decisions as Markdown for the letter's body (empty when there are none),
    in the letters' language; each decision on one line of a list."""
    decisions = list(meeting.decisions.prefetch_related("responsible").order_by("paragraph", "pk"))
    if not decisions:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        rows = [(decision, " ".join(decision.text.split())) for decision in decisions]
        return render_to_string("meetings/letter_decisions.md", {"rows": rows}).strip()
