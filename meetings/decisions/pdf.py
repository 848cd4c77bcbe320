"""The decisions' PDFs, in Swedish: the agenda (dagordning) and the minutes drafted from the
meeting."""

from django.template.loader import render_to_string
from django.utils import translation

from nns_portal.pdf import render_pdf

from ..letters.render import letter_html
from ..models import Meeting
from .models import AgendaItem


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("sv"):
        html = render_to_string(template, context)
    return render_pdf(html)


def render_agenda_pdf(*, meeting: Meeting, items: list[AgendaItem]) -> bytes:
    return _pdf("meetings/pdf/agenda.html", {"meeting": meeting, "items": items})


def render_minutes_pdf(*, meeting: Meeting, text: str) -> bytes:
    """The minutes' text (Markdown, as staff edited it), cleaned of anything unsafe."""
    return _pdf("meetings/pdf/minutes.html", {"meeting": meeting, "body": letter_html(text)})
