"""What a decided poll changes: the item's decision as the minutes will say it, a motion's
decision (set from the vote, not typed twice), and those elected as roles in the register."""

from django.conf import settings
from django.utils import translation

from members.services import role_start

from ...annual.services import motion_decide
from ...followup.services import decision_from_item
from ..choices import ItemKind
from ..models import Candidate, Poll, PollOption
from ..wording import decision_text


def _elect(poll: Poll, winners: list[PollOption]) -> None:
    item = poll.item
    elected = [option.candidate for option in winners if option.candidate_id]
    Candidate.objects.filter(pk__in=[c.pk for c in elected]).update(elected=True)
    starts_on = item.term_starts_on or item.meeting.last_day
    for candidate in elected:
        role_start(
            person=candidate.person,
            kind=item.role_kind,
            starts_on=starts_on,
            ends_on=item.term_ends_on,
        )


def poll_outcome_apply(*, poll: Poll) -> None:
    """Called once, when the poll closes."""
    item = poll.item
    options = {option.pk: option for option in poll.options.select_related("candidate__person")}
    winners = [options[pk] for pk in poll.result["outcome"]["winners"]]
    if item.kind == ItemKind.ELECTION and item.role_kind:
        _elect(poll, winners)
    if item.motion_id and winners and winners[0].motion_decision:
        motion_decide(motion=item.motion, decision=winners[0].motion_decision)
    with translation.override(settings.LANGUAGE_CODE):
        text = decision_text(poll=poll, options=options, winners=winners)
    item.decision = f"{item.decision}\n\n{text}".strip()
    item.save(update_fields=["decision"])
    decision_from_item(item=item)
