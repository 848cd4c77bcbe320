import ipaddress
from functools import cache
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, make_msgid
from django.http import HttpRequest

from nns_portal.emails import privacy_url

from . import notices

# allauth's notice to an address that is not in the register.
UNKNOWN_ACCOUNT = "account/email/unknown_account"


@cache
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client, for the login rate limits.

    ``X-Forwarded-For`` is anyone's to write, so it counts only when the request came from
    one of ``TRUSTED_PROXIES``; then the address is the last one in it that is not itself
    a trusted proxy (what our proxy appended). Otherwise it is the connection's own address.
    """
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None

    def trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in networks)

    if trusted(remote):
        for hop in reversed(request.headers.get("x-forwarded-for", "").split(",")):
            address = _address(hop)
            if address is None:
                break  # a malformed entry: nothing before it can be trusted either
            if not trusted(address):
                return str(address)
    return str(remote)


class RegisterOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts exist because people are in the member register; nobody signs up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {**context, "portal_url": settings.PORTAL_URL, "privacy_url": privacy_url()}
        if template_prefix == UNKNOWN_ACCOUNT:
            if not notices.notice_may_go_to(email=email):
                return
            context = {**context, "refusal_url": notices.refusal_url(email)}
        super().send_mail(template_prefix, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """The login code and the notice are sent at once, outside the outbox (a code must not
        wait in a queue); like the outbox's messages, they carry a Message-ID of the portal's
        own domain and say that they were generated automatically (RFC 3834)."""
        headers = {
            "Message-ID": make_msgid(domain=settings.OUTBOX_MESSAGE_ID_DOMAIN),
            "Auto-Submitted": "auto-generated",
            **(headers or {}),
        }
        return super().render_mail(template_prefix, email, context, headers=headers)

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine the client's address.")
        return address
