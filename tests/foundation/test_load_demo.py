import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from members.models import User


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_tells_how_to_log_in(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), EmailAddress.objects.count())

    call_command("load_demo")

    assert (User.objects.count(), EmailAddress.objects.count()) == counts
    assert "kansli@nns.example" in first
    assert "ordforande@ostergotland.example" in first
    staff = User.objects.get(email="kansli@nns.example")
    assert staff.is_staff
    assert not staff.has_usable_password()
    assert EmailAddress.objects.filter(user=staff, verified=True, primary=True).exists()
