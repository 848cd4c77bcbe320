"""One rule for every admin action that e-mails more than one person: a confirmation page first.

The page says how many people get what, lists them one click away, and offers to cancel.
Nothing is queued until the same request comes back with ``confirmed``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.admin import ModelAdmin, helpers
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def mass_email_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def mass_email_confirmation(
    request: HttpRequest,
    *,
    model_admin: ModelAdmin,
    what: str,
    recipients: Sequence[Recipient],
    cancel_url: str,
    title: str | None = None,
    action: str = "",
    selected: Iterable[object] = (),
    fields: dict[str, str] | None = None,
) -> TemplateResponse:
    """The confirmation page, in ``model_admin``'s frame. For an admin action, ``action`` and
    ``selected`` come back with the confirmation; for a page of its own, ``fields`` (the form's
    values) do."""
    return TemplateResponse(
        request,
        "admin/mass_email_confirmation.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title or _("Confirm the e-mail"),
            "what": what,
            "recipients": recipients,
            "cancel_url": cancel_url,
            "action": action,
            "selected": [str(pk) for pk in selected],
            "selected_name": helpers.ACTION_CHECKBOX_NAME,
            "fields": fields or {},
            "confirmed_name": CONFIRMED,
        },
    )
