"""How a count becomes a decision: the majority rules and the tie rules, as pure functions of
the votes (no database), so that a recount is the same computation.

Abstentions (avstår) and blank votes are not votes cast: a simple majority is more than half
of the votes cast for the options, two thirds is at least two thirds of them. Between
alternatives (yrkanden) the one with the most votes wins, under a simple majority; in an
election the names with the most votes take the seats. A tie is settled by the statutes'
rule: the chair's casting vote (utslagsröst), a lottery, or the proposal falls.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from .models import MajorityRule, TieRule


class TieUnsettled(Exception):
    """The votes are tied and the rule needs the chair's casting vote, which was not given."""

    def __init__(self, between: list[int]) -> None:
        super().__init__(between)
        self.between = between


@dataclass(frozen=True)
class Count:
    """The votes of a closed poll: for each option, how many ballots marked it."""

    options: list[int]  # every option, in order
    abstain: frozenset[int]  # the options that are abstentions
    per_option: dict[int, int]
    ballots: int  # ballots in, blank ones included
    voters: int  # on the frozen list

    @classmethod
    def of(
        cls, *, options: list[int], abstain: set[int], ballots: list[list[int]], voters: int
    ) -> "Count":
        marks = Counter(choice for ballot in ballots for choice in ballot)
        return cls(
            options=options,
            abstain=frozenset(abstain),
            per_option={option: marks.get(option, 0) for option in options},
            ballots=len(ballots),
            voters=voters,
        )

    @property
    def cast(self) -> int:
        """Votes cast: those that marked an option other than an abstention."""
        return sum(n for option, n in self.per_option.items() if option not in self.abstain)

    def counted(self) -> list[int]:
        return [option for option in self.options if option not in self.abstain]


@dataclass
class Outcome:
    winners: list[int]
    tie_between: list[int] = field(default_factory=list)
    tie_settled_by: str = ""
    reached_majority: bool = True

    def as_dict(self) -> dict:
        return {
            "winners": self.winners,
            "tie_between": self.tie_between,
            "tie_settled_by": self.tie_settled_by,
            "reached_majority": self.reached_majority,
        }


def _settle(
    tied: list[int], places: int, *, rule: str, casting_vote: list[int] | None, draw: random.Random
) -> tuple[list[int], str]:
    """Choose ``places`` of the tied options by the rule."""
    if rule == TieRule.LOTTERY:
        return sorted(draw.sample(tied, places), key=tied.index), TieRule.LOTTERY
    if rule == TieRule.CASTING_VOTE:
        chosen = [option for option in (casting_vote or []) if option in tied]
        if len(chosen) != places:
            raise TieUnsettled(tied)
        return chosen, TieRule.CASTING_VOTE
    return [], TieRule.FALLS


def decide(
    count: Count,
    *,
    majority: str,
    tie_rule: str,
    seats: int = 1,
    casting_vote: list[int] | None = None,
    draw: random.Random | None = None,
) -> Outcome:
    """The winning options of a count (``seats`` of them in an election)."""
    draw = draw or random.SystemRandom()
    ranked = sorted(count.counted(), key=lambda option: -count.per_option[option])
    if count.cast == 0:
        return Outcome(winners=[], reached_majority=False)
    if seats > 1:
        return _elect(
            count, ranked, seats=seats, rule=tie_rule, casting_vote=casting_vote, draw=draw
        )
    top = count.per_option[ranked[0]]
    leaders = [option for option in ranked if count.per_option[option] == top]
    if majority == MajorityRule.TWO_THIRDS:
        reached = len(leaders) == 1 and Fraction(top, count.cast) >= Fraction(2, 3)
        return Outcome(winners=leaders[:1] if reached else [], reached_majority=reached)
    if len(leaders) == 1:
        return Outcome(winners=leaders)
    chosen, settled_by = _settle(leaders, 1, rule=tie_rule, casting_vote=casting_vote, draw=draw)
    return Outcome(winners=chosen, tie_between=leaders, tie_settled_by=settled_by)


def _elect(
    count: Count,
    ranked: list[int],
    *,
    seats: int,
    rule: str,
    casting_vote: list[int] | None,
    draw: random.Random,
) -> Outcome:
    """The ``seats`` names with the most votes (and at least one); a tie across the last seat
    is settled by the rule."""
    named = [option for option in ranked if count.per_option[option] > 0]
    if len(named) <= seats:
        return Outcome(winners=named)
    last = count.per_option[named[seats - 1]]
    sure = [option for option in named if count.per_option[option] > last]
    tied = [option for option in named if count.per_option[option] == last]
    if len(sure) + len(tied) == seats:
        return Outcome(winners=sure + tied)
    chosen, settled_by = _settle(
        tied, seats - len(sure), rule=rule, casting_vote=casting_vote, draw=draw
    )
    return Outcome(winners=sure + chosen, tie_between=tied, tie_settled_by=settled_by)
