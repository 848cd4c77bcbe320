"""The benchmarks run the portal with its production settings, over plain HTTP on loopback.

Only what a benchmark needs differs: a trivial view beside the portal's (``bench.urls``), no
redirect to HTTPS, the test client's host name for the query counts, and a seal for the minutes
made here.
"""

import os
import tempfile
from pathlib import Path

from meetings.adjusting.sealing import self_signed_seal

# Production refuses to start without NNS's own seal for the minutes; the benchmarks seal with
# a pair of their own, made once in the temporary directory.
_seal_key, _seal_cert = self_signed_seal(Path(tempfile.gettempdir()) / "nns-bench-seal")
os.environ.setdefault("MINUTES_SEAL_KEY", str(_seal_key))
os.environ.setdefault("MINUTES_SEAL_CERT", str(_seal_cert))

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
