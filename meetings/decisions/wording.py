"""How a decision reads in the minutes (rendering only: called in Swedish by the services)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Role

from .choices import TieRule
from .models import Poll, PollOption

YES, NO = "Ja", "Nej"


def _names(options: list[PollOption]) -> str:
    labels = [option.label for option in options]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _what(poll: Poll, winners: list[PollOption]) -> str:
    """What was decided, without how."""
    item = poll.item
    if poll.is_election:
        role = str(Role.Kind(item.role_kind).label if item.role_kind else item.title)
        role = role if role[:3].isupper() else role[:1].lower() + role[1:]
        term = ""
        if item.term_starts_on:
            term = " " + _("from %(day)s") % {"day": date_format(item.term_starts_on, "j F Y")}
        if item.term_ends_on:
            term += " " + _("to %(day)s") % {"day": date_format(item.term_ends_on, "j F Y")}
        return _("Elected %(role)s%(term)s: %(names)s.") % {
            "role": role,
            "term": term,
            "names": _names(sorted(winners, key=lambda option: option.position)),
        }
    if not winners:
        return _("The proposal fell.")
    label = winners[0].label
    if label == YES:
        return _("The meeting decided to approve the proposal.")
    if label == NO:
        return _("The meeting decided to reject the proposal.")
    return _("The meeting decided: %(decision)s.") % {"decision": label}


def _count(poll: Poll, options: dict[int, PollOption]) -> str:
    result = poll.result
    marks = ", ".join(f"{options[int(pk)].label} {n}" for pk, n in result["per_option"].items())
    method = poll.get_method_display().lower()
    return _(
        "Vote (%(method)s): %(marks)s; %(ballots)s of %(voters)s member associations entitled "
        "to vote voted."
    ) % {"method": method, "marks": marks, "ballots": result["ballots"], "voters": result["voters"]}


def _tie(poll: Poll, options: dict[int, PollOption]) -> str:
    outcome = poll.result["outcome"]
    if not outcome["tie_between"]:
        return ""
    between = _names([options[pk] for pk in outcome["tie_between"]])
    settled_by = {
        TieRule.CASTING_VOTE: _("the chair's casting vote"),
        TieRule.LOTTERY: _("lottery"),
        TieRule.FALLS: _("the proposal falling, as the statutes say"),
    }[outcome["tie_settled_by"]]
    return _("The votes were tied between %(between)s; settled by %(settled_by)s.") % {
        "between": between,
        "settled_by": settled_by,
    }


def decision_text(*, poll: Poll, options: dict[int, PollOption], winners: list[PollOption]) -> str:
    if poll.result["acclamation"]:
        by_acclamation = _("(By acclamation.)")
        return f"{_what(poll, winners)} {by_acclamation}"
    parts = [_what(poll, winners), _count(poll, options)]
    outcome = poll.result["outcome"]
    if poll.result["cast"] == 0:
        parts = [_("No votes were cast."), _count(poll, options)]
    elif not outcome["reached_majority"]:
        parts = [
            _("The proposal did not reach two thirds of the votes cast and fell."),
            _count(poll, options),
        ]
    parts.append(_tie(poll, options))
    return " ".join(part for part in parts if part)
