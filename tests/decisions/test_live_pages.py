"""The meeting run from the secretary's page, the delegates' ballots from their phones, the
projector and the state the pages poll, over HTTP."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.decisions.models import Ballot, Poll
from tests.queries import count_queries


@pytest.fixture
def secretary(client, scene, voting):
    scene.staff.is_superuser = True
    scene.staff.save()
    client.force_login(scene.staff)
    return client


def act(secretary, voting, **data):
    url = reverse("admin:meetings_meeting_live", args=[voting.meeting.pk])
    return secretary.post(url, data, follow=True)


def phone(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_staff_take_up_an_item_open_a_vote_and_delegates_vote_from_their_phones(
    secretary, voting, scene, django_capture_on_commit_callbacks
):
    item = voting.item("Beslut om ansvarsfrihet")
    act(secretary, voting, action="take_up", item=item.pk)
    act(secretary, voting, action="poll", method="open", question="", majority="simple")
    poll = Poll.objects.get(item=item)
    page = act(secretary, voting, action="open", poll=poll.pk).content.decode()
    assert "0</span> av 2 medlemsförbund har röstat." in page

    anna, doris = phone(scene.chair_a), phone(scene.director_b)
    vote_url = reverse("meetings:vote", args=[voting.meeting.pk])
    ballot = anna.get(vote_url).content.decode()
    assert "Rösten för Samordningsförbundet Alfa" in ballot
    yes = poll.options.get(label="Ja").pk
    state_url = reverse("meetings:live_state", args=[voting.meeting.pk])
    assert anna.get(state_url).json()["voted"] == 0
    with django_capture_on_commit_callbacks(execute=True):  # as the ballot's commit does
        anna.post(vote_url, {"poll": poll.pk, "association": scene.a.pk, "choice": yes})
    assert anna.get(state_url).json()["voted"] == 1  # the cached state moved on
    with django_capture_on_commit_callbacks(execute=True):
        response = doris.post(
            vote_url, {"poll": poll.pk, "association": scene.b.pk, "choice": yes}, follow=True
        )
    assert "Rösten för Samordningsförbundet Beta är registrerad." in response.content.decode()
    state = anna.get(state_url).json()
    assert (state["status"], state["voted"], state["voters"]) == ("open", 2, 2)

    with django_capture_on_commit_callbacks(execute=True):
        page = act(secretary, voting, action="close", poll=poll.pk).content.decode()

    assert "Omröstningen är stängd och resultatet förseglat." in page
    assert "Rösterna och resultatet stämmer med sigillet." in page
    result = anna.get(state_url).json()["result"]
    assert [(r["label"], r["votes"], r["won"]) for r in result["rows"]] == [
        ("Ja", 2, True), ("Nej", 0, False), ("Avstår", 0, False),
    ]  # fmt: skip
    for client in (anna, doris, phone(voting.chair_c)):
        result = client.get(vote_url).content.decode()
        assert "Mötet beslutade att bifalla förslaget." in result
    projector = secretary.get(reverse("meetings:projector", args=[voting.meeting.pk]))
    assert "Mötet beslutade att bifalla förslaget." in projector.content.decode()


def test_a_delegate_votes_only_for_their_own_association_on_the_list(secretary, voting, scene):
    item = voting.item("Beslut om ansvarsfrihet")
    act(secretary, voting, action="take_up", item=item.pk)
    act(secretary, voting, action="poll", method="open", question="", majority="simple")
    poll = Poll.objects.get(item=item)
    act(secretary, voting, action="open", poll=poll.pk)
    vote_url = reverse("meetings:vote", args=[voting.meeting.pk])
    yes = poll.options.get(label="Ja").pk

    anna = phone(scene.chair_a)
    for data in (
        {"poll": poll.pk, "association": scene.b.pk, "choice": yes},  # Beta's vote
        {"poll": poll.pk, "association": "١", "choice": yes},  # not plain digits
        {"poll": "99999999999999999999", "association": scene.a.pk, "choice": yes},
    ):
        assert anna.post(vote_url, data).status_code == 404
    cecilia = phone(voting.chair_c)  # not checked in when it opened
    response = cecilia.post(vote_url, {"poll": poll.pk, "association": voting.c.pk, "choice": yes})
    assert response.status_code == 404
    assert "Du röstar inte i den här omröstningen" in cecilia.get(vote_url).content.decode()
    assert not Ballot.objects.exists()


def test_someone_who_does_not_see_the_meeting_gets_nothing_of_it(voting, scene):
    former = phone(scene.chair_former)
    for name in ("meetings:vote", "meetings:projector", "meetings:live_state"):
        assert former.get(reverse(name, args=[voting.meeting.pk])).status_code == 404
        assert Client().get(reverse(name, args=[voting.meeting.pk])).status_code == 302


def test_the_live_pages_take_a_fixed_number_of_queries(secretary, voting, scene):
    item = voting.item("Beslut om ansvarsfrihet")
    act(secretary, voting, action="take_up", item=item.pk)
    act(secretary, voting, action="poll", method="secret", question="", majority="simple")
    act(secretary, voting, action="open", poll=Poll.objects.get(item=item).pk)
    anna = phone(scene.chair_a)
    pk = voting.meeting.pk

    # the login's session and user; the rest comes from the cache
    assert count_queries(anna, reverse("meetings:live_state", args=[pk])) == 2
    assert count_queries(anna, reverse("meetings:vote", args=[pk])) == 12
    assert count_queries(secretary, reverse("meetings:projector", args=[pk])) == 7
