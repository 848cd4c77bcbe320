"""The path of every public URL, pinned: links in e-mails, calendars, letters and bookmarks
outlive a release, so a renamed path must fail a test (reversing names cannot see it)."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# name: (arguments, the path)
PATHS = {
    "home": ([], "/"),
    "healthz": ([], "/healthz"),
    "privacy": ([], "/personuppgifter/"),
    "accessibility": ([], "/tillganglighet/"),
    "set_language": ([], "/i18n/setlang/"),
    "account_request_login_code": ([], "/konto/login/code/"),
    "account_confirm_login_code": ([], "/konto/login/code/confirm/"),
    "mfa_index": ([], "/konto/2fa/"),
    "mfa_authenticate": ([], "/konto/2fa/authenticate/"),
    "mfa_reauthenticate": ([], "/konto/2fa/reauthenticate/"),
    "mfa_activate_totp": ([], "/konto/2fa/totp/activate/"),
    "mfa_deactivate_totp": ([], "/konto/2fa/totp/deactivate/"),
    "mfa_view_recovery_codes": ([], "/konto/2fa/recovery-codes/"),
    "mfa_generate_recovery_codes": ([], "/konto/2fa/recovery-codes/generate/"),
    "mfa_download_recovery_codes": ([], "/konto/2fa/recovery-codes/download/"),
    "mfa_list_webauthn": ([], "/konto/2fa/webauthn/"),
    "mfa_add_webauthn": ([], "/konto/2fa/webauthn/add/"),
    "mfa_reauthenticate_webauthn": ([], "/konto/2fa/webauthn/reauthenticate/"),
    "mfa_edit_webauthn": ([4], "/konto/2fa/webauthn/keys/4/edit/"),
    "mfa_remove_webauthn": ([4], "/konto/2fa/webauthn/keys/4/remove/"),
    "members:mine": ([], "/mitt-forbund/"),
    "members:association": ([7], "/mitt-forbund/7/"),
    "members:edit": ([7], "/mitt-forbund/7/kontaktuppgifter/"),
    "members:person_edit": ([7, 9], "/mitt-forbund/7/personer/9/"),
    "members:directory": ([], "/medlemmar/"),
    "members:my_data": ([], "/mina-uppgifter/"),
    "members:my_extract": ([], "/mina-uppgifter/registerutdrag/"),
    "members:my_data_json": ([], "/mina-uppgifter/registerutdrag.json"),
    "members:login_address_confirm": (["T"], "/inloggning/ny-adress/T/"),
    "members:notices_refuse": (["T"], "/inloggning/inga-fler/T/"),
    "meetings:mine": ([], "/moten/"),
    "meetings:plan": ([], "/moten/plan/"),
    "meetings:plan_year": ([2027], "/moten/plan/2027/"),
    "meetings:plan_calendar": ([], "/moten/plan.ics"),
    "meetings:person_calendar": (["abc_-1"], "/moten/kalender/abc_-1.ics"),
    "meetings:calendar_renew": ([], "/moten/kalender/ny-adress/"),
    "meetings:invitation": ([3], "/moten/inbjudan/3/"),
    "meetings:delegate": ([3, 7], "/moten/inbjudan/3/ombud/7/"),
    "meetings:rsvp": ([3, "T"], "/moten/svar/3/T/"),
    "meetings:area_request": ([], "/moten/omradestraff/"),
    "meetings:meeting": ([5], "/moten/mote/5/"),
    "meetings:motion_new": ([5], "/moten/mote/5/motion/"),
    "meetings:check_in": ([5], "/moten/mote/5/narvaro/"),
    "meetings:vote": ([5], "/moten/mote/5/rosta/"),
    "meetings:projector": ([5], "/moten/mote/5/projektor/"),
    "meetings:live_state": ([5], "/moten/mote/5/lage.json"),
    "meetings:motion_edit": ([2], "/moten/motion/2/"),
    "meetings:motion_attachment": ([2], "/moten/motion/2/bilaga/"),
    "meetings:document": ([4], "/moten/dokument/4/"),
    "meetings:minutes": ([], "/brev/protokoll/"),
    "meetings:minutes_adjusting": ([4], "/moten/protokoll/4/justera/"),
    "meetings:minutes_version_pdf": ([4, 2], "/moten/protokoll/4/justera/version-2.pdf"),
    "meetings:decisions": ([], "/beslut/"),
    "meetings:decision": ([3], "/beslut/3/"),
    "meetings:letters": ([], "/brev/"),
    "meetings:letter": ([6], "/brev/6/"),
    "meetings:letter_attachment": ([6, 8], "/brev/6/bilagor/8/"),
    "meetings:letters_opt_out": (["T"], "/brev/avsluta/T/"),
    "budget:mine": ([], "/fakturor/"),
    "budget:invoice_pdf": ([11], "/fakturor/11/pdf/"),
    "budget:budget": ([], "/budget/"),
    "budget:budget_pdf": ([], "/budget/budget.pdf"),
    "budget:outcome": ([], "/budget/utfall/"),
    "budget:outcome_pdf": ([2025], "/budget/utfall/2025.pdf"),
}
PORTAL_NAMESPACES = ("members", "meetings", "budget")


@pytest.mark.parametrize("name", PATHS)
def test_a_public_url_keeps_its_path(name):
    arguments, expected = PATHS[name]
    assert reverse(name, args=arguments) == expected


def _is_the_portals(namespace: str | None, name: str) -> bool:
    """The portal's own URLs, allauth's code login (whose link is in every login e-mail) and
    its second factor (whose address an authenticator or a password manager may keep)."""
    if namespace is not None:
        return namespace in PORTAL_NAMESPACES
    return not name.startswith("account_") or name in PATHS


def _portal_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _portal_names(pattern.url_patterns, pattern.namespace or namespace)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and _is_the_portals(namespace, pattern.name)
        ):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_of_the_portal_has_its_path_pinned():
    assert set(_portal_names(get_resolver().url_patterns)) - set(PATHS) == set()


@pytest.mark.django_db
def test_the_budget_pdf_s_mistaken_path_leads_to_it():
    response = Client().get("/budget/budget.invoicing.pdf?kolumn=2")
    assert (response.status_code, response.url) == (301, "/budget/budget.pdf?kolumn=2")
