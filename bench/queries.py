"""Prints, as JSON, the number of database queries of every page (python -m bench.queries)."""

import json

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import client_of, pages  # noqa: E402


def main() -> None:
    clients: dict[str, Client] = {"": Client()}
    counts = {}
    for name, email, path in pages():
        client = clients.get(email) or clients.setdefault(email, client_of(email))
        client.get(path)  # the first request fills caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        counts[name] = len(queries)
    print(json.dumps(counts, ensure_ascii=False))


main()
