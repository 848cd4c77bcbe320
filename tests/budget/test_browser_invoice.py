import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.invoicing import issue


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chair_downloads_the_associations_invoice(live_server, page, invoicing, log_in):
    issue(invoicing.a)
    issue(invoicing.b)
    log_in(page, invoicing.chair_a.user)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Mina fakturor").click()
    expect(page.get_by_role("heading", name="Mina fakturor")).to_be_visible()
    expect(page.get_by_role("heading", name="Samordningsförbundet Alfa")).to_be_visible()
    expect(page.get_by_text("Samordningsförbundet Beta")).to_have_count(0)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Ladda ner 2026-0001").click()
    download = downloading.value
    assert download.suggested_filename == "faktura-2026-0001.pdf"
    text = PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages[0].extract_text()
    assert "2026-0001" in text
    assert "2026000105" in text  # the OCR reference to pay with
