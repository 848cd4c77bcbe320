"""Settings shared by every environment.

Every value that differs between machines is read from the environment with
django-environ; the defaults here are safe for development, and
``production.py`` refuses to start without the ones that matter.
"""

import warnings
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from .mail import MAIL_FILE_PATH, mailer_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The portal's own apps, lowest first: members imports neither meetings nor budget.
PORTAL_APPS = ("nns_portal", "members", "meetings", "budget")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    *PORTAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nns_portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "nns_portal.middleware.AdminQueryGuard",
    "members.second_factor.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "nns_portal.urls"
WSGI_APPLICATION = "nns_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "budget.context_processors.budget_access",
                "nns_portal.context_processors.worker_silence",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://nns-portal")}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- django-allauth: people log in with a code sent to the address in the register.
ACCOUNT_ADAPTER = "members.adapters.RegisterOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "NNS: "
# Counted in the cache (Redis in production, shared by every gunicorn worker): a code is asked
# for at most 3 times a minute per address and 20 times a minute per client address; a code
# takes 3 wrong tries, then a new one must be asked for.
# A failed code or second factor counts against the client and the login (allauth's MFA uses
# "login_failed" too).
ACCOUNT_RATE_LIMITS = {"request_login_code": "20/m/ip,3/m/key", "login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# A second factor (allauth's MFA) for every staff and superuser login: a passkey (WebAuthn) or
# an authenticator app (TOTP), with recovery codes. Members may add one. members/second_factor.py
STAFF_SECOND_FACTOR_REQUIRED = env.bool("STAFF_SECOND_FACTOR_REQUIRED", default=True)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "NNS-portalen"
MFA_ADAPTER = "members.second_factor.PortalMFAAdapter"
MFA_FORMS = {"add_webauthn": "members.second_factor.PasskeyAddForm"}
MFA_PASSKEY_LOGIN_ENABLED = False  # the e-mail code stays the first factor
# allauth would ask for a password to reauthenticate before adding a factor; nobody has one.
MFA_REAUTHENTICATION_REQUIRED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=False)

