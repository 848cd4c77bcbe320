"""A new staff member's first login in Chromium: the e-mail code, then straight to adding an
authenticator app, the recovery codes shown once; at the next login the app's code is asked
for after the e-mail code. Every page of it passes axe at desktop and phone width."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.accessibility.test_portal_pages import DESKTOP, PHONE, page_width, serious
from tests.factories import StaffFactory, totp_code
from tests.journeys.test_journeys import log_in_by_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = datetime.datetime(2026, 11, 24, 9, 0, 5, tzinfo=datetime.UTC)


def _axe_at_both_widths(page: Page, found: dict) -> None:
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        if violations := serious(page):
            found[f"{page.url} @ {size['width']}"] = violations
        width = page_width(page)
        if size is PHONE and width > PHONE["width"]:
            found[f"{page.url} @ 360"] = f"{width} px wide: sideways scrolling"


def test_a_new_staff_member_adds_an_authenticator_app_and_logs_in_with_it(
    live_server, page: Page, smtp_server
):
    staff = StaffFactory(email="ny.kansli@nns.example", is_superuser=True, second_factor=False)
    found = {}
    with time_machine.travel(START, tick=True) as clock:
        page.goto(live_server.url + "/admin/")
        log_in_by_code(page, smtp_server, staff.email)

        page.wait_for_url(live_server.url + "/konto/2fa/")
        expect(page.get_by_text("behöver en andra faktor")).to_be_visible()
        _axe_at_both_widths(page, found)
        page.get_by_role("link", name="Aktivera").click()
        page.wait_for_url(re.compile(r"/konto/2fa/totp/activate/"))
        _axe_at_both_widths(page, found)
        secret = page.locator("#authenticator_secret").input_value()
        page.get_by_label("Autentiseringskod").fill(totp_code(secret, START))
        page.get_by_role("button", name="Aktivera").click()

        page.wait_for_url(re.compile(r"/konto/2fa/recovery-codes/"))
        _axe_at_both_widths(page, found)
        codes = page.locator("#recovery_codes").input_value().split()
        assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", code) for code in codes)
        page.goto(live_server.url + "/admin/")
        expect(page.get_by_role("heading", name="Webbplatsadministration")).to_be_visible()

        page.get_by_role("button", name="Logga ut").click()
        clock.shift(datetime.timedelta(minutes=1))
        page.goto(live_server.url + "/admin/")
        log_in_by_code(page, smtp_server, staff.email)
        page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
        _axe_at_both_widths(page, found)
        page.get_by_label("Kod").fill(totp_code(secret, START, step=2))
        page.get_by_role("button", name="Logga in").click()

        page.wait_for_url(live_server.url + "/admin/")
        expect(page.get_by_role("heading", name="Webbplatsadministration")).to_be_visible()
    assert found == {}


def test_a_staff_member_adds_a_passkey_and_logs_in_with_it(
    live_server, page: Page, smtp_server, log_in
):
    staff = StaffFactory(email="ny.kansli@nns.example", is_superuser=True, second_factor=False)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )  # the laptop's own passkey store, its fingerprint reader always satisfied
    log_in(page, staff)
    found = {}

    page.goto(live_server.url + "/konto/2fa/webauthn/add/")
    _axe_at_both_widths(page, found)
    page.get_by_label("Nyckelns namn").fill("Kansliets bärbara")
    page.get_by_role("button", name="Lägg till").click()

    page.wait_for_url(re.compile(r"/konto/2fa/recovery-codes/"))
    page.goto(live_server.url + "/konto/2fa/webauthn/")
    _axe_at_both_widths(page, found)
    expect(page.get_by_role("cell", name="Kansliets bärbara", exact=True)).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    page.goto(live_server.url + "/admin/")
    log_in_by_code(page, smtp_server, staff.email)
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    page.get_by_role("button", name="Använd en säkerhetsnyckel").click()

    page.wait_for_url(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Webbplatsadministration")).to_be_visible()
    assert found == {}
