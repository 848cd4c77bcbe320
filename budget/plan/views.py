from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nns_portal.params import integer_param, year_param

from . import selectors
from .pdf import render_budget_pdf


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
