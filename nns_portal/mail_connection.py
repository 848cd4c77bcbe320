"""One SMTP connection per worker thread, kept open from one outbox message to the next.

Opening an SMTP connection (and its TLS) costs more than sending a message over it: with a
connection per message, 10,000 invitations took twelve times as long as sending them over one
connection (bench/RESULTS.md). A kept connection is checked with NOOP before each message (or
each batch of the outbox's) and opened anew if the server has dropped it; after any failure it
is closed, so a broken connection is never used twice. Other mailers (files in development,
memory in tests) are used as Django gives them.
"""

import smtplib
import threading
from contextlib import suppress

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.utils.module_loading import import_string

SMTP = "django.core.mail.backends.smtp.EmailBackend"  # Django's default BACKEND

_kept = threading.local()


def _close_kept() -> None:
    mailer = getattr(_kept, "mailer", None)
    _kept.mailer = _kept.config = None
    if mailer is not None:
        with suppress(Exception):  # the server may be gone already
            mailer.close()


def _kept_open(config: dict, *, check: bool) -> SmtpBackend:
    mailer = getattr(_kept, "mailer", None)
    if mailer is not None and _kept.config == config:
        if not check:
            return mailer
        try:
            if mailer.connection.noop()[0] == 250:
                return mailer
        except (smtplib.SMTPException, OSError, AttributeError):
            pass
    _close_kept()
    mailer = mailers.default
    mailer.open()
    _kept.mailer, _kept.config = mailer, config
    return mailer


def deliver(email: EmailMessage, *, check: bool = True) -> None:
    """Send one message, raising what the mailer raised. Without ``check`` a kept connection
    is used without asking the server first (a batch checks it before its first message)."""
    config = settings.MAILERS["default"]
    if not issubclass(import_string(config.get("BACKEND", SMTP)), SmtpBackend):
        email.send()
        return
    try:
        _kept_open(config, check=check).send_messages([email])
    except Exception:
        _close_kept()
        raise
