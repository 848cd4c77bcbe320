"""The budget table as a PDF for the meeting papers, made with WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import translation

from nns_portal.pdf import render_pdf

from .selectors import BudgetTable


def render_budget_pdf(*, table: BudgetTable) -> bytes:
    """The budget table for the meeting papers, in Swedish."""
    with translation.override("sv"):
        html = render_to_string("budget/budget_pdf.html", {"table": table})
    return render_pdf(html)
