"""The majority and tie rules, as a table: the votes in, the rule, the decision."""

import random

import pytest

from meetings.decisions.choices import MajorityRule, TieRule
from meetings.decisions.rules import Count, TieUnsettled, decide

YES, NO, ABSTAIN, X, Y, Z = 1, 2, 3, 4, 5, 6
QUESTION = [YES, NO, ABSTAIN]
S, T = MajorityRule.SIMPLE, MajorityRule.TWO_THIRDS
CAST, LOT, FALL = TieRule.CASTING_VOTE, TieRule.LOTTERY, TieRule.FALLS


def count(options: list[int], ballots: list[list[int]]) -> Count:
    return Count.of(options=options, abstain={ABSTAIN}, ballots=ballots, voters=20)


def votes(**marks: int) -> list[list[int]]:
    named = {"yes": YES, "no": NO, "abstain": ABSTAIN, "x": X, "y": Y, "z": Z}
    return [[named[name]] for name, n in marks.items() for _ in range(n)]


# (options, ballots, majority, tie rule, casting vote, winners, reached)
TABLE = [
    # A simple majority of the votes cast; abstentions are not votes cast.
    (QUESTION, votes(yes=6, no=5), S, CAST, None, [YES], True),
    (QUESTION, votes(yes=3, no=2, abstain=9), S, CAST, None, [YES], True),
    (QUESTION, votes(yes=2, no=3, abstain=9), S, CAST, None, [NO], True),
    # A tie: the chair's casting vote, or the proposal falls.
    (QUESTION, votes(yes=4, no=4, abstain=1), S, CAST, [NO], [NO], True),
    (QUESTION, votes(yes=4, no=4), S, CAST, [YES], [YES], True),
    (QUESTION, votes(yes=4, no=4), S, FALL, None, [], True),
    # Two thirds of the votes cast: 10 of 15 is enough, 9 of 14 is not; abstentions aside.
    (QUESTION, votes(yes=10, no=5), T, CAST, None, [YES], True),
    (QUESTION, votes(yes=10, no=5, abstain=6), T, CAST, None, [YES], True),
    (QUESTION, votes(yes=9, no=5), T, CAST, None, [], False),
    (QUESTION, votes(yes=5, no=5), T, CAST, None, [], False),
    # Only abstentions, or nothing: nothing is decided.
    (QUESTION, votes(abstain=4), S, CAST, None, [], False),
    (QUESTION, [], S, CAST, None, [], False),
    # Proposals against each other: the most votes, even without half.
    ([X, Y, Z, ABSTAIN], votes(x=4, y=3, z=2), S, CAST, None, [X], True),
    ([X, Y, Z, ABSTAIN], votes(x=4, y=4, z=2), S, CAST, [Y], [Y], True),
]


@pytest.mark.parametrize(
    ("options", "ballots", "majority", "tie", "casting", "winners", "reached"), TABLE
)
def test_a_vote_is_decided_by_its_rules(options, ballots, majority, tie, casting, winners, reached):
    outcome = decide(count(options, ballots), majority=majority, tie_rule=tie, casting_vote=casting)

    assert (outcome.winners, outcome.reached_majority) == (winners, reached)


def test_a_tie_under_the_casting_vote_rule_waits_for_the_chair():
    with pytest.raises(TieUnsettled) as tie:
        decide(count(QUESTION, votes(yes=4, no=4)), majority=S, tie_rule=CAST)

    assert tie.value.between == [YES, NO]


def test_a_tie_settled_by_lottery_is_one_of_the_tied_and_says_so():
    outcome = decide(
        count(QUESTION, votes(yes=4, no=4, abstain=2)),
        majority=S,
        tie_rule=LOT,
        draw=random.Random(7),
    )

    assert outcome.winners in ([YES], [NO])
    assert (outcome.tie_between, outcome.tie_settled_by) == ([YES, NO], LOT)


CANDIDATES = [X, Y, Z, 7, 8]


def election(*ballots: list[int]) -> Count:
    return Count.of(options=CANDIDATES, abstain=set(), ballots=list(ballots), voters=10)


def test_an_election_fills_its_seats_with_the_most_votes():
    count = election([X, Y], [X, Z], [X, Y], [Y, 7], [], [Z, X])

    outcome = decide(count, majority=S, tie_rule=LOT, seats=2)

    assert outcome.winners == [X, Y]  # X 4, Y 3, Z 2, 7 1; a blank ballot marks nobody
    assert count.cast == 10 and count.ballots == 6


def test_a_tie_for_the_last_seat_is_drawn_by_lot_and_only_among_the_tied():
    count = election([X, Y], [X, Z], [Y, 7], [Z, 8])  # X 2, Y 2, Z 2, 7 1, 8 1

    drawn = {
        tuple(decide(count, majority=S, tie_rule=LOT, seats=2, draw=random.Random(n)).winners)
        for n in range(40)
    }

    assert all(len(set(winners)) == 2 and set(winners) <= {X, Y, Z} for winners in drawn)
    assert len(drawn) > 1  # the lot, not the order of the list
    outcome = decide(count, majority=S, tie_rule=LOT, seats=2, draw=random.Random(1))
    assert (outcome.tie_between, outcome.tie_settled_by) == ([X, Y, Z], LOT)


def test_a_tie_for_the_last_seat_keeps_those_ahead():
    count = election([X, Y], [X, Z], [X, 7])  # X 3, then Y, Z and 7 with 1 each

    outcome = decide(count, majority=S, tie_rule=CAST, seats=2, casting_vote=[Z])

    assert outcome.winners == [X, Z]


def test_fewer_names_with_votes_than_seats_elects_those_named():
    assert decide(election([X], [X, Y]), majority=S, tie_rule=LOT, seats=3).winners == [X, Y]
