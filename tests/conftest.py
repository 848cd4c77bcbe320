"""Fixtures shared by the whole suite.

The suite runs against the real PostgreSQL and Redis named in the environment (see the
Makefile). A missing service fails the run at once; nothing is skipped.
"""

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

import environ
import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from nns_portal.celery import app as celery_app

pytest_plugins = ["tests.scene", "tests.invoicing", "tests.every_url_world"]


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session: pytest.Session) -> None:
    env = environ.Env()
    services = {
        "PostgreSQL (DATABASE_URL)": (env("DATABASE_URL", default="postgres://127.0.0.1"), 5432),
        "Redis (CELERY_BROKER_URL)": (env("CELERY_BROKER_URL", default="redis://127.0.0.1"), 6379),
    }
    missing = [name for name, (url, port) in services.items() if not _reachable(url, port)]
    if missing:
        pytest.exit(
            "The tests need these services, which do not answer: " + ", ".join(missing),
            returncode=1,
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _CollectingHandler:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # each message as it came over the wire
        self.peers: list[tuple] = []  # the client's address and port of each message's connection
        self.refuse_next = 0  # answer this many messages with a temporary failure first

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 4.3.0 Try again later"
        self.raw.append(envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings: settings) -> Iterator[_CollectingHandler]:
    """A real SMTP server on localhost; Django's SMTP backend delivers to it."""
    handler = _CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def celery_worker() -> Iterator[object]:
    """A real Celery worker thread consuming from the Redis broker of the test settings."""
    import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task the worker checks)
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=True) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="en-GB")  # the portal must still answer in Swedish
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """The cache is a real Redis database: empty it so no test sees another's rate limits."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser, with the second factor every staff login must have."""
    from tests.factories import enrol_second_factor

    user = django_user_model.objects.create_superuser("admin@example.com")
    return enrol_second_factor(user)


@pytest.fixture
def staff_client(client, scene):
    """A client logged in as the scene's staff member, with every right in the admin."""
    scene.staff.is_superuser = True
    scene.staff.save()
    client.force_login(scene.staff)
    return client


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a service and then the tasks it dispatched on commit (the e-mails, say)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def log_in(live_server):
    """Give a browser page the session of a user, as if they had logged in by code."""
    from django.test import Client

    def as_user(page, user) -> None:
        session = Client()
        session.force_login(user)
        cookie = {"name": "sessionid", "value": session.cookies["sessionid"].value}
        page.context.add_cookies([{**cookie, "url": live_server.url}])

    return as_user
