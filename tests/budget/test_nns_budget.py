"""NNS's own budget: the plan's table loaded and computed, the page, its PDF and the follow-up."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from budget.invoicing import services
from budget.models import BudgetAmount, BudgetColumn, BudgetLine, Payment
from budget.plan.selectors import budget_columns, budget_table, follow_up
from budget.plan.services import budget_import
from tests.invoicing import RUN_DATE, issue
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

# The rows of "NNS budget 2026" that are computed: 2024 outcome, 2025 budget, 2025 forecast,
# 2026 budget, as printed in the business plan.
DOCUMENT = {
    "Summa intäkter": [4_097_852, 2_559_249, 2_683_726, 2_534_249],
    "Summa kostnader": [-4_095_166, -2_549_500, -2_655_700, -2_531_000],
    "Årets resultat": [2_686, 9_749, 28_026, 3_249],
    "Ingående eget kapital": [1_549_590, 1_552_276, 1_552_276, 1_580_302],
    "Utgående eget kapital": [1_552_276, 1_562_025, 1_580_302, 1_583_551],
}
GROUPS = {
    ("Intäkter", "Utvecklingsverksamhet"): [1_835_223, 723_000, 827_477, 760_000],
    ("Intäkter", "Konferenser"): [215, 0, 0, 0],
    ("Kostnader", "Utvecklingsverksamhet"): [-1_762_343, -679_500, -765_700, -471_000],
    ("Kostnader", "Konferenser"): [-224_702, -220_000, -226_000, -390_000],
}


def rows_by_section(table):
    section, found = None, {}
    for row in table.rows:
        if row.style == "heading":
            section = row.label
        found[(section, row.label)] = row.amounts
    return found


def test_the_plans_table_reproduces_every_computed_row_of_the_document():
    assert budget_import() == 84
    table = budget_table()
    assert [(c.year, c.kind) for c in table.columns] == [
        (2024, "utfall"),
        (2025, "budget"),
        (2025, "prognos"),
        (2026, "budget"),
    ]
    for label, expected in DOCUMENT.items():
        assert table.row(label).amounts == [Decimal(n) for n in expected], label
    found = rows_by_section(table)
    for key, expected in GROUPS.items():
        assert found[key] == [Decimal(n) for n in expected], key


def test_loading_again_changes_nothing_and_groups_hold_no_amounts():
    budget_import()
    before = list(BudgetAmount.objects.order_by("pk").values_list("line", "column", "amount"))
    call_command("import_budget")
    assert list(BudgetAmount.objects.order_by("pk").values_list("line", "column", "amount")) == (
        before
    )
    assert not BudgetAmount.objects.filter(line__is_group=True).exists()


def test_a_bad_file_changes_nothing_and_says_why_in_swedish(tmp_path):
    budget_import()
    before = BudgetAmount.objects.count()
    path = tmp_path / "budget.json"
    data = {
        "columns": [{"year": 2027, "kind": "budget"}],
        "lines": [
            {"name": "Intäkter", "section": "intakter", "lines": [
                {"name": "Medlemsavgifter", "amounts": [12000]},
                {"name": "Utvecklingsverksamhet", "amounts": [1], "lines": []},
            ]},
        ],
    }  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="Utvecklingsverksamhet är en grupp"):
        budget_import(path=path)
    assert BudgetAmount.objects.count() == before
    assert not BudgetColumn.objects.filter(year=2027).exists()


def test_a_groups_amount_cannot_be_typed():
    budget_import()
    group = BudgetLine.objects.get(name="Utvecklingsverksamhet", section="intakter")
    amount = BudgetAmount(column=BudgetColumn.objects.first(), line=group, amount=Decimal(1))
    with pytest.raises(ValidationError, match="kan inte skrivas in"):
        amount.full_clean()


def test_an_outcome_entered_later_carries_its_equity_into_the_next_year():
    budget_import()
    outcome = BudgetColumn.objects.create(year=2025, kind=BudgetColumn.Kind.OUTCOME)
    line = BudgetLine.objects.get(name="Övrigt", section="intakter")
    BudgetAmount.objects.create(column=outcome, line=line, amount=Decimal(100_000))
    table = budget_table()
    columns = [(c.year, c.kind) for c in table.columns]
    assert columns.index((2025, "utfall")) == 1  # outcome, budget, forecast
    closing_2025 = table.row("Utgående eget kapital").amounts[1]
    assert closing_2025 == Decimal(1_552_276 + 100_000)
    assert table.row("Ingående eget kapital").amounts[-1] == closing_2025


def test_the_column_picker_shows_the_chosen_columns_only():
    budget_import()
    chosen = [c.pk for c in budget_columns() if c.year == 2026 or c.kind == "utfall"]
    table = budget_table(column_ids=chosen)
    assert [(c.year, c.kind) for c in table.columns] == [(2024, "utfall"), (2026, "budget")]
    assert table.row("Årets resultat").amounts == [Decimal(2686), Decimal(3249)]


def test_follow_up_of_the_fees_against_invoices_and_payments(invoicing):
    budget_import()
    alfa, beta = issue(invoicing.a), issue(invoicing.b)  # 200+60 650+4 700 and 200+14 000
    Payment.objects.create(invoice=alfa, paid_on=RUN_DATE, amount=Decimal(65550) / 2)
    services.invoice_credit(
        invoice=beta, reason="Fel", issued_on=RUN_DATE, issued_by="", reissue=False
    )
    rows = {row.line.name: row for row in follow_up(year=2026)}
    assert list(rows) == ["Medlemsavgifter", "Serviceavgifter", "Indikatorverksamhet"]
    assert rows["Serviceavgifter"].budgeted == Decimal(1_732_849)
    assert rows["Medlemsavgifter"].invoiced == Decimal(200)  # Beta's 200 credited
    assert rows["Serviceavgifter"].invoiced == Decimal(60650)
    assert rows["Indikatorverksamhet"].invoiced == Decimal(4700)
    assert rows["Medlemsavgifter"].paid == Decimal(100)  # half of Alfa's invoice was paid
    assert rows["Serviceavgifter"].paid == Decimal(30325)
    assert rows["Indikatorverksamhet"].paid == Decimal(2350)


def test_the_menu_shows_the_budget_to_the_board_only(client, scene):
    client.force_login(scene.nns_board_member.user)
    assert reverse("budget:budget") in client.get(reverse("home")).text
    client.force_login(scene.chair_a.user)
    assert reverse("budget:budget") not in client.get(reverse("home")).text


def test_the_budget_page_shows_the_table_as_in_the_document(client, scene):
    budget_import()
    client.force_login(scene.nns_chair.user)
    page = client.get(reverse("budget:budget"), {"ar": 2026}).text
    assert "Prognos helår" in page
    assert "1\xa0732\xa0849" in page
    assert "Summa intäkter" in page
    assert "Uppföljning av avgifterna 2026" in page


def test_the_budget_pdf_reads_back(client, scene):
    budget_import()
    client.force_login(scene.staff)
    response = client.get(reverse("budget:budget_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"[ \xa0\u202f]+", " ", text)
    assert "NNS budget" in text
    assert "Serviceavgifter 2 007 991 1 794 449 1 794 449 1 732 849" in text
    assert "Summa intäkter 4 097 852 2 559 249 2 683 726 2 534 249" in text
    assert "Årets resultat 2 686 9 749 28 026 3 249" in text
    assert "Utgående eget kapital 1 552 276 1 562 025 1 580 302 1 583 551" in text
    assert "Prognos helår" in text


def test_the_budget_page_takes_the_same_queries_with_one_column_or_all(client, scene):
    budget_import()
    client.force_login(scene.staff)
    url = reverse("budget:budget")
    counts = [
        count_queries(client, url, query) for query in [{"kolumn": budget_columns()[0].pk}, {}]
    ]
    assert counts[0] == counts[1]
