"""Bad or hostile requests get a 404 or a 400, never a 500; a member cannot flood the area's
contact persons; uploaded files are never served without the permission check."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse

from meetings.models import AreaMeetingRequest
from tests.factories import StaffFactory


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["%00", "a%00b", "..%2F..%2Fetc", "x" * 65, "%F0%9F%98%80"])
def test_a_malformed_calendar_token_is_a_404(client, token):
    assert client.get(f"/moten/kalender/{token}.ics").status_code == 404


@pytest.mark.django_db
def test_confirming_an_import_without_its_preview_is_a_400():
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))

    response = client.post(reverse("admin:members_association_import"), {"confirm": "1"})

    assert response.status_code == 400
    assert "Begäran kunde inte tolkas" in response.text


@pytest.mark.django_db
def test_an_import_with_a_file_still_previews(client):
    client.force_login(StaffFactory(is_superuser=True))
    upload = SimpleUploadedFile("f.csv", b"namn;organisationsnummer\n")

    response = client.post(reverse("admin:members_association_import"), {"file": upload})

    assert response.status_code == 200


def test_area_meeting_requests_are_limited_per_person_and_day(client, scene, settings, mailoutbox):
    settings.AREA_MEETING_REQUESTS_PER_DAY = 3
    client.force_login(scene.officer_a.user)
    url = reverse("meetings:area_request")

    answers = [
        client.post(url, {"association": scene.a.pk, "message": f"Fråga {n}"}) for n in range(5)
    ]

    assert [answer.status_code for answer in answers] == [302, 302, 302, 200, 200]
    assert "redan skickat 3 förfrågningar det senaste dygnet" in answers[3].text
    assert AreaMeetingRequest.objects.count() == 3


def test_uploaded_files_have_no_url_of_their_own_even_in_development():
    import nns_portal.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(nns_portal.urls)
            with pytest.raises(Resolver404):
                resolve("/media/letters/plan.pdf", urlconf=nns_portal.urls)
    finally:
        importlib.reload(nns_portal.urls)
