"""The signed answer links in invitation e-mails.

A link names one invitation and carries a signature over that invitation and its person, so
it cannot be altered to answer for someone else, nor reused for another invitation. It stops
working when the meeting starts (answers close then) and in any case after a year.
"""

from django.core import signing

from .models import Invitation

SALT = "meetings.rsvp"
MAX_AGE = 366 * 24 * 3600


class RsvpLinkInvalid(Exception):
    """The link was altered, belongs to another invitation, or has expired."""


def rsvp_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.person_id], salt=SALT)


def rsvp_check(*, invitation: Invitation, token: str) -> None:
    try:
        signed = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as expired:
        raise RsvpLinkInvalid("expired") from expired
    except signing.BadSignature as bad:
        raise RsvpLinkInvalid("bad signature") from bad
    if signed != [invitation.pk, invitation.person_id]:
        raise RsvpLinkInvalid("another invitation")
