"""Years print as years in the admin, and an organisation number is found however typed."""

import datetime

import pytest
from django.urls import reverse

from budget.invoicing.services import invoice_run_create
from budget.models import InvoiceRun
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, invoicing):
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    client.force_login(invoicing.staff)
    return client


def test_no_year_has_a_thousands_separator(staff_client, invoicing):
    issue(invoicing.a)
    run = invoice_run_create(fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None)
    pages = [
        reverse("admin:members_associationyear_changelist"),
        reverse("admin:budget_invoice_changelist"),
        reverse("admin:budget_feeschedule_changelist"),
        reverse("admin:budget_invoicerun_changelist"),
        reverse("admin:budget_invoicerun_change", args=[run.pk]),
    ]
    for url in pages:
        text = staff_client.get(url).text
        assert "2026" in text, url
        for grouped in ("2 026", "2\xa0026", "2,026", "2 025", "2\xa0025"):
            assert grouped not in text, (url, grouped)
    budgets = staff_client.get(pages[0]).text
    assert "17\xa0328\xa0500" in budgets, "amounts keep their grouping"


def test_a_run_is_named_by_its_local_date_and_has_nothing_to_save(staff_client, invoicing):
    run = invoice_run_create(fee_year=2026, issued_on=RUN_DATE, send_by_email=False, user=None)
    InvoiceRun.objects.filter(pk=run.pk).update(
        started_at=datetime.datetime(2026, 11, 25, 23, 14, tzinfo=datetime.UTC)
    )
    run.refresh_from_db()
    assert str(run) == "Fakturering 2026 (2026-11-26)"
    page = staff_client.get(reverse("admin:budget_invoicerun_change", args=[run.pk])).text
    assert 'name="_save"' not in page and "_addanother" not in page


def test_budget_years_are_found_by_organisation_number_with_or_without_dash(
    staff_client, invoicing
):
    url = reverse("admin:members_associationyear_changelist")
    number = invoicing.a.org_number
    for typed in (number, f"{number[:6]}-{number[6:]}"):
        text = staff_client.get(url, {"q": typed}).text
        assert invoicing.a.name in text and invoicing.b.name not in text, typed
