"""The budget's outcome from NNS's bookkeeping: the SIE import (preview, confirm, a year again),
the accounts of each budget line, the follow-up by line and month, its charts and its PDF."""

import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from budget.models import AccountRange, BudgetAmount, BudgetColumn, OutcomeAmount, SieImport
from budget.plan.account_ranges import ACCOUNT_RANGES_KIND, account_ranges_load_demo
from budget.plan.charts import follow_up_charts
from budget.plan.outcome import line_names, outcome_follow_up, unmapped_accounts
from budget.plan.outcome_import import sie_import, sie_preview
from budget.plan.pdf import render_outcome_pdf
from budget.plan.selectors import budget_table
from budget.plan.services import budget_import
from nns_portal.tabular.files import write_csv
from nns_portal.tabular.imports import import_apply, import_preview
from tests.invoicing import complete_schedule

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent.parent / "budget" / "data"
D = Decimal


def _demo(year: int) -> bytes:
    return (DATA / f"demo-bokforing-{year}.se").read_bytes()


@pytest.fixture
def books(db):
    """The shipped budget, NNS's schedule (its organisation number) and the demo's accounts."""
    budget_import()
    complete_schedule(2026)
    account_ranges_load_demo()


def test_the_preview_writes_nothing_and_names_the_accounts_no_line_takes(books):
    preview = sie_preview(content=_demo(2026))

    assert not SieImport.objects.exists() and not OutcomeAmount.objects.exists()
    assert preview.outcome.last_month == 11
    assert preview.unmapped == [("8310", "Ränteintäkter", D("-1420.00"))]
    service = next(line for line in preview.lines if line.line.name == "Serviceavgifter")
    assert (service.accounts, service.amount) == (["3011"], D("-1732849.00"))


def test_importing_a_year_again_replaces_its_outcome_and_keeps_the_earlier(books):
    first = sie_import(name="2025.se", content=_demo(2025), user=None)
    again = sie_import(name="2025-rättad.se", content=_demo(2025), user=None)

    first.refresh_from_db()
    assert (first.current, again.current) == (False, True)
    assert OutcomeAmount.objects.filter(sie_import=first).exists()  # history
    assert outcome_follow_up(year=2025).imported == again


def test_a_file_of_another_organisation_or_too_big_is_refused(books, settings):
    other = _demo(2025).replace(b"#ORGNR 802400-0005", b"#ORGNR 556036-0793")
    with pytest.raises(ValidationError, match="556036-0793, inte NNS"):
        sie_preview(content=other)
    settings.SIE_FILE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="större än 0 MB"):
        sie_import(name="stor.se", content=_demo(2025), user=None)
    assert not SieImport.objects.exists()


def test_the_follow_up_adds_up_as_the_budget_does(books):
    sie_import(name="2025.se", content=_demo(2025), user=None)
    sie_import(name="2026.se", content=_demo(2026), user=None)
    follow_up = outcome_follow_up(year=2026)
    column = BudgetColumn.objects.get(year=2026, kind="budget")
    table = budget_table(column_ids=[column.pk])

    for row, budget_row in zip(follow_up.rows, table.rows, strict=False):  # in the same order
        assert row.label == budget_row.label
        if row.figures is not None:
            assert row.figures.budget == budget_row.amounts[0], row.label
    assert follow_up.months_elapsed == 11
    service = follow_up.row("Serviceavgifter").figures
    assert (service.outcome, service.last_year) == (D(1732849), D(1794449))
    staff = follow_up.row("Tjänstepersonstöd").figures
    assert staff.outcome == D(-916700)
    assert staff.forecast == D(-916700) + round(D(-1000000) / 12)  # the months left at budget
    assert staff.deviation == D(-916700) - round(D(-1000000) * 11 / 12)
    result = follow_up.row("Årets resultat").figures
    # Each line and each month is rounded to whole kronor: they agree to a krona a month.
    assert abs(result.outcome - sum(m.result for m in follow_up.months)) <= 11
    assert [u.account for u in unmapped_accounts(imported=follow_up.imported)] == ["8310"]


