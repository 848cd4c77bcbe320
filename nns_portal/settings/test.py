"""Tests run against the real services: PostgreSQL and Redis on this machine by default.

Point them elsewhere with DATABASE_URL, CELERY_BROKER_URL and CACHE_URL.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBUG = False
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/nns_portal"),
}
CACHES = {"default": env.cache("CACHE_URL", default="rediscache://127.0.0.1:6379/1")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/2")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
# Ordinary tests run tasks inline; tests marked for the real worker switch this off.
CELERY_TASK_ALWAYS_EAGER = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders; the tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The live server of the browser tests is http://localhost; passkeys are tried there.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# Minutes are sealed with a certificate of the portal's own, made once per test run.
MINUTES_SEAL_SELF_SIGNED = True
MINUTES_SEAL_SELF_SIGNED_DIR = Path(tempfile.gettempdir()) / f"nns-seal-{os.getpid()}"
