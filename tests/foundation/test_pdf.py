"""The PDFs' URL fetcher serves the portal's own files and nothing from elsewhere; every PDF
uses the process's one fetcher and one font configuration."""

from pathlib import Path

import pytest
from django.conf import settings
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from nns_portal.pdf import portal_font_config, portal_url_fetcher


def test_the_portals_files_and_data_urls_are_served():
    fetcher = portal_url_fetcher()
    css = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"
    assert b"--brand" in fetcher.fetch(css.as_uri()).read()
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"
    assert portal_url_fetcher() is fetcher, "one fetcher per process"


@pytest.mark.parametrize(
    "url",
    ["https://example.com/x.png", "http://127.0.0.1:6379/", "file:///etc/passwd", "ftp://x/y"],
)
def test_nothing_outside_the_portal_is_fetched(url):
    with pytest.raises(ValueError):
        portal_url_fetcher().fetch(url)


@pytest.mark.django_db
def test_the_pdfs_use_the_one_fetcher_and_fonts_and_make_no_new_ones(invoicing, monkeypatch):
    from budget.invoicing.pdf import render_invoice_pdf
    from budget.plan.pdf import render_budget_pdf
    from budget.plan.selectors import budget_table
    from budget.plan.services import budget_import
    from meetings.annual.pdf import render_document_pdf
    from tests.invoicing import issue

    portal_url_fetcher()  # made once per process, before any document
    portal_font_config()
    invoice = issue(invoicing.a)
    budget_import()

    def no_new_fetcher(*args, **kwargs):
        raise AssertionError("WeasyPrint made a fetcher of its own (with an HTTPS context)")

    def no_new_fonts(*args, **kwargs):
        raise AssertionError("WeasyPrint configured the fonts again")

    monkeypatch.setattr(URLFetcher, "__init__", no_new_fetcher)
    monkeypatch.setattr(FontConfiguration, "__init__", no_new_fonts)
    assert render_invoice_pdf(invoice=invoice).startswith(b"%PDF")
    assert render_budget_pdf(table=budget_table()).startswith(b"%PDF")
    assert render_document_pdf(title="Protokoll", paragraphs=["§ 1"]).startswith(b"%PDF")
