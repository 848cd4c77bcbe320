"""Who sees which invoice: every invoice URL × every role, and the queries of the lists."""

import pytest
from django.urls import reverse

from tests.budget.conftest import issue
from tests.factories import AssociationFactory, AssociationYearFactory, RoleFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "officer_a",
    "board_member_a",
    "chair_a",
    "director_a",
    "invoice_contact_a",
    "chair_b",
    "staff",
]
LOGIN = 302
EXPECTED = {
    #                    anon   off_a  board_a chair_a dir_a  inv_a  chair_b staff
    "mine":             (LOGIN, 200,   200,    200,    200,   200,   200,    200),
    "pdf_a":            (LOGIN, 404,   404,    200,    200,   200,   404,    200),
    "pdf_b":            (LOGIN, 404,   404,    404,    404,   404,   200,    200),
    "pdf_missing":      (LOGIN, 404,   404,    404,    404,   404,   404,    404),
    "admin_list":       (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_invoice":    (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_pdf":        (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_credit":     (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_zip":        (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_sie":        (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_runs":       (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
    "admin_schedules":  (LOGIN, LOGIN, LOGIN,  LOGIN,  LOGIN, LOGIN, LOGIN,  200),
}  # fmt: skip


@pytest.fixture
def urls(invoicing, invoice_contact_a):
    invoicing.staff.is_superuser = True
    invoicing.staff.save()
    a, b = issue(invoicing.a), issue(invoicing.b)
    return {
        "mine": reverse("budget:mine"),
        "pdf_a": reverse("budget:invoice_pdf", args=[a.pk]),
        "pdf_b": reverse("budget:invoice_pdf", args=[b.pk]),
        "pdf_missing": reverse("budget:invoice_pdf", args=[b.pk + 1000]),
        "admin_list": reverse("admin:budget_invoice_changelist"),
        "admin_invoice": reverse("admin:budget_invoice_change", args=[a.pk]),
        "admin_pdf": reverse("admin:budget_invoice_pdf", args=[a.pk]),
        "admin_credit": reverse("admin:budget_invoice_credit", args=[a.pk]),
        "admin_zip": reverse("admin:budget_invoice_zip", args=[2026]),
        "admin_sie": reverse("admin:budget_invoice_sie"),
        "admin_runs": reverse("admin:budget_invoicerun_add"),
        "admin_schedules": reverse("admin:budget_feeschedule_changelist"),
    }


@pytest.mark.parametrize("name", EXPECTED)
def test_permission_matrix(client, invoicing, invoice_contact_a, urls, name):
    people = {"invoice_contact_a": invoice_contact_a}
    for role, expected in zip(ROLES, EXPECTED[name], strict=True):
        client.logout()
        if role == "staff":
            client.force_login(invoicing.staff)
        elif role != "anonymous":
            client.force_login((people.get(role) or getattr(invoicing, role)).user)
        response = client.get(urls[name])
        assert response.status_code == expected, f"{name} as {role}"


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
