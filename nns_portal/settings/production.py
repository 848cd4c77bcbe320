"""Production: every secret and address comes from the environment, or nothing starts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env
from .mail import mailer_from_url

REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "PORTAL_URL",
)
missing = [name for name in REQUIRED if not env.str(name, default="")]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(missing)
    )

DEBUG = False
if not STAFF_SECOND_FACTOR_REQUIRED or MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN:  # noqa: F405
    raise ImproperlyConfigured(
        "Production needs a second factor for every staff login: STAFF_SECOND_FACTOR_REQUIRED "
        "must stay on, and passkeys need HTTPS (MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN off)."
    )
if MINUTES_SEAL_SELF_SIGNED or not (MINUTES_SEAL_KEY and MINUTES_SEAL_CERT):  # noqa: F405
    raise ImproperlyConfigured(
        "Production seals the minutes with NNS's own key and certificate: set MINUTES_SEAL_KEY "
        "and MINUTES_SEAL_CERT (PEM files), and leave MINUTES_SEAL_SELF_SIGNED off."
    )
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {"default": env.cache("CACHE_URL")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False
PORTAL_URL = env("PORTAL_URL").rstrip("/")
MAILERS = {
    "default": mailer_from_url(
        env.email_url("EMAIL_URL"),
        timeout=env.int("EMAIL_TIMEOUT", default=30),
    )
}

# The portal runs behind a TLS-terminating proxy. Set TRUSTED_PROXIES (base settings) to the
# address(es) gunicorn sees that proxy connect from; only then does X-Forwarded-For count.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
