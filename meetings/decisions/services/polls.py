"""Every write about a vote: a poll made on an agenda item, opened on the röstlängd of that
moment, ballots cast from phones, and closed once with a sealed result; or a decision by
acclamation. What a decision then changes (the item's decision, a motion's, those elected) is
in ``outcome.py``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User

from ...annual.deadlines import statutes_get
from ...annual.models import Motion, RollCallEntry
from ..choices import ItemKind, MajorityRule
from ..live_cache import live_changed
from ..models import AgendaItem, Ballot, Poll, PollOption, PollVoter
from ..rules import Count, TieUnsettled, decide
from ..seal import ballot_seal, result_seal
from .outcome import poll_outcome_apply

MOTION_OPTIONS = {
    Motion.Decision.APPROVED: "Bifall till motionen",
    Motion.Decision.REJECTED: "Avslag på motionen",
    Motion.Decision.ANSWERED: "Motionen anses besvarad",
}


def _options_of(item: AgendaItem, alternatives: list[str]) -> list[PollOption]:
    """What a vote on the item may mark: the proposals (yrkanden) staff entered, a motion's
    decisions, or ja and nej; always with avstår (an election's come from its candidates)."""
    if alternatives:
        options = [PollOption(label=label) for label in alternatives]
    elif item.kind == ItemKind.MOTION:
        decisions = [Motion.Decision.APPROVED, Motion.Decision.REJECTED]
        if item.motion and item.motion.proposal == Motion.Proposal.ANSWERED:
            decisions.append(Motion.Decision.ANSWERED)
        options = [
            PollOption(label=MOTION_OPTIONS[decision], motion_decision=decision)
            for decision in decisions
        ]
    else:
        options = [PollOption(label="Ja"), PollOption(label="Nej")]
    return [*options, PollOption(label="Avstår", abstain=True)]


@transaction.atomic
def poll_create(
    *,
    item: AgendaItem,
    method: str,
    question: str = "",
    majority: str = MajorityRule.SIMPLE,
    tie_rule: str = "",
    alternatives: list[str] | None = None,
    user: User | None = None,
) -> Poll:
    """A vote on the item. The tie rule is the statutes' unless given; an election's seats
    and names are the item's."""
    if item.kind in (ItemKind.INFORMATION,):
        raise ValidationError(_("An item for information is not voted on."))
    alternatives = [label.strip() for label in alternatives or [] if label.strip()]
    if len(alternatives) == 1:
        raise ValidationError(_("Put at least two proposals against each other."))
    statutes = statutes_get()
    election = item.kind == ItemKind.ELECTION
    if election and majority != MajorityRule.SIMPLE:
        raise ValidationError(_("An election is decided by the most votes."))
    poll = Poll.objects.create(
        item=item,
        question=question.strip() or item.title,
        method=method,
        majority=majority,
        tie_rule=tie_rule or (statutes.tie_in_elections if election else statutes.tie_in_matters),
        seats=item.seats or 1 if election else 1,
        created_by=user,
    )
    if not election:
        options = _options_of(item, alternatives)
        for position, option in enumerate(options, start=1):
            option.poll, option.position = poll, position
        PollOption.objects.bulk_create(options)
    return poll


def _election_options(poll: Poll) -> list[PollOption]:
    """An election's options: its candidates as they stand when the vote opens."""
    poll.options.all().delete()
    candidates = list(poll.item.candidates.select_related("person"))
    if not candidates:
        raise ValidationError(_("The election has no candidates."))
    return PollOption.objects.bulk_create(
        PollOption(poll=poll, position=n, label=str(c.person), candidate=c)
        for n, c in enumerate(candidates, start=1)
    )


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("item__meeting").get(pk=poll.pk)


@transaction.atomic
def poll_open(*, poll: Poll, now: datetime.datetime | None = None) -> Poll:
    """Open the vote: the voter list is frozen now, as exactly the member associations
    present on the roll call, each with the person who casts its one vote."""
    poll = _locked(poll)
    if poll.status != Poll.Status.DRAFT:
        raise ValidationError(_("The vote has already been opened."))
    if poll.method == Poll.Method.ACCLAMATION:
        raise ValidationError(_("A decision by acclamation is recorded, not opened."))
    if poll.is_election:
        options = _election_options(poll)
        if len(options) <= poll.seats:
            raise ValidationError(
                _("No more candidates than seats: they are elected by acclamation.")
            )
    present = RollCallEntry.objects.filter(meeting=poll.item.meeting, present=True)
    voters = PollVoter.objects.bulk_create(
        PollVoter(poll=poll, association_id=entry.association_id, person_id=entry.person_id)
        for entry in present
    )
    if not voters:
        raise ValidationError(_("Nobody is on the roll call: check the delegates in first."))
    poll.status, poll.opened_at = Poll.Status.OPEN, now or timezone.now()
    poll.save(update_fields=["status", "opened_at"])
    live_changed(meeting_id=poll.item.meeting_id)
    return poll


def _poll_for_share(poll_id: int) -> Poll:
    """The poll, read under a shared lock: ballots go in side by side, and closing (which
    locks it for update) waits until those under way are in."""
    if connection.vendor == "postgresql":
        return Poll.objects.raw("SELECT * FROM meetings_poll WHERE id = %s FOR SHARE", [poll_id])[0]
    return Poll.objects.get(pk=poll_id)


def _choices_check(poll: Poll, choices: list[int]) -> list[int]:
    options = {option.pk: option for option in poll.options.all()}
    if len(set(choices)) != len(choices) or not set(choices) <= options.keys():
        raise ValidationError(_("That is not an option of this vote."))
    if poll.item.kind == ItemKind.ELECTION:
        if len(choices) > poll.seats:
            raise ValidationError(_("Mark at most %(seats)s names.") % {"seats": poll.seats})
    elif len(choices) != 1:
        raise ValidationError(_("Mark one option."))
    return sorted(choices)


@transaction.atomic
def ballot_cast(*, voter: PollVoter, choices: list[int]) -> Ballot:
    """The association's vote, cast by the person the voter list names. In an open ballot a
    new vote replaces the one before until the poll closes; a secret ballot is cast once."""
    poll = _poll_for_share(voter.poll_id)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("The vote is closed."))
    poll.item = AgendaItem.objects.only("kind", "meeting_id").get(pk=poll.item_id)
    live_changed(meeting_id=poll.item.meeting_id)
    voter = PollVoter.objects.select_for_update().get(pk=voter.pk)
    choices = _choices_check(poll, choices)
    if poll.method == Poll.Method.SECRET:
        if voter.voted:
            raise ValidationError(_("Your association has voted: a secret vote cannot be changed."))
        voter.voted = True
        voter.save(update_fields=["voted"])
        seal = ballot_seal(poll_id=poll.pk, association_id=None, choices=choices, replaces_id=None)
        return Ballot.objects.create(poll=poll, choices=choices, seal=seal)
    before = Ballot.objects.filter(poll=poll, association_id=voter.association_id, current=True)
    before = before.first()
    if before and before.choices == choices:
        return before
    if before:
        before.current = False
        before.save(update_fields=["current"])
    if not voter.voted:
        voter.voted = True
        voter.save(update_fields=["voted"])
    seal = ballot_seal(
        poll_id=poll.pk,
        association_id=voter.association_id,
        choices=choices,
        replaces_id=before.pk if before else None,
    )
    return Ballot.objects.create(
        poll=poll,
        association_id=voter.association_id,
        choices=choices,
        replaces=before,
        seal=seal,
    )


