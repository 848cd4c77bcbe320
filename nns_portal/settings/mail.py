"""Django 6.1's MAILERS setting, built from one EMAIL_URL variable.

django-environ parses the URL into the pre-6.1 EMAIL_* names; this module turns them into
the options of a MAILERS entry, so the rest of the code only ever uses ``mail.mailers``.
"""

from pathlib import Path
from typing import Any

SMTP = "django.core.mail.backends.smtp.EmailBackend"
FILEBASED = "django.core.mail.backends.filebased.EmailBackend"


# Where the file backend (development's default) writes each message.
MAIL_FILE_PATH = Path(__file__).resolve().parent.parent.parent / "var" / "mail"


def mailer_from_url(
    parsed: dict[str, Any], *, timeout: int, file_path: Path = MAIL_FILE_PATH
) -> dict[str, Any]:
    backend = parsed["EMAIL_BACKEND"]
    options: dict[str, Any] = {}
    if backend == SMTP:
        options = {
            "host": parsed.get("EMAIL_HOST") or "localhost",
            "port": parsed.get("EMAIL_PORT") or 25,
            "username": parsed.get("EMAIL_HOST_USER") or None,
            "password": parsed.get("EMAIL_HOST_PASSWORD") or None,
            "use_tls": bool(parsed.get("EMAIL_USE_TLS")),
            "use_ssl": bool(parsed.get("EMAIL_USE_SSL")),
            "timeout": timeout,
        }
    elif backend == FILEBASED:
        options = {"file_path": str(file_path)}
    return {"BACKEND": backend, "OPTIONS": options}
