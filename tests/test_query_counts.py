"""The queries of every page stay the same whether the register is small or ten times larger.

The pages and logins are the benchmarks' (``bench.pages``); ``make bench`` prints the same
counts at 10 and 1,000 associations.
"""

import pytest

from bench.pages import query_counts
from bench.scale import load_scale
from tests.scene import NOW

pytestmark = pytest.mark.django_db

QUERIES = {
    "Startsida": 9,  # what is due: meetings (and those ahead), delegates, minutes, decisions,
    # letters, invoices
    "Startsida: kansliet": 22,  # and the office's to-do: invoices past due and over-paid,
    # bank files (unregistered, unmatched), area requests, motions, unanswered invitations,
    # deadlines, decisions, workers
    "Mötesplanen": 1,  # its version; the months come from the cache
    "Mötesplanen som kalender": 1,
    "Mina möten": 13,  # four of them: whose invitations are still in force (their papers)
    "En inbjudan": 9,  # three of them: whether the invitee still holds a role that invites them
    "Ett möte": 13,  # three: the person's roles of the day (who may see it); one: its agenda
    "Mina fakturor": 4,
    "Brevarkivet": 4,
    "Ett brev": 6,
    "Protokollen": 7,  # three of them: whether the person still holds a role
    "Mitt förbund": 8,
    "Kontaktuppgifter": 5,
    "Medlemmar": 6,
    "Budget": 14,
    "Utfall mot budget": 14,  # the imports of the year and the one before, their outcome
    "Admin: start": 4,  # on every admin page, one: whether a queue has had no worker lately
    "Admin: förbund": 7,
    "Admin: ett förbund": 7,  # its inlines read with their people, no query a row
    "Admin: personer": 6,
    "Admin: roller": 6,
    "Admin: möten": 10,
    "Admin: deltagare": 6,
    "Admin: brev": 16,
    "Admin: fakturor": 10,
    "Admin: en faktura": 14,
    "Admin: utskick": 8,  # the category filter lists the known categories, no query
}


@pytest.mark.parametrize("associations", [2, 20])
def test_every_page_takes_the_same_queries_at_any_scale(associations, frozen):
    load_scale(associations=associations, meetings=60, today=NOW.date())
    assert query_counts() == QUERIES
