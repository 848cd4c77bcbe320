import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budget.invoicing.bgmax import WrittenPayment, bgmax_write
from budget.models import Payment
from tests.invoicing import NNS_BANKGIRO, issue


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_upload_the_banks_file_confirm_and_see_the_invoices_paid(
    live_server, page, invoicing, log_in, admin_user, tmp_path
):
    alfa, beta = issue(invoicing.a), issue(invoicing.b)
    bank_file = tmp_path / "BgMax-20260220.txt"
    bank_file.write_bytes(
        bgmax_write(
            bankgiro=NNS_BANKGIRO,
            deposits=[
                (
                    datetime.date(2026, 2, 20),
                    [
                        WrittenPayment(alfa.ocr, alfa.total_amount, payer="Alfa"),
                        WrittenPayment(beta.ocr, Decimal(4200), payer="Beta"),
                    ],
                )
            ],
            created=datetime.datetime(2026, 2, 21, 6, 0),
        )
    )
    log_in(page, admin_user)

    page.goto(live_server.url + "/admin/budget/paymentfile/add/")
    page.get_by_label("Betalningsfil (BgMax)").set_input_files(bank_file)
    page.get_by_role("button", name="Läs filen").click()

    expect(page.get_by_text("Inget är registrerat än.")).to_be_visible()
    rows = page.locator("#payment-matches tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Betalar fakturan")
    expect(rows.nth(1)).to_contain_text("Delbetalning")
    assert not Payment.objects.exists()

    page.get_by_role("button", name="Registrera de matchade betalningarna").click()
    expect(page.get_by_text("Filens matchade betalningar registreras.")).to_be_visible()
    expect(page.get_by_text("2 betalningar.")).to_be_visible()  # "Registrerade <when>: …"
    expect(rows.nth(0)).to_contain_text("Registrerad från den här filen")
    expect(rows.nth(1)).to_contain_text("Registrerad från den här filen")
    expect(page.get_by_role("button", name="Registrera de matchade betalningarna")).to_have_count(0)

    page.goto(live_server.url + "/admin/budget/invoice/")
    table = page.locator("#result_list")
    expect(table.locator("tr", has_text=alfa.number)).to_contain_text("Betald")
    expect(table.locator("tr", has_text=beta.number)).to_contain_text("Delvis betald")
    expect(table.locator("tr", has_text=beta.number)).to_contain_text("10 000 kr")
