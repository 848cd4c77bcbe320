"""Votes on the röstlängd: the voter list frozen when a poll opens, one vote per member
association held by the database, secret ballots that name nobody, seals that show a change,
and the bad input refused with nothing written."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from meetings.annual.models import RollCallEntry
from meetings.annual.services import roll_call_check_in, roll_call_leave
from meetings.decisions import selectors, services
from meetings.decisions.models import Ballot, Poll, PollVoter
from meetings.decisions.seal import ballot_seal
from tests.factories import annual_meeting


def option(poll: Poll, label: str) -> int:
    return poll.options.get(label=label).pk


def voter(poll: Poll, person) -> PollVoter:
    return selectors.voter_get_for_user(
        user=person.user, poll_pk=poll.pk, association_pk=person.roles.first().association_id
    )


def discharge(voting, method=Poll.Method.OPEN) -> Poll:
    return services.poll_create(item=voting.item("Beslut om ansvarsfrihet"), method=method)


def test_the_standard_agenda_is_made_once_for_an_annual_meeting(voting):
    titles = [item.title for item in voting.items]

    assert titles[:5] == [
        "Mötets öppnande",
        "Val av ordförande för mötet",
        "Val av sekreterare för mötet",
        "Val av två justerare tillika rösträknare",
        "Fastställande av röstlängd",
    ]
    assert titles[-1] == "Mötets avslutande"
    assert [item.position for item in voting.items] == list(range(1, len(titles) + 1))
    with pytest.raises(ValidationError, match="redan en dagordning"):
        services.agenda_from_template(meeting=voting.meeting)


def test_the_voter_list_is_who_was_present_when_the_poll_opened(voting, scene):
    poll = services.poll_open(poll=discharge(voting))
    roll_call_check_in(meeting=voting.meeting, association=voting.c, attendance="online", user=None)

    assert sorted(v.association.name for v in poll.voters.all()) == [
        "Samordningsförbundet Alfa",
        "Samordningsförbundet Beta",
    ]
    with pytest.raises(Http404):  # Delta came after the poll opened
        selectors.voter_get_for_user(
            user=voting.chair_c.user, poll_pk=poll.pk, association_pk=voting.c.pk
        )
    services.ballot_cast(voter=voter(poll, scene.chair_a), choices=[option(poll, "Ja")])
    roll_call_leave(entry=RollCallEntry.objects.get(meeting=voting.meeting, association=scene.a))
    services.ballot_cast(voter=voter(poll, scene.director_b), choices=[option(poll, "Nej")])
    poll = services.poll_close(poll=poll, casting_vote=[option(poll, "Ja")])

    assert poll.result["ballots"] == 2  # Alfa left, and its vote stands
    assert poll.result["voters"] == 2


def test_a_changed_open_vote_replaces_the_one_before_and_one_stands(voting, scene):
    poll = services.poll_open(poll=discharge(voting))
    alfa = voter(poll, scene.chair_a)

    services.ballot_cast(voter=alfa, choices=[option(poll, "Ja")])
    services.ballot_cast(voter=alfa, choices=[option(poll, "Nej")])
    services.ballot_cast(voter=alfa, choices=[option(poll, "Nej")])  # the same again: nothing

    ballots = list(Ballot.objects.filter(poll=poll).order_by("pk"))
    assert [(b.current, b.choices) for b in ballots] == [
        (False, [option(poll, "Ja")]),
        (True, [option(poll, "Nej")]),
    ]
    assert ballots[1].replaces == ballots[0]
    assert services.poll_count(poll=poll).per_option[option(poll, "Nej")] == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, association=scene.a, choices=[], seal="0" * 64)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("method", [Poll.Method.OPEN, Poll.Method.SECRET])
def test_two_phones_of_one_association_voting_at_once_leave_one_ballot(
    request, method, scene, frozen
):
    voting = request.getfixturevalue("voting")
    poll = services.poll_open(poll=discharge(voting, method))
    alfa = voter(poll, scene.chair_a)
    choices = [option(poll, "Ja"), option(poll, "Nej")]
    start, outcomes = threading.Barrier(2), []

    def phone(choice: int) -> None:
        start.wait()
        try:
            services.ballot_cast(voter=alfa, choices=[choice])
            outcomes.append("cast")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=phone, args=(choice,)) for choice in choices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Ballot.objects.filter(poll=poll, current=True).count() == 1
    expected = ["cast", "cast"] if method == Poll.Method.OPEN else ["cast", "refused"]
    assert sorted(outcomes) == expected


def test_a_secret_ballot_names_nobody_and_is_cast_once(voting, scene):
    poll = services.poll_open(poll=discharge(voting, Poll.Method.SECRET))
    alfa = voter(poll, scene.chair_a)

    ballot = services.ballot_cast(voter=alfa, choices=[option(poll, "Ja")])

    assert ballot.association_id is None
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id", "poll", "association", "choices", "current", "replaces", "seal",
    }  # fmt: skip
    assert {f.name for f in PollVoter._meta.concrete_fields} == {
        "id",
        "poll",
        "association",
        "person",
        "voted",
    }  # fmt: skip  (no time that could pair a voter with a ballot)
    assert PollVoter.objects.get(pk=alfa.pk).voted
    with pytest.raises(ValidationError, match="sluten omröstning kan inte ändras"):
        services.ballot_cast(voter=alfa, choices=[option(poll, "Nej")])


def test_the_seal_shows_a_changed_ballot_and_a_changed_result(voting, scene):
    poll = services.poll_open(poll=discharge(voting))
    services.ballot_cast(voter=voter(poll, scene.chair_a), choices=[option(poll, "Ja")])
    services.ballot_cast(voter=voter(poll, scene.director_b), choices=[option(poll, "Ja")])
    poll = services.poll_close(poll=poll)
    assert selectors.poll_verify(poll=poll) == []

    Ballot.objects.filter(poll=poll).update(choices=[option(poll, "Nej")])

    problems = selectors.poll_verify(poll=poll)
    assert len([p for p in problems if "stämmer inte med sitt sigill" in p]) == 2
    assert "En omräkning ger inte det sparade resultatet." in problems

    Ballot.objects.filter(poll=poll).update(choices=[option(poll, "Ja")])
    assert selectors.poll_verify(poll=poll) == []
    Poll.objects.filter(pk=poll.pk).update(result={**poll.result, "ballots": 3})
    poll.refresh_from_db()
    assert "Rösterna eller resultatet stämmer inte med omröstningens sigill." in (
        selectors.poll_verify(poll=poll)
    )


def test_a_ballot_forged_with_the_right_shape_fails_without_the_key(voting, scene):
    poll = services.poll_open(poll=discharge(voting))
    services.ballot_cast(voter=voter(poll, scene.chair_a), choices=[option(poll, "Ja")])
    forged = ballot_seal(
        poll_id=poll.pk, association_id=scene.b.pk, choices=[option(poll, "Ja")], replaces_id=None
    )
    Ballot.objects.create(poll=poll, association=scene.b, choices=[option(poll, "Ja")], seal=forged)

    assert selectors.poll_verify(poll=poll) == []  # made with the portal's key: it is sealed
    Ballot.objects.filter(association=scene.b).update(seal="f" * 64)
    assert len(selectors.poll_verify(poll=poll)) == 1


def test_bad_input_is_refused_in_swedish_and_writes_nothing(voting, scene):
    poll = services.poll_open(poll=discharge(voting))
    other = services.poll_create(item=voting.item("Fastställande av resultat"), method="open")
    alfa = voter(poll, scene.chair_a)

    refusals = [
        ([option(other, "Ja")], "inte ett alternativ"),
        ([option(poll, "Ja"), option(poll, "Nej")], "Markera ett alternativ"),
        ([], "Markera ett alternativ"),
        ([option(poll, "Ja"), option(poll, "Ja")], "inte ett alternativ"),
    ]
    for choices, message in refusals:
        with pytest.raises(ValidationError, match=message):
            services.ballot_cast(voter=alfa, choices=choices)
    assert not Ballot.objects.exists()
    assert not PollVoter.objects.get(pk=alfa.pk).voted

    services.poll_close(poll=poll)
    with pytest.raises(ValidationError, match="Omröstningen är stängd"):
        services.ballot_cast(voter=alfa, choices=[option(poll, "Ja")])
    with pytest.raises(ValidationError, match="Bara en öppen omröstning kan stängas"):
        services.poll_close(poll=poll)
    with pytest.raises(ValidationError, match="redan öppnats"):
        services.poll_open(poll=poll)
    with pytest.raises(Http404):  # nobody votes for another association
        selectors.voter_get_for_user(
            user=scene.chair_a.user, poll_pk=poll.pk, association_pk=scene.b.pk
        )


def test_a_tie_waits_for_the_chairs_casting_vote_and_the_result_is_computed_once(voting, scene):
    poll = services.poll_open(poll=discharge(voting))
    services.ballot_cast(voter=voter(poll, scene.chair_a), choices=[option(poll, "Ja")])
    services.ballot_cast(voter=voter(poll, scene.director_b), choices=[option(poll, "Nej")])

    with pytest.raises(ValidationError, match="Lika röstetal mellan Ja, Nej"):
        services.poll_close(poll=poll)
    assert Poll.objects.get(pk=poll.pk).status == Poll.Status.OPEN
    poll = services.poll_close(poll=poll, casting_vote=[option(poll, "Ja")])

    assert poll.result["outcome"]["winners"] == [option(poll, "Ja")]
    assert poll.result["outcome"]["tie_settled_by"] == "casting_vote"
    item = poll.item
    item.refresh_from_db()
    assert item.decision.startswith("Mötet beslutade att bifalla förslaget.")
    assert "Ja 1, Nej 1, Avstår 0" in item.decision
    assert "avgjordes genom ordförandens utslagsröst" in item.decision


def test_an_acclamation_is_recorded_as_such(voting):
    item = voting.item("Fastställande av dagordning")
    poll = services.poll_create(item=item, method=Poll.Method.ACCLAMATION)

    poll = services.poll_acclaim(poll=poll, chosen=[option(poll, "Ja")])

    assert poll.result["acclamation"] and poll.result["ballots"] == 0
    item.refresh_from_db()
    assert item.decision == "Mötet beslutade att bifalla förslaget. (Med acklamation.)"
    assert selectors.poll_verify(poll=poll) == []
    with pytest.raises(ValidationError):
        services.poll_open(poll=poll)


def test_nothing_is_voted_on_a_meeting_without_a_roll_call(scene, frozen):
    meeting = annual_meeting(datetime.date(2027, 4, 20))
    [first, *_rest] = services.agenda_from_template(meeting=meeting)
    poll = services.poll_create(item=first, method=Poll.Method.OPEN)

    with pytest.raises(ValidationError, match="Ingen finns i röstlängden"):
        services.poll_open(poll=poll)
    assert not PollVoter.objects.exists()
    assert Poll.objects.get(pk=poll.pk).status == Poll.Status.DRAFT