# --- Language, time and numbers: Swedish unless the person chooses English.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True
# No grouping by default: years, numbers and counts print as they are ("2026", not "2 026").
# Amounts are grouped where they are shown, by the money filters ("17 328 500 kr").
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (meeting documents, motions, proxies, letters' attachments): local disk by
# default; FILE_STORAGE=storages.backends.s3.S3Storage keeps them in an S3-type bucket, with
# FILE_STORAGE_OPTIONS='{"bucket_name": "nns", "endpoint_url": "https://...", ...}' (the
# credentials as boto3 reads them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
STORAGES = {
    "default": {
        "BACKEND": env("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded files are never served from a URL of their own: each is served by a view that
# checks who may see it (a letter's attachments, say), in development as in production.
MEDIA_URL = "media/"

# --- E-mail.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="NNS <info@nnsfinsam.se>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Staff are reminded when a board meeting ended this many days ago and no letter has gone out.
LETTER_REMINDER_DAYS = env.int("LETTER_REMINDER_DAYS", default=7)
# Published minutes are sealed (PAdES) by this class with NNS's key and certificate (PEM
# files); a self-signed pair is made in MINUTES_SEAL_SELF_SIGNED_DIR only where allowed (the
# demo and the tests), never in production. See README, "Adjusting the minutes online".
MINUTES_SEALER = env("MINUTES_SEALER", default="meetings.adjusting.sealing.PortalSealer")
# pyHanko 0.38 imports cryptography's DSA key type, deprecated there; the seal uses EC or RSA.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
MINUTES_SEAL_KEY = env("MINUTES_SEAL_KEY", default="")
MINUTES_SEAL_CERT = env("MINUTES_SEAL_CERT", default="")
MINUTES_SEAL_KEY_PASSPHRASE = env("MINUTES_SEAL_KEY_PASSPHRASE", default="")
MINUTES_SEAL_SELF_SIGNED = env.bool("MINUTES_SEAL_SELF_SIGNED", default=False)
MINUTES_SEAL_SELF_SIGNED_DIR = env.path(
    "MINUTES_SEAL_SELF_SIGNED_DIR", default=BASE_DIR / "var" / "seal"
)
# Those responsible for a decision are reminded this many days before its deadline (once).
DECISION_REMINDER_DAYS = env.int("DECISION_REMINDER_DAYS", default=14)
# An unpaid invoice is reminded of this many days after its due date, and once more (the last
# time) this many days after the first reminder.
INVOICE_REMINDER_GRACE_DAYS = env.int("INVOICE_REMINDER_GRACE_DAYS", default=5)
INVOICE_SECOND_REMINDER_DAYS = env.int("INVOICE_SECOND_REMINDER_DAYS", default=14)
# The proxies (addresses or networks) whose X-Forwarded-For tells the client's address, for
# the login rate limits; a request from anywhere else counts as its own address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# An address that is not in the register gets the notice saying so at most once this often.
UNKNOWN_ADDRESS_NOTICE_HOURS = env.int("UNKNOWN_ADDRESS_NOTICE_HOURS", default=24)
# Personal data is kept this long: a person after their last role ended (then anonymised by
# the nightly run), the text of a sent e-mail after it was sent.
PERSON_RETENTION_MONTHS = env.int("PERSON_RETENTION_MONTHS", default=24)
EMAIL_BODY_RETENTION_DAYS = env.int("EMAIL_BODY_RETENTION_DAYS", default=90)
# E-invoices (Peppol BIS Billing 3.0) are handed to this transport: the default writes one
# <number>.xml per document into EINVOICE_FOLDER, for upload to NNS's bookkeeping system or
# access point (see README.md for plugging in an access point).
EINVOICE_TRANSPORT = env(
    "EINVOICE_TRANSPORT", default="budget.invoicing.einvoice_transport.FolderTransport"
)
EINVOICE_FOLDER = env.path("EINVOICE_FOLDER", default=BASE_DIR / "var" / "efakturor")
# The official e-invoice rule sets (CEN EN 16931, Peppol BIS 3.0), used by the tests, the
# benchmark and `manage.py check_einvoices`: where EINVOICE_RULES_DIR points, else the
# workplace's shared copy beside the project, else the folder `manage.py fetch_einvoice_rules`
# fetches them into.
_SHARED_RULES = BASE_DIR.parent / "shared" / "einvoice"
EINVOICE_RULES_DIR = env.path(
    "EINVOICE_RULES_DIR",
    default=_SHARED_RULES if _SHARED_RULES.is_dir() else BASE_DIR / "var" / "einvoice-rules",
)
# The largest file staff can import at once (larger ones are refused with a message).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5_000_000)
# The largest bank payment file (BgMax): about 30,000 payments; NNS gets a few hundred a year.
PAYMENT_FILE_MAX_BYTES = env.int("PAYMENT_FILE_MAX_BYTES", default=5_000_000)
# The largest SIE file from the bookkeeping: a year of 100,000 transactions is about 6 MB.
SIE_FILE_MAX_BYTES = env.int("SIE_FILE_MAX_BYTES", default=20_000_000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
# How many area-meeting requests one person may send in 24 hours (each e-mails the area's
# contact persons).
# The largest meeting document, motion attachment or proxy accepted.
MEETING_FILE_MAX_BYTES = env.int("MEETING_FILE_MAX_BYTES", default=20_000_000)
AREA_MEETING_REQUESTS_PER_DAY = env.int("AREA_MEETING_REQUESTS_PER_DAY", default=3)
# A link that confirms a person's new login address works this many days.
LOGIN_ADDRESS_CONFIRM_DAYS = env.int("LOGIN_ADDRESS_CONFIRM_DAYS", default=7)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
# A temporary refusal is tried again (1, 2, 4 … minutes apart, at most an hour) for this long
# after the first one; only then, or at a permanent refusal, does the message fail.
OUTBOX_RETRY_WINDOW_HOURS = env.int("OUTBOX_RETRY_WINDOW_HOURS", default=48)
# A message being sent by a worker that died is taken over after this many seconds; one queued
# whose task was lost is dispatched again after the grace.
OUTBOX_CLAIM_LEASE_SECONDS = env.int("OUTBOX_CLAIM_LEASE_SECONDS", default=120)
OUTBOX_DISPATCH_GRACE_SECONDS = env.int("OUTBOX_DISPATCH_GRACE_SECONDS", default=120)
# A job (a letter's fan-out, an invoice run and its e-mails) that has made no progress for this
# long lost its task or worker: beat resumes it from the database.
JOB_STALL_SECONDS = env.int("JOB_STALL_SECONDS", default=120)
# An invoice whose send task began on it this long ago and has not sent it goes to a new task
# (its worker was killed, say), even while the rest of its run goes on; a batch of 25 takes
# seconds. One handed to a task that never began (lost from Redis while queued) goes after
# INVOICE_QUEUE_LEASE_SECONDS, which a batch waiting its turn in a 2,000-invoice run stays under.
INVOICE_SEND_LEASE_SECONDS = env.int("INVOICE_SEND_LEASE_SECONDS", default=60)
INVOICE_QUEUE_LEASE_SECONDS = env.int("INVOICE_QUEUE_LEASE_SECONDS", default=300)
# How long a worker keeps trying to record a sent e-mail while the database is away (a
# restart), so that the e-mail is not sent again; shorter than the claim's lease.
OUTBOX_RECORD_PATIENCE_SECONDS = env.int("OUTBOX_RECORD_PATIENCE_SECONDS", default=30)
# How many queued e-mails one task claims and sends over one connection.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
# How many invoices one task renders (PDF) and sends: their e-mails are queued together.
INVOICE_SEND_BATCH_SIZE = env.int("INVOICE_SEND_BATCH_SIZE", default=25)
OUTBOX_MESSAGE_ID_DOMAIN = env("OUTBOX_MESSAGE_ID_DOMAIN", default="nnsfinsam.se")
# Links in e-mails sent by the worker point here (no request to take the host from).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
# In development mail is written to files in ./var/mail, one per message.
MAILERS = {
    "default": mailer_from_url(
        env.email_url("EMAIL_URL", default="filemail://"),
        file_path=env.path("EMAIL_FILE_PATH", default=MAIL_FILE_PATH),
        timeout=env.int("EMAIL_TIMEOUT", default=30),
    )
}

# --- Celery. Without a broker URL, tasks run in-process so a developer needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND",
    default="cache+memory://" if CELERY_BROKER_URL == "memory://" else CELERY_BROKER_URL,
)
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
# A task is acknowledged only when it has finished, and redelivered if its worker dies:
# Celery then delivers at least once, which is why every task is idempotent.
# Three queues, so that recovery and single e-mails never wait behind a bulk job: "mail" sends
# the outbox's messages, "bulk" runs the long jobs (a letter's fan-out, an invoice run, invoice
# PDFs and e-mails, a meeting's invitations), "housekeeping" beat's tasks (recovery, reminders,
# retention). A worker started without -Q consumes all three (development, the tests); the
# compose file runs one worker for mail and housekeeping and one for bulk.
CELERY_TASK_QUEUES = [Queue("mail"), Queue("bulk"), Queue("housekeeping")]
CELERY_TASK_DEFAULT_QUEUE = "housekeeping"
CELERY_TASK_ROUTES = {
    "nns_portal.tasks.send_outbox_message": {"queue": "mail"},
    "nns_portal.tasks.send_outbox_batch": {"queue": "mail"},
    "meetings.tasks.fan_out_letter": {"queue": "bulk"},
    "meetings.tasks.send_invitations": {"queue": "bulk"},
    "meetings.tasks.send_reminders": {"queue": "bulk"},
    "budget.tasks.execute_invoice_run": {"queue": "bulk"},
    "budget.tasks.email_invoices": {"queue": "bulk"},
    "budget.tasks.send_invoices": {"queue": "bulk"},
}
# With acks_late, Redis gives a task whose worker died to another worker after this long. It
# must exceed the longest task (an invoice run of 2,000 associations issues in 15–40 s; a fan-out
# queues 10,000 e-mails in about 10 s); the database-driven resumption (JOB_STALL_SECONDS, the
# outbox's lease) takes over an interrupted job well before it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# When Redis is lost, a worker tries to reconnect for ever (Celery's default gives up after 100
# tries, about half an hour, and exits), and lets the task it holds finish: each job records its
# progress in the database, so finishing it is quicker than starting it over.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A queue whose worker has not taken beat's heartbeat for this long is reported silent.
WORKER_SILENT_SECONDS = env.int("WORKER_SILENT_SECONDS", default=300)
CELERY_BEAT_SCHEDULE = {
    # Each queue's heartbeat: the worker that takes it records the time (nns_portal/health.py).
    **{
        f"heartbeat-{queue}": {
            "task": "nns_portal.tasks.heartbeat",
            "schedule": 60.0,
            "args": [queue],
            "options": {"queue": queue, "expires": 55},
        }
        for queue in ("mail", "bulk", "housekeeping")
    },
    "warn-of-silent-workers": {  # one query a minute; each silence is e-mailed once
        "task": "nns_portal.tasks.warn_of_silent_workers",
        "schedule": crontab(minute="*"),
    },
    "clear-expired-sessions": {
        "task": "nns_portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    # Also what resumes invitations whose task was lost: a meeting is marked invited in the same
    # transaction that queues its e-mails, so until then it is found due again.
    "meeting-invitations-and-reminders": {
        "task": "meetings.tasks.queue_due_invitations",
        "schedule": crontab(minute="*/5"),
    },
    "remind-staff-of-missing-letters": {
        "task": "meetings.tasks.remind_staff_of_missing_letters",
        "schedule": crontab(hour=8, minute=5),
    },
    "warn-staff-of-deadlines": {
        "task": "meetings.tasks.warn_staff_of_deadlines",
        "schedule": crontab(hour=8, minute=10),
    },
    "remind-of-decision-deadlines": {
        "task": "meetings.tasks.remind_of_decision_deadlines",
        "schedule": crontab(hour=8, minute=15),
    },
    "remind-of-overdue-invoices": {
        "task": "budget.tasks.remind_overdue_invoices",
        "schedule": crontab(hour=8, minute=20),
    },
    "resume-stalled-outbox": {
        "task": "nns_portal.tasks.resume_stalled_outbox",
        "schedule": crontab(minute="*"),
    },
    "resume-invoice-runs": {
        "task": "budget.tasks.resume_invoice_runs",
        "schedule": crontab(minute="*"),
    },
    "resume-payment-files": {
        "task": "budget.tasks.resume_payment_files",
        "schedule": crontab(minute="*"),
    },
    "resume-stalled-letters": {
        "task": "meetings.tasks.resume_stalled_letters",
        "schedule": crontab(minute="*"),
    },
    "report-outbox-failures": {
        "task": "nns_portal.tasks.report_outbox_failures",
        "schedule": crontab(hour=7, minute=50),
    },
    "apply-retention": {
        "task": "members.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=40),
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Pages load scripts, styles and images from the portal itself only: no inline script or style
# (the templates have none), no CDN, no frames, forms post back to the portal.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
