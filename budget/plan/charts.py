"""The follow-up's charts, drawn by matplotlib as static SVG: the budget against the outcome by
line (bars), the year's result month by month against the budget's pace (lines), and income
and costs (bars).

Text stays text in the SVG (``svg.fonttype: none``), so titles, labels and values can be read
and searched; each SVG carries a ``<title>`` and a ``<desc>``, the page shows it as an image
with the description as its text alternative, and every chart's numbers stand in a table
beside it. matplotlib's object API (``Figure``), not pyplot, so that drawing keeps no state
between requests.
"""

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .outcome import OutcomeFollowUp

STYLE = {"svg.fonttype": "none", "svg.hashsalt": "nns-portalen", "font.family": "DejaVu Sans"}
BUDGET_COLOUR, OUTCOME_COLOUR = "#9bb7c9", "#14506e"
MONTH_NAMES = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Chart:
    title: str
    description: str  # the text alternative: what the chart shows, in words
    svg: str
    headers: list[str]  # the table beside it
    rows: list[list[object]]

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _kronor(value: float, _position: object = None) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") + " kr"


def _svg(figure: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = svg[start:end].replace("<svg", '<svg role="img" aria-labelledby="t d"', 1)
    heading = f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>'
    return svg[:start] + opening + ">" + heading + svg[end + 1 :]


def _figure(height: float) -> Figure:
    return Figure(figsize=(7.5, height), dpi=100, layout="constrained")


def lines_chart(follow_up: OutcomeFollowUp, names: dict[int, str]) -> Chart:
    """Each line's budget for the year against its outcome to date (income and costs alike
    in kronor; costs shown as positive amounts)."""
    shown = [
        (names[pk], abs(f.budget), abs(f.outcome))
        for pk, f in follow_up.line_figures.items()
        if f.budget or f.outcome
    ]
    title = _("Budget and outcome by line, %(year)s") % {"year": follow_up.year}
    description = _(
        "Bars for each line of the budget: the budget for the year and the outcome to date, "
        "in kronor. The figures are in the table beside."
    )
    with matplotlib.rc_context(STYLE):
        figure = _figure(0.32 * len(shown) + 1.2)
        axes = figure.add_subplot()
        positions = range(len(shown))
        axes.barh([p + 0.2 for p in positions], [b for _n, b, _o in shown], 0.4,
                  label=_("Budget"), color=BUDGET_COLOUR)  # fmt: skip
        axes.barh([p - 0.2 for p in positions], [o for _n, _b, o in shown], 0.4,
                  label=_("Outcome"), color=OUTCOME_COLOUR)  # fmt: skip
        axes.set_yticks(list(positions), [n for n, _b, _o in shown], fontsize=8)
        axes.invert_yaxis()
        axes.xaxis.set_major_formatter(FuncFormatter(_kronor))
        axes.tick_params(axis="x", labelsize=7)
        axes.legend(fontsize=8)
        axes.set_title(title, fontsize=10)
        svg = _svg(figure, title, description)
    rows = [[n, b, o] for n, b, o in shown]
    return Chart(title, description, svg, [_("Line"), _("Budget"), _("Outcome to date")], rows)


def months_chart(follow_up: OutcomeFollowUp) -> Chart:
    """The year's result, month by month and added up, against the budget's pace."""
    months = follow_up.months
    outcome, pace, total, planned = [], [], Decimal(0), Decimal(0)
    for month in months:
        total += month.result
        planned += month.budget_result
        outcome.append(total)
        pace.append(planned)
    title = _("The result month by month, %(year)s") % {"year": follow_up.year}
    description = _(
        "Two lines over the months of the year: the result added up month by month, and the "
        "budget's result at an even pace. The figures are in the table beside."
    )
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.2)
        axes = figure.add_subplot()
        labels = [MONTH_NAMES[m.month - 1] for m in months]
        axes.plot(labels, [float(v) for v in outcome], marker="o", color=OUTCOME_COLOUR,
                  label=_("Outcome"))  # fmt: skip
        axes.plot(labels, [float(v) for v in pace], linestyle="--", color=BUDGET_COLOUR,
                  label=_("Budget's pace"))  # fmt: skip
        axes.yaxis.set_major_formatter(FuncFormatter(_kronor))
        axes.tick_params(labelsize=7)
        axes.axhline(0, color="#555", linewidth=0.6)
        axes.legend(fontsize=8)
        axes.set_title(title, fontsize=10)
        svg = _svg(figure, title, description)
    rows = [[label, o, p] for label, o, p in zip(labels, outcome, pace, strict=True)]
    headers = [_("Month"), _("Result to date"), _("Budget to date")]
    return Chart(title, description, svg, headers, rows)


def income_costs_chart(follow_up: OutcomeFollowUp) -> Chart:
    """Income and costs: the budget for the year, the budget to date and the outcome to date."""
    income, costs = follow_up.sections["intakter"], follow_up.sections["kostnader"]
    title = _("Income and costs, %(year)s") % {"year": follow_up.year}
    description = _(
        "Bars for income and for costs: the budget for the year, the budget to date and the "
        "outcome to date, in kronor. The figures are in the table beside."
    )
    groups = [(_("Income"), income), (_("Costs"), costs)]
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.0)
        axes = figure.add_subplot()
        for offset, (label, colour, pick) in enumerate(
            [
                (_("Budget"), "#d5e3ec", lambda f: f.budget),
                (_("Budget to date"), BUDGET_COLOUR, lambda f: f.budget_to_date),
                (_("Outcome to date"), OUTCOME_COLOUR, lambda f: f.outcome),
            ]
        ):
            values = [float(abs(pick(f))) for _g, f in groups]
            bars = axes.bar([i + (offset - 1) * 0.27 for i in range(2)], values, 0.27,
                            label=label, color=colour)  # fmt: skip
            axes.bar_label(bars, labels=[_kronor(v) for v in values], fontsize=6)
        axes.set_xticks([0, 1], [g for g, _f in groups])
        axes.yaxis.set_major_formatter(FuncFormatter(_kronor))
        axes.tick_params(labelsize=7)
        axes.legend(fontsize=8)
        axes.set_title(title, fontsize=10)
        svg = _svg(figure, title, description)
    rows = [[g, abs(f.budget), abs(f.budget_to_date), abs(f.outcome)] for g, f in groups]
    headers = [_("Section"), _("Budget"), _("Budget to date"), _("Outcome to date")]
    return Chart(title, description, svg, headers, rows)


def follow_up_charts(follow_up: OutcomeFollowUp, names: dict[int, str]) -> list[Chart]:
    if follow_up.imported is None:
        return []
    charts = [lines_chart(follow_up, names), income_costs_chart(follow_up)]
    if follow_up.months:
        charts.insert(1, months_chart(follow_up))
    return charts
