"""Rendering e-mails from templates, in the recipient's language, as outbox drafts."""

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .outbox import Attachment, Draft


def absolute_url(path: str) -> str:
    """A link for an e-mail: the worker has no request to take the host from."""
    return f"{settings.PORTAL_URL}{path}"


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
) -> Draft:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
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
