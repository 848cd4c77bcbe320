"""A letter's body: Markdown written by staff, turned into HTML that can hold nothing unsafe.

Markdown passes raw HTML through, so its output is cleaned with nh3 to a short list of tags
(no scripts, styles, images or event attributes) before it reaches a page or an e-mail.
"""

import html as html_escapes
import re
from html.parser import HTMLParser

import markdown
import nh3
from django.urls import reverse

from members.models import Person
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import Draft

from ..models import Letter

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def letter_html(body: str) -> str:
    html = markdown.markdown(body, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


class _PlainText(HTMLParser):
    """The cleaned HTML of ``letter_html`` (a short list of tags) as plain text: paragraphs and
    headings as lines, list items with a dash, a link's address after its text."""

    BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if data.strip():  # the line breaks between tags are not text
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        return re.sub(r"\n{3,}", "\n\n", joined).strip()


def letter_text(html: str) -> str:
    """The plain-text part of a letter's e-mail, from its cleaned HTML (never the raw Markdown,
    which may hold HTML its author typed)."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return html_escapes.unescape(parser.text())


def letter_email(
    *,
    letter: Letter,
    key: str,
    to: str,
    language: str,
    html: str,
    letter_url: str,
    opt_out_url: str,
    signatory: Person | None,
) -> Draft:
    """The letter as an e-mail to one reader; ``html`` is its body from ``letter_html``."""
    return render_draft(
        key=key,
        category="letter",
        to=to,
        template="meetings/email/letter",
        context={
            "letter": letter,
            "body_html": html,
            "body_text": letter_text(html),
            "signatory": signatory,
            "attachments": list(letter.attachments.all()),
            "letter_url": letter_url,
            "opt_out_url": opt_out_url,
            "minutes_url": absolute_url(reverse("meetings:minutes")),
        },
        language=language,
        # One-click unsubscribe (RFC 8058): a POST to the link, with this body, stops them.
        headers={
            "List-Unsubscribe": f"<{opt_out_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        written_by_a_person=True,
    )
