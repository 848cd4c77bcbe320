"""A letter's body: Markdown written by staff, turned into HTML that can hold nothing unsafe.

Markdown passes raw HTML through, so its output is cleaned with nh3 to a short list of tags
(no scripts, styles, images or event attributes) before it reaches a page or an e-mail.
"""

import markdown
import nh3

from members.models import Person
from nns_portal.emails import render_draft
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
            "signatory": signatory,
            "attachments": list(letter.attachments.all()),
            "letter_url": letter_url,
            "opt_out_url": opt_out_url,
        },
        language=language,
        headers={"List-Unsubscribe": f"<{opt_out_url}>"},
    )
