"""The e-mails about a person's login address: the link to the new one, the notice to the old."""

from django.conf import settings
from django.urls import reverse

from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import Draft

from .models import LoginAddressChange
from .tokens import login_address_token


def login_address_drafts(*, change: LoginAddressChange) -> list[Draft]:
    """A confirmation link to the new address and, if there was one, a notice to the old."""
    person = change.person
    context = {
        "change": change,
        "person": person,
        "requested_by": change.requested_by,
        "confirm_url": absolute_url(
            reverse("members:login_address_confirm", args=[login_address_token(change)])
        ),
        "valid_days": settings.LOGIN_ADDRESS_CONFIRM_DAYS,
        "portal_url": settings.PORTAL_URL,
    }
    drafts = [
        render_draft(
            key=f"login-address:{change.pk}:confirm",
            category="login_address_confirm",
            to=change.new_email,
            template="members/email/login_address_confirm",
            context=context,
            language=person.preferred_language,
        )
    ]
    if change.old_email:
        drafts.append(
            render_draft(
                key=f"login-address:{change.pk}:notice",
                category="login_address_notice",
                to=change.old_email,
                template="members/email/login_address_notice",
                context=context,
                language=person.preferred_language,
            )
        )
    return drafts
