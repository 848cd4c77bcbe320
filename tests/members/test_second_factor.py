"""A second factor for every staff login (allauth's MFA): enrolment before anything else, the
second step after the e-mail code, recovery codes, a reset for a lost phone, and members
unaffected."""

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from nns_portal.models import OutboxMessage
from tests.factories import STAFF_TOTP_SECRET, StaffFactory, totp_code
from tests.scene import NOW

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
SECOND_STEP = "/konto/2fa/authenticate/"


def _email_code(client: Client, mailoutbox, email: str):
    """The first factor: ask for a code and type it; returns where the portal goes next."""
    mailoutbox.clear()
    client.post(reverse("account_request_login_code"), {"email": email})
    [message] = mailoutbox
    code = CODE.search(message.body).group(1)
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def _log_in(client: Client, mailoutbox, email: str, second: str):
    response = _email_code(client, mailoutbox, email)
    assert response["Location"] == SECOND_STEP
    return client.post(SECOND_STEP, {"code": second})


def _logged_in_as(client: Client):
    return client.get(reverse("home")).context["user"]


@pytest.mark.django_db
def test_a_staff_login_takes_the_authenticator_apps_code_after_the_e_mail_code(
    client, mailoutbox, frozen
):
    staff = StaffFactory(email="kansli@nns.example")

    response = _email_code(client, mailoutbox, staff.email)

    assert response["Location"] == SECOND_STEP
    assert not _logged_in_as(client).is_authenticated  # the e-mail code alone is not enough
    assert client.get("/admin/").status_code == 302
    response = client.post(SECOND_STEP, {"code": totp_code(STAFF_TOTP_SECRET, NOW)})
    assert response.status_code == 302
    assert _logged_in_as(client) == staff
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_a_stale_one_and_a_used_one_are_refused(client, mailoutbox, frozen):
    staff = StaffFactory(email="kansli@nns.example")
    code = totp_code(STAFF_TOTP_SECRET, NOW)
    stale = totp_code(STAFF_TOTP_SECRET, NOW, step=-3)  # 90 seconds ago
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    _email_code(client, mailoutbox, staff.email)
    for refused in (wrong, stale):
        response = client.post(SECOND_STEP, {"code": refused})
        assert response.status_code == 200
        assert "Felaktig kod." in response.content.decode()
    assert client.post(SECOND_STEP, {"code": code}).status_code == 302
    assert _logged_in_as(client) == staff
    client.post(reverse("account_logout"))

    # Someone who saw the code over the shoulder, within the same half minute:
    response = _log_in(Client(), mailoutbox, staff.email, code)
    assert response.status_code == 200
    assert "Felaktig kod." in response.content.decode()
    frozen.shift(datetime.timedelta(seconds=30))  # the next code works
    later = Client()
    assert _log_in(later, mailoutbox, staff.email, totp_code(STAFF_TOTP_SECRET, NOW, step=1))
    assert _logged_in_as(later) == staff


@pytest.mark.django_db
def test_wrong_codes_are_rate_limited_like_the_e_mail_code(client, mailoutbox, frozen):
    staff = StaffFactory(email="kansli@nns.example")
    code = totp_code(STAFF_TOTP_SECRET, NOW)

    _email_code(client, mailoutbox, staff.email)
    for _attempt in range(5):
        client.post(SECOND_STEP, {"code": "000000"})
    response = client.post(SECOND_STEP, {"code": code})

    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert not _logged_in_as(client).is_authenticated


@pytest.mark.django_db
def test_a_recovery_code_logs_in_once(client, mailoutbox, frozen):
    staff = StaffFactory(email="kansli@nns.example")
    recovery = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]

    assert _log_in(client, mailoutbox, staff.email, recovery).status_code == 302
    assert _logged_in_as(client) == staff
    again = _log_in(Client(), mailoutbox, staff.email, recovery)

    assert again.status_code == 200
    assert "Felaktig kod." in again.content.decode()


@pytest.mark.django_db
def test_a_staff_login_without_a_factor_adds_one_before_anything_else(client, mailoutbox, frozen):
    staff = StaffFactory(email="ny.kansli@nns.example", second_factor=False)

    response = _email_code(client, mailoutbox, staff.email)  # no second step yet
    assert _logged_in_as(client) == staff
    for path in ("/admin/", "/admin/members/person/export/csv/", "/budget/", "/moten/"):
        response = client.get(path)
        assert (path, response.status_code, response["Location"]) == (path, 302, "/konto/2fa/")
    page = client.get("/konto/2fa/").content.decode()
    assert "behöver en andra faktor" in page

    client.get(reverse("mfa_activate_totp"))  # shows the QR code of a new secret
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret, NOW)})

    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"\b\d{8}\b", codes)) == 10  # shown once, to be kept
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_members_log_in_with_the_e_mail_code_alone_and_may_add_a_factor(
    client, mailoutbox, frozen, scene
):
    chair = scene.chair_a.user

    response = _email_code(client, mailoutbox, chair.email)

    assert response["Location"] == reverse("home")
    assert _logged_in_as(client) == chair
    assert client.get(reverse("meetings:mine")).status_code == 200
    assert 'href="/konto/2fa/"' in client.get(reverse("members:my_data")).content.decode()
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret, NOW)})
    client.post(reverse("account_logout"))
    frozen.shift(datetime.timedelta(seconds=30))
    assert _log_in(client, mailoutbox, chair.email, totp_code(secret, NOW, step=1))
    assert _logged_in_as(client) == chair


@pytest.mark.django_db
def test_a_superuser_resets_a_lost_phone_logged_and_mailed(
    admin_client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory(email="kansli@nns.example", first_name="Kim")
    theirs = Client()
    theirs.force_login(staff)
    assert theirs.get("/admin/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:members_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [staff.pk]},
            follow=True,
        )

    assert "2 faktorer borttagna" in response.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()
    assert theirs.get("/admin/").status_code == 302  # logged out everywhere
    entry = LogEntry.objects.get(object_id=str(staff.pk))
    assert (entry.user, entry.get_change_message()) == (
        admin_user,
        "Ändrade andra faktorn (återställd).",
    )
    message = OutboxMessage.objects.get(to=staff.email, category="second_factor_reset")
    assert message.subject == "Din andra faktor i NNS-portalen har återställts"
    [mail] = [m for m in mailoutbox if m.to == [staff.email]]
    assert "har återställt de andra faktorerna" in mail.body


@pytest.mark.django_db
def test_only_a_superuser_may_reset_a_factor(client):
    staff = StaffFactory(email="kansli@nns.example")
    editor = StaffFactory(email="redaktor@nns.example")
    rights = Permission.objects.filter(codename__in=["view_user", "change_user"])
    editor.user_permissions.set(rights)
    client.force_login(editor)
    changelist = reverse("admin:members_user_changelist")

    assert "reset_second_factor" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "reset_second_factor", "_selected_action": [staff.pk]})

    assert Authenticator.objects.filter(user=staff).count() == 2


@pytest.mark.django_db
def test_the_last_superuser_resets_their_own_factor_with_manage_py(capsys):
    superuser = StaffFactory(email="ordforande@nns.example", is_superuser=True)

    call_command("mfa_reset", "Ordforande@NNS.example")

    assert not Authenticator.objects.filter(user=superuser).exists()
    assert "2 faktorer borttagna" in capsys.readouterr().out
    assert OutboxMessage.objects.filter(to=superuser.email).exists()
    with pytest.raises(CommandError, match="Ingen inloggning har adressen"):
        call_command("mfa_reset", "okand@nns.example")
