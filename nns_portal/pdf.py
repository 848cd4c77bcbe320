"""How the portal makes its PDFs: WeasyPrint with one URL fetcher and one font configuration
per process.

WeasyPrint makes a new fetcher for each document unless given one, and each new fetcher builds
an HTTPS context that loads the system's CA certificates: about a third of an invoice's render
time on this kind of machine (bench/RESULTS.md). The portal's PDFs need no network, so one
fetcher per process serves files under the project's folder and ``data:`` URLs, and refuses
anything else (an address typed into a text cannot make the server fetch it). A new font
configuration per document (fontconfig's, WeasyPrint's default) costs a fifth of an invoice;
the portal's PDFs load no web fonts, so one serves them all.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


class PortalFilesFetcher(URLFetcher):
    def __init__(self, root: Path) -> None:
        # Not URLFetcher's handlers (HTTP, HTTPS, FTP): only files and data.
        request.OpenerDirector.__init__(self)
        for handler in (request.FileHandler(), request.DataHandler()):
            self.add_handler(handler)
        self._timeout = 10
        self._http_headers = {}
        self._allowed_protocols = {"file", "data"}
        self._fail_on_errors = False
        self._request = None
        self.root = root.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"Not one of the portal's files: {url}")
        return super().fetch(url, headers)


@functools.cache
def portal_url_fetcher() -> PortalFilesFetcher:
    return PortalFilesFetcher(Path(settings.BASE_DIR))


@functools.cache
def portal_font_config() -> FontConfiguration:
    return FontConfiguration()


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside a PDF/A-3 document, with its relationship to it (PDF/A-3's
    AFRelationship: ``Alternative`` for another form of the same content, as an e-invoice's XML
    is of its PDF in ZUGFeRD and Factur-X)."""

    name: str
    content: bytes
    description: str
    relationship: str = "Alternative"


def render_pdf(html: str, *, archive: bool = False, embedded: Sequence[EmbeddedFile] = ()) -> bytes:
    """A PDF of an HTML document of the portal's (its styles and images from the project):
    PDF/UA-1, tagged (its structure for screen readers, with the document's language and
    title), or with ``archive`` a PDF/A-3b for the receiver's archive, carrying ``embedded``
    files."""
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=portal_url_fetcher())
    if not archive:
        return document.write_pdf(font_config=portal_font_config(), pdf_variant="pdf/ua-1")
    attachments = [
        Attachment(
            string=file.content,
            name=file.name,
            description=file.description,
            relationship=file.relationship,
            url_fetcher=portal_url_fetcher(),
        )
        for file in embedded
    ]
    return document.write_pdf(
        font_config=portal_font_config(), pdf_variant="pdf/a-3b", attachments=attachments
    )