def test_the_office_s_forecast_stands_where_it_gives_one(books):
    sie_import(name="2026.se", content=_demo(2026), user=None)
    column = BudgetColumn.objects.create(year=2026, kind="prognos")
    assert outcome_follow_up(year=2026).row("Information").figures.forecast != D(-95000)
    information = AccountRange.objects.get(first="5900").line
    BudgetAmount.objects.create(column=column, line=information, amount=D(-95000))

    line = outcome_follow_up(year=2026).row("Information")

    assert line.figures.forecast == D(-95000)


def test_the_accounts_of_the_lines_go_out_and_back_as_a_file(books):
    exported = write_csv(header=ACCOUNT_RANGES_KIND.columns, rows=ACCOUNT_RANGES_KIND.export_rows())

    preview = import_preview(kind=ACCOUNT_RANGES_KIND, content=exported, filename="konton.csv")

    assert preview.errors == [] and preview.unchanged == AccountRange.objects.count()
    overlapping = exported + b"7010;7010;Kostnader / Information\r\n"
    with pytest.raises(Exception, match="invalid rows"):
        import_apply(kind=ACCOUNT_RANGES_KIND, content=overlapping, filename="konton.csv")
    assert AccountRange.objects.filter(first="7010").count() == 0


def test_the_charts_are_svg_with_titles_and_their_figures(books):
    sie_import(name="2025.se", content=_demo(2025), user=None)
    sie_import(name="2026.se", content=_demo(2026), user=None)

    charts = follow_up_charts(outcome_follow_up(year=2026), line_names())

    assert len(charts) == 3
    svg = "{http://www.w3.org/2000/svg}"
    for chart in charts:
        root = ET.fromstring(chart.svg[chart.svg.index("<svg") :])
        assert root.get("role") == "img"
        assert root.find(f"{svg}title").text == chart.title
        assert root.find(f"{svg}desc").text == chart.description
        texts = " ".join(t for t in root.itertext())
        assert chart.title in texts
    bars = " ".join(charts[0].svg.split())
    assert "Tjänstepersonstöd" in bars and "1 000 000 kr" in bars.replace("\u202f", " ")
    assert charts[0].rows[0][0] == "Medlemsavgifter"


def test_the_pdf_for_the_papers_reads_back(books):
    sie_import(name="2025.se", content=_demo(2025), user=None)

    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_outcome_pdf(year=2025))).pages
    )

    assert "Utfall mot budget 2025" in text
    assert "Tjänstepersonstöd" in text and "Konton utan rad i budgeten" in text


def test_the_command_previews_and_imports(books, tmp_path):
    path = tmp_path / "bokforing.se"
    path.write_bytes(_demo(2026))
    out = StringIO()

    call_command("import_sie", str(path), "--dry-run", stdout=out)
    assert not SieImport.objects.exists()
    assert "Konto utan budgetrad: 8310 Ränteintäkter" in out.getvalue()
    call_command("import_sie", str(path), stdout=StringIO())
    assert SieImport.objects.get().last_month == 11


def test_staff_upload_preview_and_confirm_in_the_admin(books, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = admin_client.post(
        reverse("admin:budget_sieimport_add"),
        {"file": SimpleUploadedFile("bokforing-2026.se", _demo(2026))},
    )
    assert preview.status_code == 200 and "8310 Ränteintäkter" in preview.text
    assert not SieImport.objects.exists()
    confirm = preview.context["confirm_url"]

    response = admin_client.post(confirm)

    assert response.url == reverse("budget:outcome") + "?ar=2026"
    assert SieImport.objects.get().name == "bokforing-2026.se"
    page = admin_client.get(response.url)
    assert "Utfall mot budget 2026" in page.text and page.status_code == 200


def test_the_annual_meeting_gets_last_year_s_outcome_among_its_papers(books):
    from meetings.documents.services import outcome_to_papers
    from tests.factories import annual_meeting

    meeting = annual_meeting(datetime.date(2026, 4, 20))
    with pytest.raises(ValidationError, match="2025"):
        outcome_to_papers(meeting=meeting, user=None)
    sie_import(name="2025.se", content=_demo(2025), user=None)

    document = outcome_to_papers(meeting=meeting, user=None)

    assert document.title == "Utfall mot budget 2025"
    assert document.file.read().startswith(b"%PDF")
