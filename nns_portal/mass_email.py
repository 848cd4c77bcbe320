"""One rule for every admin action that e-mails more than one person: a confirmation page first.

The page says how many people get what, lists them one click away, and offers to cancel.
Nothing is queued until the same request comes back with ``confirmed``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.admin import helpers
from django.http import HttpRequest
from django.template.response import TemplateResponse

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
    context: dict[str, object],
    title: str,
    what: str,
    recipients: Sequence[Recipient],
    cancel_url: str,
    action: str = "",
    selected: Iterable[object] = (),
    fields: dict[str, str] | None = None,
) -> TemplateResponse:
    """The confirmation page. For an admin action, ``action`` and ``selected`` come back with
    the confirmation; for a page of its own, ``fields`` (the form's values) do."""
    return TemplateResponse(
        request,
        "admin/mass_email_confirmation.html",
        {
            **context,
            "title": title,
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
