"""A second factor for every staff and superuser login (allauth's MFA: a passkey or an
authenticator app, with recovery codes).

Everyone logs in with a code sent by e-mail. A member may add a second factor; a login with
staff rights must have one: until it is enrolled, every page but enrolment, logout and the
public pages sends it to enrolment, so the admin, staff pages and exports answer nothing. Once
enrolled, allauth asks for the factor at every login, after the code. Only ``make run``'s
development settings turn the requirement off; production settings refuse to start so.
"""

from collections.abc import Callable

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from nns_portal.emails import render_draft
from nns_portal.forms import LineField
from nns_portal.outbox import outbox_queue

from .models import User
from .sessions import sessions_end

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# What a staff login may open before it is enrolled.
OPEN_BEFORE_ENROLMENT = frozenset(
    {"account_logout", "set_language", "home", "healthz", "privacy", "accessibility"}
)
SESSION_KEY = "_second_factor_enrolled"


def needs_second_factor(user: User) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class StaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if not settings.STAFF_SECOND_FACTOR_REQUIRED or not needs_second_factor(request.user):
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        enrolment = match is not None and not match.namespace and name.startswith("mfa_")
        if name in OPEN_BEFORE_ENROLMENT or enrolment:
            return None
        if request.session.get(SESSION_KEY) == request.user.pk:
            return None
        if has_second_factor(request.user):
            request.session[SESSION_KEY] = request.user.pk
            return None
        messages.info(
            request,
            _(
                "A login with staff rights needs a second factor: add a passkey or an "
                "authenticator app before you go on."
            ),
        )
        return redirect("mfa_index")


class PortalMFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """What a passkey is for, as the browser and the phone show it: the portal's name,
        not the host's."""
        return super().get_public_key_credential_rp_entity() | {"name": settings.MFA_TOTP_ISSUER}


class PasskeyAddForm(AddWebAuthnForm):
    """allauth's form, with its name a line of text (no control characters), labelled."""

    name = LineField(
        required=False,
        max_length=255,
        label=gettext_lazy("Name of the key"),
        help_text=gettext_lazy("So that you know it again, e.g. “Work laptop” or “My phone”."),
    )


@transaction.atomic
def second_factor_reset(*, user: User, by: User | None) -> int:
    """A lost phone or key: remove every factor of ``user`` (recovery codes too), end their
    sessions, record it in the admin's log and tell them by e-mail. Returns how many factors
    were removed."""
    removed, _kinds = Authenticator.objects.filter(user=user).delete()
    sessions_end(user_id=user.pk)
    LogEntry.objects.log_actions(
        user_id=by.pk if by else user.pk,
        queryset=[user],
        action_flag=CHANGE,
        # shown translated in the history, like a field's name
        change_message=[{"changed": {"fields": [gettext_noop("second factor (reset)")]}}],
    )
    outbox_queue(
        drafts=[
            render_draft(
                key=f"second-factor-reset:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
                category="second_factor_reset",
                to=user.email,
                template="members/email/second_factor_reset",
                context={
                    "user": user,
                    "by": (by.get_full_name() or by.email) if by else _("NNS's office"),
                    "portal_url": settings.PORTAL_URL,
                },
                language=settings.LANGUAGE_CODE,
            )
        ]
    )
    return removed
