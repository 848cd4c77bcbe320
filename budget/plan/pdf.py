"""The budget table as a PDF for the meeting papers, made with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from nns_portal.pdf_fetcher import portal_url_fetcher

from .selectors import BudgetTable


def render_budget_pdf(*, table: BudgetTable) -> bytes:
    """The budget table for the meeting papers, in Swedish."""
    with translation.override("sv"):
        html = render_to_string("budget/budget_pdf.html", {"table": table})
    return HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=portal_url_fetcher()
    ).write_pdf()
