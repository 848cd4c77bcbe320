"""Importing 5,000 new people (each with a role) into the register at national scale, as staff
do in the admin: the preview, then the confirmation (python -m bench.people_import). Nothing
is kept: the import runs in a transaction that is rolled back."""

import os
import time

import django

django.setup()

from django.db import transaction  # noqa: E402

from members.imports import KINDS  # noqa: E402
from members.models import Association  # noqa: E402
from members.orgnr import format_orgnr  # noqa: E402
from nns_portal.tabular.files import write_csv  # noqa: E402
from nns_portal.tabular.imports import import_apply, import_preview  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_IMPORT_PEOPLE", "5000"))


class RolledBack(Exception):
    pass


kind = KINDS["people"]
orgs = [format_orgnr(n) for n in Association.objects.values_list("org_number", flat=True)]
rows = [
    {
        "förnamn": "Ny",
        "efternamn": f"Person {n}",
        "epost": f"ny.person.{n}@import.example",
        "språk": "sv",
        "organisationsnummer": orgs[n % len(orgs)],
        "roll": "tjansteperson",
        "från": "2026-01-01",
    }
    for n in range(PEOPLE)
]
content = write_csv(header=kind.columns, rows=rows)
started = time.perf_counter()
preview = import_preview(kind=kind, content=content, filename="people.csv")
previewed = time.perf_counter() - started
assert preview.created == PEOPLE and not preview.errors, preview.errors[:3]
started = time.perf_counter()
try:
    with transaction.atomic():
        import_apply(kind=kind, content=content, filename="people.csv")
        raise RolledBack
except RolledBack:
    applied = time.perf_counter() - started
print(
    f"Import av {PEOPLE} nya personer: förhandsgranskning {previewed:.1f} s,"
    f" bekräftelse {applied:.1f} s (gunicorns gräns: 30 s)"
)
