"""The signed link that confirms a new login address.

It names one requested change and the address it goes to, so it cannot be turned to another
change or address, and it expires after ``LOGIN_ADDRESS_CONFIRM_DAYS``.
"""

from django.conf import settings
from django.core import signing

from .models import LoginAddressChange

SALT = "members.login-address"


class LoginAddressLinkInvalid(Exception):
    """The link was altered, names another address, or has expired."""


def login_address_token(change: LoginAddressChange) -> str:
    return signing.dumps([change.pk, change.new_email], salt=SALT)


def login_address_change_id(*, token: str) -> tuple[int, str]:
    """The change and address a link names; raises LoginAddressLinkInvalid for a bad link."""
    max_age = settings.LOGIN_ADDRESS_CONFIRM_DAYS * 24 * 3600
    try:
        pk, email = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise LoginAddressLinkInvalid("expired") from expired
    except (signing.BadSignature, TypeError, ValueError) as bad:
        raise LoginAddressLinkInvalid("bad signature") from bad
    return int(pk), str(email)
