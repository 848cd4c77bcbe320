"""Ending a login's sessions (the database keeps them: ``django.contrib.sessions``)."""

from django.contrib.sessions.models import Session


def sessions_end(*, user_id: int) -> int:
    """Log the login out wherever it is logged in; returns how many sessions were ended."""
    ended = [
        session.pk
        for session in Session.objects.iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
