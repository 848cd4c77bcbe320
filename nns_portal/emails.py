"""Rendering e-mails from templates, in the recipient's language, as outbox drafts."""

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .outbox import Attachment, Draft


def absolute_url(path: str) -> str:
    """A link for an e-mail: the worker has no request to take the host from."""
    return f"{settings.PORTAL_URL}{path}"


def privacy_url() -> str:
    return absolute_url(reverse("privacy"))


def _with_privacy_link(text: str, html: str) -> tuple[str, str]:
    """Every e-mail ends with where NNS tells how it handles personal data."""
    label = _("How NNS handles personal data:")
    url = privacy_url()
    text = f"{text.rstrip()}\n\n{label} {url}\n"
    if html:
        link = format_html(
            '<p style="font-size: 12px; color: #555;">{} <a href="{}">{}</a></p>', label, url, url
        )
        html = html.replace("</body>", f"{link}</body>", 1) if "</body>" in html else html + link
    return text, html


def render_draft(
    *,
    key: str,
    category: str,
    to: str,
    template: str,
    context: dict[str, object],
    language: str,
    attachments: Sequence[Attachment] = (),
    headers: dict[str, str] | None = None,
    written_by_a_person: bool = False,
) -> Draft:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``. A message
    the portal generates (an invitation, a reminder, a notice, an invoice) says so with
    ``Auto-Submitted: auto-generated`` (RFC 3834), so that mail servers send no automatic
    replies to it; one a person wrote (the board's letter, staff's message) does not."""
    if not written_by_a_person:
        headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        text, html = _with_privacy_link(text, html)
    return Draft(
        key=key,
        category=category,
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers or {},
        attachments=attachments,
    )
