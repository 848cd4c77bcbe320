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
