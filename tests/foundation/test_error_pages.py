"""The portal's own error pages answer in Swedish."""

import pytest
from django.test import Client

from tests.factories import StaffFactory


@pytest.mark.django_db
def test_a_missing_page_is_a_swedish_404(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.django_db
def test_a_crash_is_a_swedish_500():
    client = Client(raise_request_exception=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("nns_portal.views.render", lambda *args, **kwargs: 1 / 0)
        response = client.get("/")

    assert response.status_code == 500
    assert "Ett fel har uppstått" in response.content.decode()


@pytest.mark.django_db
def test_staff_without_the_right_get_a_swedish_403(client):
    client.force_login(StaffFactory(is_superuser=False))
    response = client.get("/admin/members/association/")

    assert response.status_code == 403
    assert "Inte tillåtet" in response.content.decode()
