"""Development: SQLite in ./var, tasks in-process, mail written to ./var/mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# make run shows every page at once: the demo's staff login needs no second factor here (and
# a passkey may be added on http://127.0.0.1). Production settings refuse to start this way.
STAFF_SECOND_FACTOR_REQUIRED = env.bool("STAFF_SECOND_FACTOR_REQUIRED", default=False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# The demo's minutes are sealed with a certificate of the portal's own, made in ./var/seal.
MINUTES_SEAL_SELF_SIGNED = env.bool("MINUTES_SEAL_SELF_SIGNED", default=True)

# `make run` runs a worker with beat beside the server, as production does, on kombu's
# filesystem transport in ./var/celery: no broker server needed (CELERY_BROKER_URL=filesystem://).
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    _CELERY_DIR = BASE_DIR / "var" / "celery"  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_CELERY_DIR / "queue"),
        "data_folder_out": str(_CELERY_DIR / "queue"),
        "control_folder": str(_CELERY_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_CELERY_DIR / 'results'}"
    CELERY_TASK_ALWAYS_EAGER = False
