"""NNS's budget as PDFs for the meeting papers, made with WeasyPrint: the table, and the
budget against its outcome."""

from django.template.loader import render_to_string
from django.utils import translation

from nns_portal.pdf import render_pdf

from .charts import follow_up_charts
from .outcome import line_names, outcome_follow_up, unmapped_accounts
from .selectors import BudgetTable


def render_budget_pdf(*, table: BudgetTable) -> bytes:
    """The budget table for the meeting papers, in Swedish."""
    with translation.override("sv"):
        html = render_to_string("budget/budget_pdf.html", {"table": table})
    return render_pdf(html)


def render_outcome_pdf(*, year: int) -> bytes:
    """*Utfall mot budget <year>* for the meeting papers: the follow-up, its charts (each with
    its text alternative) and their figures, in Swedish."""
    with translation.override("sv"):
        follow_up = outcome_follow_up(year=year)
        context = {
            "year": year,
            "follow_up": follow_up,
            "unmapped": unmapped_accounts(imported=follow_up.imported),
            "charts": follow_up_charts(follow_up, line_names()),
        }
        html = render_to_string("budget/outcome_pdf.html", context)
    return render_pdf(html)
