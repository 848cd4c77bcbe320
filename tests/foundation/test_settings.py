"""Production settings: refuse to start without their variables, pass check --deploy, and
answer over HTTPS only with HSTS, a Content-Security-Policy and secure cookies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "nns_portal.settings.production",
    "SECRET_KEY": "x" * 64 + "production-grade-secret-key-for-the-deploy-check",
    "ALLOWED_HOSTS": "portal.nnsfinsam.se",
    "DATABASE_URL": "postgres://nns@db.internal:5432/nns",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "CACHE_URL": "rediscache://redis.internal:6379/1",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.internal:587",
    "DEFAULT_FROM_EMAIL": "NNS <info@nnsfinsam.se>",
    "PORTAL_URL": "https://portal.nnsfinsam.se",
    "MINUTES_SEAL_KEY": "/run/nns-seal/seal-key.pem",
    "MINUTES_SEAL_CERT": "/run/nns-seal/seal-cert.pem",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The test settings allow async-unsafe calls for Playwright; production never does.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_seal_minutes_with_a_self_signed_certificate():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("MINUTES_SEAL_")}

    result = _manage("check", env=env)

    assert result.returncode != 0 and "MINUTES_SEAL_KEY" in result.stderr
    result = _manage("check", env={**PRODUCTION_ENV, "MINUTES_SEAL_SELF_SIGNED": "true"})
    assert result.returncode != 0 and "MINUTES_SEAL_SELF_SIGNED" in result.stderr


def test_production_refuses_to_start_without_its_variables():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("SECRET_KEY", "EMAIL_URL")}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "EMAIL_URL" in result.stderr
    assert "DATABASE_URL" not in result.stderr.split("need these environment variables:")[-1]


@pytest.mark.django_db
def test_every_page_has_a_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


# The static files' manifest comes from collectstatic, which the tests do not run.
HEADERS_SCRIPT = """
from django.conf import settings
from django.test import Client, override_settings
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=storages).enable()
client = Client(HTTP_HOST="portal.nnsfinsam.se")
plain = client.get("/")
print("redirect", plain.status_code, plain["Location"])
page = client.get("/", secure=True)
print("hsts", page["Strict-Transport-Security"])
print("csp", page["Content-Security-Policy"])
cookie = page.cookies["csrftoken"]
print("cookie", bool(cookie["secure"]), bool(cookie["httponly"]))
"""


def test_production_sends_https_only_headers_and_secure_cookies():
    result = _manage("shell", "-c", HEADERS_SCRIPT, env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    keys = ("redirect", "hsts", "csp", "cookie")
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if line.startswith(keys))
    assert lines["redirect"] == "301 https://portal.nnsfinsam.se/"
    assert lines["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in lines["csp"]
    assert lines["cookie"] == "True True"


CLIENT_ADDRESS = """
from django.test import RequestFactory
from members.adapters import RegisterOnlyAccountAdapter
factory = RequestFactory()
for remote, forwarded in [
    ("203.0.113.9", "198.51.100.1"),
    ("172.31.250.1", "198.51.100.1"),
    ("172.31.250.1", "198.51.100.66, 198.51.100.1"),
    ("172.31.250.1", "not-an-address"),
]:
    request = factory.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    print(RegisterOnlyAccountAdapter(request).get_client_ip(request))
"""


def test_production_believes_x_forwarded_for_only_from_its_proxy():
    env = {**PRODUCTION_ENV, "TRUSTED_PROXIES": "172.31.250.1"}

    result = _manage("shell", "--no-imports", "-c", CLIENT_ADDRESS, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "203.0.113.9",  # straight to gunicorn: its own address, whatever it claims
        "198.51.100.1",  # through the proxy: the address the proxy appended
        "198.51.100.1",  # what the client wrote before the proxy's entry does not count
        "172.31.250.1",  # a malformed header: the proxy's own address
    ]


def test_one_setting_keeps_uploaded_files_in_an_s3_bucket():
    env = {
        **PRODUCTION_ENV,
        "FILE_STORAGE": "storages.backends.s3.S3Storage",
        "FILE_STORAGE_OPTIONS": '{"bucket_name": "nns-portal", "region_name": "eu-north-1"}',
    }
    shell = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.region_name)"
    )
    result = _manage("shell", "--no-imports", "-c", shell, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "nns-portal", "eu-north-1"]


@pytest.mark.parametrize(
    "variable", ["STAFF_SECOND_FACTOR_REQUIRED=false", "MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN=true"]
)
def test_production_refuses_to_start_without_a_second_factor_for_staff(variable):
    name, value = variable.split("=")

    result = _manage("check", env=PRODUCTION_ENV | {name: value})

    assert result.returncode != 0
    assert "Production needs a second factor for every staff login" in result.stderr
