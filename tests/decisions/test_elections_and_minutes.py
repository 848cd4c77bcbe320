"""Elections with more candidates than seats, by acclamation otherwise, those elected added to
the register; a motion decided by its vote; the minutes drafted from the meeting, read back."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from meetings.annual.models import Motion, RollCallEntry
from meetings.annual.services import motion_submit, roll_call_check_in, roll_call_leave
from meetings.decisions import selectors, services
from meetings.decisions.models import Candidate, Poll
from meetings.documents.models import MeetingDocument
from meetings.documents.services import minutes_adjust
from members.models import Role, User
from tests.factories import PersonFactory, annual_meeting
from tests.scene import NOW


def vote(poll, person, *labels):
    voter = selectors.voter_get_for_user(
        user=person.user, poll_pk=poll.pk, association_pk=person.roles.first().association_id
    )
    choices = [poll.options.get(label=label).pk for label in labels]
    return services.ballot_cast(voter=voter, choices=choices)


@pytest.fixture
def auditors(voting):
    """The election of two auditors: the nomination committee proposes two, the meeting
    nominates a third."""
    item = voting.item("Val av revisorer")
    people = [PersonFactory(first_name=name, last_name="Revisor") for name in ("Ada", "Bo", "Cai")]
    services.candidate_add(item=item, person=people[0], by_nomination_committee=True)
    services.candidate_add(item=item, person=people[1], by_nomination_committee=True)
    services.candidate_add(item=item, person=people[2], nominated_by="Samordningsförbundet Beta")
    return item, people


def test_an_election_with_more_candidates_than_seats_elects_by_secret_ballot(
    voting, scene, auditors
):
    item, (ada, bo, cai) = auditors
    logins = User.objects.count()
    poll = services.poll_open(poll=services.poll_create(item=item, method=Poll.Method.SECRET))

    vote(poll, scene.chair_a, str(ada), str(cai))
    vote(poll, scene.director_b, str(cai))
    poll = services.poll_close(poll=poll)

    assert poll.result["per_option"] == {
        str(poll.options.get(label=str(p)).pk): n for p, n in ((ada, 1), (bo, 0), (cai, 2))
    }
    assert {c.person for c in Candidate.objects.filter(item=item, elected=True)} == {ada, cai}
    roles = Role.objects.filter(kind=Role.Kind.NNS_AUDITOR)
    assert {(r.person, r.starts_on) for r in roles} == {
        (ada, NOW.date() + datetime.timedelta(days=1)),
        (cai, NOW.date() + datetime.timedelta(days=1)),
    }
    assert User.objects.count() == logins  # nobody's login made or changed
    item.refresh_from_db()
    assert item.decision.startswith(
        f"Valdes till revisor i NNS från {(NOW.date() + datetime.timedelta(days=1)).day} "
    )
    assert f"{ada} och {cai}" in item.decision


def test_a_ballot_marks_at_most_as_many_names_as_seats(voting, scene, auditors):
    item, (ada, bo, cai) = auditors
    poll = services.poll_open(poll=services.poll_create(item=item, method=Poll.Method.SECRET))

    with pytest.raises(ValidationError, match="Markera högst 2 namn"):
        vote(poll, scene.chair_a, str(ada), str(bo), str(cai))
    vote(poll, scene.chair_a)  # a blank vote

    assert services.poll_count(poll=poll).ballots == 1


def test_no_more_candidates_than_seats_are_elected_by_acclamation(voting):
    item = voting.item("Val av ordförande")
    chair = PersonFactory(first_name="Ordföranden")
    services.candidate_add(item=item, person=chair, by_nomination_committee=True)

    with pytest.raises(ValidationError, match="väljs med acklamation"):
        services.poll_open(poll=services.poll_create(item=item, method=Poll.Method.SECRET))
    services.poll_acclaim(poll=services.poll_create(item=item, method=Poll.Method.ACCLAMATION))

    assert Role.objects.filter(person=chair, kind=Role.Kind.NNS_CHAIR).exists()
    with pytest.raises(ValidationError, match="inga fler nomineringar"):
        services.candidate_add(item=item, person=PersonFactory())


def test_a_motion_is_decided_by_its_vote_not_typed_twice(scene, frozen):
    meeting = annual_meeting(datetime.date(2027, 4, 20))
    motion = motion_submit(
        meeting=meeting, association=scene.a, person=scene.chair_a, title="Välfärdsuppdraget",
        text="Vi yrkar att NNS utreder frågan.",
    )  # fmt: skip
    services.agenda_template_ensure()
    items = services.agenda_from_template(meeting=meeting)
    [item] = [item for item in items if item.motion_id == motion.pk]
    assert item.title == "Motioner: 1. Välfärdsuppdraget"
    poll = services.poll_create(item=item, method=Poll.Method.ACCLAMATION)

    services.poll_acclaim(poll=poll, chosen=[poll.options.get(label="Bifall till motionen").pk])

    assert Motion.objects.get(pk=motion.pk).decision == Motion.Decision.APPROVED


def test_the_minutes_are_drafted_from_the_meeting_and_read_back(voting, scene, auditors):
    item, (ada, _bo, cai) = auditors
    dagordning = voting.item("Fastställande av dagordning")
    services.poll_acclaim(
        poll=(p := services.poll_create(item=dagordning, method=Poll.Method.ACCLAMATION)),
        chosen=[p.options.get(label="Ja").pk],
    )
    discharge = voting.item("Beslut om ansvarsfrihet")
    poll = services.poll_open(poll=services.poll_create(item=discharge, method=Poll.Method.OPEN))
    vote(poll, scene.chair_a, "Ja")
    vote(poll, scene.director_b, "Nej")
    services.poll_close(poll=poll, casting_vote=[poll.options.get(label="Ja").pk])
    discharge.refresh_from_db()
    discharge.reservations = "Samordningsförbundet Beta reserverade sig mot beslutet."
    discharge.save()
    roll_call_leave(entry=RollCallEntry.objects.get(meeting=voting.meeting, association=scene.b))
    roll_call_check_in(meeting=voting.meeting, association=voting.c, attendance="online", user=None)
    election = services.poll_open(poll=services.poll_create(item=item, method=Poll.Method.SECRET))
    vote(election, scene.chair_a, str(ada), str(cai))
    services.poll_close(poll=election)

    minutes = services.minutes_draft(meeting=voting.meeting)
    document = services.minutes_to_document(meeting=voting.meeting, user=scene.staff)

    text = minutes.text
    assert "I röstlängden: 3 medlemsförbund, med en röst vardera:" in text
    assert "## § 7 Fastställande av dagordning" in text
    assert "Mötet beslutade att bifalla förslaget. (Med acklamation.)" in text
    assert "Votering (öppen omröstning): Ja 1, Nej 1, Avstår 0; 2 av 2" in text
    assert "- Samordningsförbundet Beta reserverade sig mot beslutet." in text
    assert (
        "Röstlängden justerades före omröstningen; tillkom: Samordningsförbundet Delta; "
        "lämnade: Samordningsförbundet Beta." in text
    )
    assert "Redovisningen föredrogs och lades till handlingarna." in text
    assert "(Inget beslut antecknat.)" in text  # items nobody has decided yet
    assert (document.kind, document.minutes_state) == ("protokoll", "draft")
    pages = PdfReader(io.BytesIO(document.file.read())).pages
    read = " ".join(page.extract_text() for page in pages)
    assert "§ 12 Beslut om ansvarsfrihet för styrelsen" in read
    assert "reserverade sig mot beslutet" in read
    with pytest.raises(ValidationError, match="redan en text"):
        services.minutes_draft(meeting=voting.meeting)


def test_adjusted_minutes_keep_their_text_and_pdf(voting, scene):
    minutes = services.minutes_draft(meeting=voting.meeting)
    document = services.minutes_to_document(meeting=voting.meeting, user=None)
    minutes_adjust(document=document, adjusters="Anna och Berit", on=NOW.date())

    minutes.text += "\n\nEn ändring."
    with pytest.raises(ValidationError, match="texten ändras inte längre"):
        services.minutes_text_save(minutes=minutes)
    with pytest.raises(ValidationError, match="görs inte om"):
        services.minutes_to_document(meeting=voting.meeting, user=None)
    assert MeetingDocument.objects.get(pk=document.pk).minutes_state == "adjusted"
