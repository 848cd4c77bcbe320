"""Who sees which invoice, and the queries of the lists (every URL × role: test_every_url)."""

import pytest
from django.urls import reverse

from tests.factories import AssociationFactory, AssociationYearFactory, RoleFactory
from tests.invoicing import issue
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(invoicing):
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    a, b = issue(invoicing.a), issue(invoicing.b)
    return {
        "mine": reverse("budget:mine"),
        "pdf_a": reverse("budget:invoice_pdf", args=[a.pk]),
        "pdf_b": reverse("budget:invoice_pdf", args=[b.pk]),
        "admin_list": reverse("admin:budget_invoice_changelist"),
    }


def test_the_pdf_downloads_with_the_invoice_number_as_name(client, invoicing, urls):
    client.force_login(invoicing.chair_a.user)
    response = client.get(urls["pdf_a"])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="faktura-2026-0001.pdf"'
    assert response.content.startswith(b"%PDF")


def test_mina_fakturor_lists_only_the_own_associations_invoices(client, invoicing, urls, frozen):
    client.force_login(invoicing.director_a.user)
    page = client.get(urls["mine"]).content.decode()
    assert "Samordningsförbundet Alfa" in page
    assert "2026-0001" in page
    assert "65\xa0550\xa0kr" in page
    assert "Förfallen" in page  # due on 4 March; "now" is 24 November
    assert "Samordningsförbundet Beta" not in page
    assert urls["pdf_b"] not in page
    client.force_login(invoicing.officer_a.user)
    assert "Inga fakturor." in client.get(urls["mine"]).content.decode()


def test_a_role_that_ended_no_longer_opens_the_invoices(client, invoicing, urls):
    import datetime

    invoicing.chair_a.roles.update(ends_on=datetime.date(2025, 12, 31))
    client.force_login(invoicing.chair_a.user)
    assert client.get(urls["pdf_a"]).status_code == 404


def _more_invoices(invoicing, count: int) -> None:
    for _ in range(count):
        association = AssociationFactory()
        AssociationYearFactory(association=association)
        RoleFactory(person=invoicing.chair_a, association=association)
        issue(association)


def test_mina_fakturor_takes_the_same_queries_for_one_invoice_or_many(client, invoicing, urls):
    client.force_login(invoicing.chair_a.user)
    few = count_queries(client, urls["mine"])
    _more_invoices(invoicing, 12)
    assert count_queries(client, urls["mine"]) == few


def test_the_admin_invoice_list_takes_the_same_queries_for_few_or_many(client, invoicing, urls):
    client.force_login(invoicing.staff)
    few = count_queries(client, urls["admin_list"])
    _more_invoices(invoicing, 25)
    assert count_queries(client, urls["admin_list"]) == few
