"""The PDFs' URL fetcher serves the portal's own files and nothing from elsewhere."""

from pathlib import Path

import pytest
from django.conf import settings
from weasyprint import HTML

from nns_portal.pdf_fetcher import portal_url_fetcher


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


def test_a_pdf_with_a_foreign_image_renders_without_it():
    html = '<p>Hej</p><img src="https://example.com/spy.png"><img src="file:///etc/passwd">'
    pdf = HTML(string=html, url_fetcher=portal_url_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
