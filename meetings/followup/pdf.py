"""The follow-up of decisions (uppföljning av beslut) as a PDF, in Swedish, for the papers of
a board meeting."""

from django.template.loader import render_to_string
from django.utils import translation

from nns_portal.pdf import render_pdf

from .selectors import FollowUp


def render_followup_pdf(*, followup: FollowUp) -> bytes:
    with translation.override("sv"):
        html = render_to_string("meetings/pdf/followup.html", {"followup": followup})
    return render_pdf(html)
