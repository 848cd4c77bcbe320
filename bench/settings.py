"""The benchmarks run the portal with its production settings, over plain HTTP on loopback.

Only what a benchmark needs differs: a trivial view beside the portal's (``bench.urls``), no
redirect to HTTPS, and the test client's host name for the query counts.
"""

import os

for name, value in {
    "SECRET_KEY": "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DEFAULT_FROM_EMAIL": "NNS <info@nns.example>",
    "PORTAL_URL": "http://127.0.0.1:8765",
    "EMAIL_URL": "smtp://127.0.0.1:2525",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(name, value)

from nns_portal.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
