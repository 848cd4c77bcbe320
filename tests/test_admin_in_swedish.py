"""The admin as a Swede reads and types it: years as years, amounts with spaces, labels in
Swedish, and an organisation number found however typed."""

import datetime

import pytest
from django.urls import reverse

from budget.invoicing.services import invoice_run_create
from budget.models import InvoiceRun
from tests.invoicing import RUN_DATE, issue

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:members_association_changelist",
        "admin:members_associationyear_changelist",
        "admin:members_role_changelist",
        "admin:members_person_changelist",
    ],
)
def test_an_organisation_number_is_found_with_or_without_dash(staff_client, invoicing, changelist):
    url = reverse(changelist)
    number = invoicing.a.org_number
    expected = {
        "admin:members_person_changelist": str(invoicing.chair_a),
        "admin:members_role_changelist": str(invoicing.chair_a),
    }.get(changelist, invoicing.a.name)
    unexpected = {
        "admin:members_person_changelist": str(invoicing.chair_b),
        "admin:members_role_changelist": str(invoicing.chair_b),
    }.get(changelist, invoicing.b.name)
    for typed in (number, f"{number[:6]}-{number[6:]}"):
        text = staff_client.get(url, {"q": typed}).text
        assert expected in text and unexpected not in text, typed


def test_amounts_are_accepted_as_swedes_type_them(staff_client, invoicing):
    from decimal import Decimal

    from members.models import AssociationYear

    response = staff_client.post(
        reverse("admin:members_associationyear_add"),
        {"association": invoicing.a.pk, "year": "2027", "total_budget": "2 600 000,50"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    year = AssociationYear.objects.get(association=invoicing.a, year=2027)
    assert year.total_budget == Decimal("2600000.50")


def test_the_e_mail_queue_names_its_categories_in_swedish(staff_client, invoicing):
    from nns_portal.models import OutboxMessage

    OutboxMessage.objects.create(
        key="test:1", category="meeting_invitation", to="a@forbund.example", subject="Hej",
        body_text="Hej", message_id="<1@nns.example>",
    )  # fmt: skip

    text = staff_client.get(reverse("admin:nns_portal_outboxmessage_changelist")).text

    assert "Mötesinbjudan" in text
    assert "meeting_invitation" not in text.replace("category=meeting_invitation", "")


def test_history_pages_read_in_swedish_and_point_to_the_budget_years(staff_client, invoicing):
    url = reverse("admin:members_association_history", args=[invoicing.a.pk])
    invoicing.a.city = "Norrköping"
    invoicing.a.save()

    text = staff_client.get(url).text

    for english in ("Choose a date", "Object", "Comment", "Changed by", "None", ">Changed<"):
        assert english not in text, english
    assert "Välj ett datum i listan" in text
    assert "?association__id__exact=" in text


def test_an_import_error_names_the_files_column_not_the_models_field(invoicing):
    from members.imports import ASSOCIATION_COLUMNS, KINDS
    from nns_portal.tabular.imports import import_preview

    row = dict.fromkeys(ASSOCIATION_COLUMNS, "")
    row |= {"namn": "Samordningsförbundet Ny", "organisationsnummer": "212000-0142"}
    row |= {"område": "syd", "region": "Region Skåne"}  # no "kommuner"
    content = (
        ";".join(ASSOCIATION_COLUMNS) + "\n" + ";".join(row[c] for c in ASSOCIATION_COLUMNS)
    ).encode()

    preview = import_preview(kind=KINDS["associations"], content=content, filename="f.csv")

    [error] = preview.errors
    assert error.message.startswith("kommuner:"), error.message


def test_djangos_new_texts_read_in_swedish(staff_client, invoicing):
    issue(invoicing.a)
    invoices = staff_client.get(reverse("admin:budget_invoice_changelist")).text
    assert "Filter by" not in invoices and "Filtrera på" in invoices
    add_meeting = staff_client.get(reverse("admin:meetings_meeting_add")).text
    assert "Select an option" not in add_meeting and "– Välj –" in add_meeting


def test_the_import_preview_names_what_each_row_is(invoicing):
    from members.imports import ASSOCIATION_COLUMNS, KINDS
    from nns_portal.tabular.imports import import_preview

    row = dict.fromkeys(ASSOCIATION_COLUMNS, "")
    row |= {"namn": "Samordningsförbundet Ny", "organisationsnummer": "212000-0142"}
    row |= {"område": "syd", "region": "Region Skåne", "kommuner": "Lund"}
    content = (
        ";".join(ASSOCIATION_COLUMNS) + "\n" + ";".join(row[c] for c in ASSOCIATION_COLUMNS)
    ).encode()

    preview = import_preview(kind=KINDS["associations"], content=content, filename="f.csv")

    assert preview.errors == []
    assert preview.rows == [(2, "ny", "Samordningsförbundet Ny")]


def test_an_invoice_is_found_by_the_buyers_organisation_number_and_its_reminders_read_swedish(
    staff_client, invoicing
):
    from budget.models import InvoiceReminder

    invoice = issue(invoicing.a)
    InvoiceReminder.objects.create(invoice=invoice, ordinal=1)
    number = invoicing.a.org_number
    found = staff_client.get(
        reverse("admin:budget_invoice_changelist"), {"q": f"{number[:6]}-{number[6:]}"}
    ).text
    assert invoice.number in found

    page = staff_client.get(reverse("admin:budget_invoice_change", args=[invoice.pk])).text
    for english in ("INVOICE REMINDERS", "Invoice reminders", "Ordinal", "Queued at"):
        assert english not in page, english
    assert "Påminnelser" in page


def test_the_admin_says_andra_and_a_payment_reads_as_kronor(staff_client, invoicing):
    from decimal import Decimal

    from budget.invoicing.services import payment_register

    index = staff_client.get(reverse("admin:index")).text
    assert ">Ändra<" in index and ">Byt<" not in index
    assert "Senaste händelser" in index and "Senaste Händelser" not in index
    assert ">Byt<" in staff_client.get("/").text  # the language switch
    invoice = issue(invoicing.a)
    payment = payment_register(
        invoice=invoice, paid_on=RUN_DATE, amount=Decimal("5000.50"), note="", user=None
    )
    assert str(payment) == f"{invoice.number}: 5\xa0000,50\xa0kr (2026-02-02)"
    page = staff_client.get(reverse("admin:budget_invoice_change", args=[invoice.pk])).text
    digits = invoice.buyer_org_number
    assert f"{digits[:6]}-{digits[6:]}" in page  # the organisation number with its dash
