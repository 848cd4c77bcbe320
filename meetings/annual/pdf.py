"""The annual cycle's PDFs, in Swedish: the motions with the board's statements for the
papers, and the roll call for the minutes."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from nns_portal.pdf import render_pdf

from ..models import Meeting
from .models import Motion


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("sv"):
        html = render_to_string(template, context)
    return render_pdf(html)


def render_motions_pdf(*, meeting: Meeting, motions: list[Motion]) -> bytes:
    return _pdf("meetings/pdf/motions.html", {"meeting": meeting, "motions": motions})


def render_roll_call_pdf(
    *, meeting: Meeting, rows: list, now: datetime.datetime | None = None
) -> bytes:
    present = [row for row in rows if row.present]
    return _pdf(
        "meetings/pdf/roll_call.html",
        {
            "meeting": meeting,
            "present": present,
            "absent": [row for row in rows if not row.present],
            "votes": len(present),
            "at": timezone.localtime(now or timezone.now()),
        },
    )


def render_document_pdf(*, title: str, paragraphs: list[str]) -> bytes:
    """A plain document of a title and paragraphs (the demo's minutes)."""
    return _pdf("meetings/pdf/document.html", {"title": title, "paragraphs": paragraphs})
