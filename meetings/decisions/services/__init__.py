"""Every write about what a meeting decides, by what the business does: the agenda, polls and
ballots, elections, and the minutes drafted from them."""

from .agenda import (
    agenda_from_template,
    agenda_item_delete,
    agenda_item_make_current,
    agenda_item_save,
    agenda_renumber,
    agenda_template_ensure,
    agenda_to_papers,
)
from .elections import candidate_add, candidate_withdraw
from .minutes import minutes_draft, minutes_text_save, minutes_to_document
from .polls import ballot_cast, poll_acclaim, poll_close, poll_count, poll_create, poll_open

__all__ = [
    "agenda_from_template",
    "agenda_item_delete",
    "agenda_item_make_current",
    "agenda_item_save",
    "agenda_renumber",
    "agenda_template_ensure",
    "agenda_to_papers",
    "ballot_cast",
    "candidate_add",
    "candidate_withdraw",
    "minutes_draft",
    "minutes_text_save",
    "minutes_to_document",
    "poll_acclaim",
    "poll_close",
    "poll_count",
    "poll_create",
    "poll_open",
]
