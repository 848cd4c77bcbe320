"""Reads about a meeting's decisions: its agenda for those who see the meeting, the vote a
person may cast, what the live pages show, a poll's seal checked, the minutes drafted."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import User

from ..annual.selectors import roll_call
from ..documents.models import MeetingDocument
from ..models import Meeting
from .live_cache import live_state_cached
from .models import AgendaItem, Ballot, Poll, PollOption, PollVoter
from .rules import Count
from .seal import ballot_seal, result_seal


def agenda_of(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda with its papers and decided polls (for those who see the meeting:
    the caller has checked that)."""
    unpublished = [MeetingDocument.MinutesState.DRAFT, MeetingDocument.MinutesState.ADJUSTED]
    return list(
        meeting.agenda_items.prefetch_related(
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.exclude(minutes_state__in=unpublished),
            ),
            Prefetch(
                "polls",
                queryset=Poll.objects.filter(status=Poll.Status.CLOSED).prefetch_related("options"),
            ),
        )
    )


@dataclass(frozen=True)
class Seat:
    """A vote the user casts in the open poll: for which association, and what it marks now
    (an open ballot's current choice; a secret one only says that it has voted)."""

    voter: PollVoter
    marked: list[int]


@dataclass
class Live:
    """What the live pages show of a meeting at this moment."""

    item: AgendaItem | None
    poll: Poll | None
    options: list[PollOption] = field(default_factory=list)
    voted: int = 0
    voters: int = 0
    seats: list[Seat] = field(default_factory=list)
    winners: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        """For the pages' polling: enough to know when to show what, and a closed vote's
        result to show it without loading the page again."""
        poll = self.poll
        state = {
            "item": self.item.pk if self.item else None,
            "poll": poll.pk if poll else None,
            "status": poll.status if poll else None,
            "voted": self.voted,
            "voters": self.voters,
        }
        if poll and poll.is_closed:
            state["result"] = {
                "rows": [
                    {"label": row.label, "votes": row.votes, "won": row.won}
                    for row in result_rows(poll=poll)
                ],
                "decision": self.item.decision,
            }
        return state


def live_of(*, meeting: Meeting, user: User | None = None, options: bool = True) -> Live:
    """The item being dealt with, its latest poll (open, or the last closed one) with the
    count of votes in, and the votes ``user`` casts in it (with ``options``, also what a
    ballot may mark)."""
    item = AgendaItem.objects.filter(meeting=meeting, current=True).first()
    if item is None:
        return Live(item=None, poll=None)
    poll = item.polls.exclude(status=Poll.Status.DRAFT).order_by("-opened_at", "-pk").first()
    if poll is None:
        return Live(item=item, poll=None)
    poll.item = item
    tally = poll.voters.aggregate(
        voters=models.Count("pk"), voted=models.Count("pk", filter=Q(voted=True))
    )
    live = Live(item=item, poll=poll, voted=tally["voted"], voters=tally["voters"])
    if options:
        live.options = list(poll.options.all())
    if poll.is_closed:
        live.winners = poll.result["outcome"]["winners"]
    if user is None or not poll.is_open:
        return live
    mine = list(poll.voters.filter(person__user=user).select_related("association"))
    if mine and poll.method == Poll.Method.OPEN:
        marked = dict(
            Ballot.objects.filter(
                poll=poll, current=True, association_id__in=[v.association_id for v in mine]
            ).values_list("association_id", "choices")
        )
    else:
        marked = {}
    live.seats = [Seat(voter=v, marked=marked.get(v.association_id, [])) for v in mine]
    return live


@dataclass(frozen=True)
class ResultRow:
    label: str
    votes: int | None  # None: decided by acclamation
    won: bool
    abstain: bool


def result_rows(*, poll: Poll) -> list[ResultRow]:
    """A closed poll's result, an option a row (its options may come prefetched)."""
    if not poll.is_closed:
        return []
    counts, winners = poll.result["per_option"], set(poll.result["outcome"]["winners"])
    acclamation = poll.result["acclamation"]
    return [
        ResultRow(
            label=option.label,
            votes=None if acclamation else counts.get(str(option.pk), 0),
            won=option.pk in winners,
            abstain=option.abstain,
        )
        for option in poll.options.all()
    ]


def live_state_of(*, meeting: Meeting) -> dict:
    """The live state every page of the meeting polls (the same for everyone), from the
    cache while nothing has changed (``live_cache.py``)."""
    return live_state_cached(
        meeting_id=meeting.pk, compute=lambda: live_of(meeting=meeting, options=False).as_json()
    )


def voter_get_for_user(
    *, user: User, poll_pk: int, association_pk: int, meeting_pk: int | None = None
) -> PollVoter:
    """The user's place on the poll's voter list for the association (in a poll of the
    meeting ``meeting_pk``, if given), or 404: only the person the list names casts the
    association's vote."""
    voters = PollVoter.objects.select_related("poll", "association").filter(
        poll_id=poll_pk, association_id=association_pk, person__user=user
    )
    if meeting_pk is not None:
        voters = voters.filter(poll__item__meeting_id=meeting_pk)
    voter = voters.first()
    if voter is None:
        raise Http404
    return voter


def poll_verify(*, poll: Poll) -> list[str]:
    """What no longer matches the poll's seals: a ballot changed, added or removed, or a
    result edited; and whether a recount gives the stored result. Empty: all is as sealed."""
    problems = []
    ballots = list(Ballot.objects.filter(poll=poll).order_by("pk"))
    for ballot in ballots:
        expected = ballot_seal(
            poll_id=poll.pk,
            association_id=ballot.association_id,
            choices=ballot.choices,
            replaces_id=ballot.replaces_id,
        )
        if expected != ballot.seal:
            problems.append(_("Ballot %(pk)s does not match its seal.") % {"pk": ballot.pk})
    if not poll.is_closed:
        return problems
    if result_seal(ballot_seals=[b.seal for b in ballots], result=poll.result) != poll.seal:
        problems.append(_("The ballots or the result do not match the poll's seal."))
    if not poll.result["acclamation"]:
        options = list(poll.options.all())
        count = Count.of(
            options=[option.pk for option in options],
            abstain={option.pk for option in options if option.abstain},
            ballots=[b.choices for b in ballots if b.current],
            voters=poll.voters.count(),
        )
        stored = {int(pk): n for pk, n in poll.result["per_option"].items()}
        if count.per_option != stored or count.ballots != poll.result["ballots"]:
            problems.append(_("A recount does not give the stored result."))
    return problems


def _roll_call_changes(items: list[AgendaItem]) -> dict[int, tuple[list[str], list[str]]]:
    """For each closed vote after the first: the associations that came onto and left the
    röstlängd since the vote before."""
    changes, before = {}, None
    for item in items:
        for poll in item.polls.all():
            if not poll.is_closed or poll.result["acclamation"]:
                continue
            now = {voter.association.name for voter in poll.voters.all()}
            if before is not None and now != before:
                changes[poll.pk] = (sorted(now - before), sorted(before - now))
            before = now
    return changes


def minutes_text_of(*, meeting: Meeting) -> str:
    """The minutes as Markdown, drafted from the meeting as it stands."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting).prefetch_related(
            "polls__voters__association", "candidates__person"
        )
    )
    changes = _roll_call_changes(items)
    sections = [
        {
            "item": item,
            "changes": [changes[poll.pk] for poll in item.polls.all() if poll.pk in changes],
        }
        for item in items
    ]
    present = [row for row in roll_call(meeting=meeting) if row.entry]
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "meetings/minutes.md",
            {"meeting": meeting, "sections": sections, "present": present},
        ).strip()
