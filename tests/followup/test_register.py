"""The decision register: who sees which decisions, its filters, the follow-up by those
responsible with its history, and their start page."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.followup.models import Decision
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def as_(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def listed(client: Client, query: str = "") -> str:
    response = client.get(reverse("meetings:decisions") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_sees_every_decision_filtered_by_state_and_responsible(register, scene):
    board = as_(scene.nns_chair)
    page = listed(board)  # the open ones by default
    assert "rutin för e-fakturor" in page and "områdesträffarna" in page
    assert "Uppdatera webbplatsen" not in page
    assert page.count("Försenat") == 1
    overdue = listed(board, "?visa=forsenade")
    assert "rutin för e-fakturor" in overdue and "områdesträffarna" not in overdue
    finished = listed(board, "?visa=klara")
    assert "Uppdatera webbplatsen" in finished and "områdesträffarna" not in finished
    annas = listed(board, f"?visa=alla&ansvarig={scene.chair_a.pk}")
    assert "områdesträffarna" in annas and "e-fakturor" not in annas


def test_a_bad_filter_shows_the_open_decisions(register, scene):
    page = listed(as_(scene.nns_chair), "?visa=nonsens&ansvarig=%C2%B2")
    assert "rutin för e-fakturor" in page and "Uppdatera webbplatsen" not in page


def test_anyone_else_sees_only_their_own_and_someone_elses_is_a_404(register, scene):
    anna = as_(scene.chair_a)
    page = listed(anna, "?visa=alla")
    assert "områdesträffarna" in page and "e-fakturor" not in page
    assert anna.get(reverse("meetings:decision", args=[register.soon.pk])).status_code == 200
    assert anna.get(reverse("meetings:decision", args=[register.overdue.pk])).status_code == 404
    berit = as_(scene.chair_b)
    assert "områdesträffarna" not in listed(berit, "?visa=alla")
    assert berit.get(reverse("meetings:decision", args=[register.soon.pk])).status_code == 404


def test_the_responsible_person_follows_up_and_the_history_is_kept(register, scene):
    anna = as_(scene.chair_a)
    url = reverse("meetings:decision", args=[register.soon.pk])
    response = anna.post(url, {"status": "pagar", "note": "Två datum föreslagna."}, follow=True)
    assert "Uppföljningen är sparad." in response.content.decode()
    anna.post(url, {"status": "klart", "note": "Träffarna är bokade."})
    register.soon.refresh_from_db()
    assert (register.soon.status, register.soon.note) == ("klart", "Träffarna är bokade.")
    page = anna.get(url).content.decode()
    history = page[page.index("Historik") :]
    assert history.index("Klart") < history.index("Pågår") < history.index("Ej påbörjat")
    assert "Två datum föreslagna." in history and str(scene.chair_a) in history
    assert register.soon.history.count() == 4  # entered (with its people), two follow-ups


def test_a_follow_up_needs_a_known_status_and_a_board_member_may_only_read(register, scene):
    url = reverse("meetings:decision", args=[register.soon.pk])
    response = as_(scene.chair_a).post(url, {"status": "kanske", "note": ""})
    assert (
        response.status_code == 400 and "Välj ett giltigt alternativ" in response.content.decode()
    )
    board = as_(scene.nns_chair)
    assert "Spara uppföljningen" not in board.get(url).content.decode()
    assert board.post(url, {"status": "klart"}).status_code == 403
    register.soon.refresh_from_db()
    assert register.soon.status == "ej_paborjat"


def test_the_start_page_shows_the_responsible_their_open_decisions(register, scene):
    page = as_(scene.contact_syd).get(reverse("home")).content.decode()
    assert "Beslut som du ansvarar för" in page
    assert "Försenat sedan 2026-11-21: Ta fram en rutin för e-fakturor" in page
    assert "Uppdatera webbplatsen" not in page  # done
    anna = as_(scene.chair_a).get(reverse("home")).content.decode()
    assert "Klart senast 2026-12-04: Planera områdesträffarna" in anna
    assert (
        "Beslut som du ansvarar för" not in as_(scene.chair_b).get(reverse("home")).content.decode()
    )


def test_staff_see_the_overdue_on_their_start_page(register, staff_client):
    page = staff_client.get(reverse("home")).content.decode()
    assert "1 beslut har passerat sitt slutdatum utan att vara klart" in page
    assert "/beslut/?visa=forsenade" in page


def test_the_register_takes_the_same_queries_however_many_decisions(register, scene):
    board = as_(scene.nns_chair)
    url = reverse("meetings:decisions") + "?visa=alla"
    before = count_queries(board, url)
    for n in range(5):
        Decision.objects.create(meeting=register.board_meeting, text=f"Beslut {n}")
    assert count_queries(board, url) == before