def poll_count(*, poll: Poll) -> Count:
    """The count of the poll's ballots that stand (a recount is the same computation)."""
    options = list(poll.options.all())
    ballots = Ballot.objects.filter(poll=poll, current=True).values_list("choices", flat=True)
    return Count.of(
        options=[option.pk for option in options],
        abstain={option.pk for option in options if option.abstain},
        ballots=list(ballots),
        voters=poll.voters.count(),
    )


def _result(count: Count, outcome: dict, *, acclamation: bool = False) -> dict:
    return {
        "acclamation": acclamation,
        "per_option": {str(option): n for option, n in count.per_option.items()},
        "ballots": count.ballots,
        "cast": count.cast,
        "voters": count.voters,
        "outcome": outcome,
    }


def _seal_and_close(poll: Poll, result: dict, now: datetime.datetime | None) -> Poll:
    seals = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("seal", flat=True))
    poll.result = result
    poll.seal = result_seal(ballot_seals=seals, result=result)
    poll.status, poll.closed_at = Poll.Status.CLOSED, now or timezone.now()
    poll.save(update_fields=["result", "seal", "status", "closed_at"])
    poll_outcome_apply(poll=poll)
    live_changed(meeting_id=poll.item.meeting_id)
    return poll


@transaction.atomic
def poll_close(
    *, poll: Poll, casting_vote: list[int] | None = None, now: datetime.datetime | None = None
) -> Poll:
    """Close the vote and decide it, once: the count, the majority and tie rules, and the
    seal over every ballot and the result. A tie under the casting-vote rule needs the
    chair's choice (``casting_vote``), or nothing is closed."""
    poll = _locked(poll)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("Only an open vote can be closed."))
    count = poll_count(poll=poll)
    try:
        outcome = decide(
            count,
            majority=poll.majority,
            tie_rule=poll.tie_rule,
            seats=poll.seats,
            casting_vote=casting_vote,
        )
    except TieUnsettled as tie:
        labels = dict(poll.options.filter(pk__in=tie.between).values_list("pk", "label"))
        raise ValidationError(
            _("The votes are tied between %(options)s: give the chair's casting vote.")
            % {"options": ", ".join(labels[pk] for pk in tie.between)}
        ) from None
    return _seal_and_close(poll, _result(count, outcome.as_dict()), now)


@transaction.atomic
def poll_acclaim(
    *, poll: Poll, chosen: list[int] | None = None, now: datetime.datetime | None = None
) -> Poll:
    """Record a decision by acclamation (the chair asks, the meeting answers): no count.
    ``chosen`` are the options decided; in an election the candidates elected (by default
    every candidate, when they are no more than the seats)."""
    poll = _locked(poll)
    if poll.method != Poll.Method.ACCLAMATION or poll.status != Poll.Status.DRAFT:
        raise ValidationError(_("Only a decision by acclamation not yet recorded is recorded."))
    if poll.is_election:
        by_candidate = {option.candidate_id: option.pk for option in _election_options(poll)}
        chosen = list(by_candidate) if chosen is None else chosen
        if not set(chosen) <= by_candidate.keys():
            raise ValidationError(_("Choose what the meeting decided."))
        chosen = [by_candidate[candidate] for candidate in chosen]
    options = {option.pk: option for option in poll.options.all()}
    chosen = chosen or []
    if not chosen or not set(chosen) <= options.keys() or len(chosen) > poll.seats:
        raise ValidationError(_("Choose what the meeting decided."))
    if any(options[pk].abstain for pk in chosen):
        raise ValidationError(_("Choose what the meeting decided."))
    count = Count.of(options=list(options), abstain=set(), ballots=[], voters=0)
    outcome = {"winners": sorted(chosen, key=list(options).index), "tie_between": [],
               "tie_settled_by": "", "reached_majority": True}  # fmt: skip
    return _seal_and_close(poll, _result(count, outcome, acclamation=True), now)
