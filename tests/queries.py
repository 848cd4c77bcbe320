from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, data: dict | None = None) -> int:
    """How many queries a GET of ``url`` takes at its second request, as the benchmarks count
    (the first may fill caches, and notes in the session that a staff login has its second
    factor); the page must answer 200."""
    client.get(url, data)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)
