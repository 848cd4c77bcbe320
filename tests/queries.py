from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, data: dict | None = None) -> int:
    """How many queries a GET of ``url`` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)
