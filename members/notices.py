"""The notice to an address that asked for a login code but is not in the register.

Anyone can type any address into the login form, so the notice could be aimed at a stranger:
it goes at most once per ``UNKNOWN_ADDRESS_NOTICE_HOURS`` to one address, and never to an
address that asked for no more (by the link in the notice).
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from nns_portal.emails import absolute_url

from .models import NoticeRefusal

SALT = "members.notice-refusal"


def address_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def refusal_url(email: str) -> str:
    token = signing.dumps(email.strip().lower(), salt=SALT)
    return absolute_url(reverse("members:notices_refuse", args=[token]))


def address_for_refusal(*, token: str) -> str:
    """The address a refusal link names; raises signing.BadSignature for a bad link."""
    return str(signing.loads(token, salt=SALT))


def notice_may_go_to(*, email: str) -> bool:
    """Whether a notice may go to ``email`` now; if so, the next one may not for a while."""
    digest = address_hash(email)
    if NoticeRefusal.objects.filter(address_hash=digest).exists():
        return False
    hours = settings.UNKNOWN_ADDRESS_NOTICE_HOURS
    return cache.add(f"unknown-address-notice:{digest}", 1, timeout=hours * 3600)


def notices_refuse(*, email: str) -> None:
    NoticeRefusal.objects.get_or_create(address_hash=address_hash(email))
