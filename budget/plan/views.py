from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nns_portal.params import integer_param, year_param

from . import outcome, selectors
from .charts import follow_up_charts
from .pdf import render_budget_pdf, render_outcome_pdf


def _readable(request: HttpRequest) -> None:
    if not selectors.may_see_budget(user=request.user):
        raise Http404


def _chosen_columns(request: HttpRequest) -> list[int] | None:
    chosen = [n for n in map(integer_param, request.GET.getlist("kolumn")) if n is not None]
    return chosen or None


@login_required
@require_GET
def budget_page(request: HttpRequest) -> HttpResponse:
    _readable(request)
    chosen = _chosen_columns(request)
    years = selectors.follow_up_years()
    year = year_param(request.GET.get("ar")) or selectors.default_follow_up_year()
    context = {
        "table": selectors.budget_table(column_ids=chosen),
        "all_columns": selectors.budget_columns(),
        "chosen": chosen,
        "follow_up": selectors.follow_up(year=year),
        "follow_up_year": year,
        "follow_up_years": years,
        "query": request.GET.urlencode(),
    }
    return render(request, "budget/budget.html", context)


@login_required
@require_GET
def budget_pdf(request: HttpRequest) -> HttpResponse:
    _readable(request)
    table = selectors.budget_table(column_ids=_chosen_columns(request))
    response = HttpResponse(render_budget_pdf(table=table), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="nns-budget.pdf"'
    return response


def _outcome_year(request: HttpRequest) -> tuple[int, list[int]]:
    years = outcome.outcome_years()
    chosen = year_param(request.GET.get("ar"))
    return (chosen if chosen is not None else (years[-1] if years else None)), years


@login_required
@require_GET
def outcome_page(request: HttpRequest) -> HttpResponse:
    """The budget against its outcome from the bookkeeping: by line, by month, in charts."""
    _readable(request)
    year, years = _outcome_year(request)
    year = year or selectors.default_follow_up_year()
    follow_up = outcome.outcome_follow_up(year=year)
    context = {
        "year": year,
        "years": years,
        "follow_up": follow_up,
        "unmapped": outcome.unmapped_accounts(imported=follow_up.imported),
        "charts": follow_up_charts(follow_up, outcome.line_names()),
    }
    return render(request, "budget/outcome.html", context)


@login_required
@require_GET
def outcome_pdf(request: HttpRequest, year: int) -> HttpResponse:
    _readable(request)
    if year not in outcome.outcome_years():
        raise Http404
    response = HttpResponse(render_outcome_pdf(year=year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nns-utfall-{year}.pdf"'
    return response
