"""Prints, as JSON, the number of database queries of every page (python -m bench.queries)."""

import json

import django

django.setup()

from bench.pages import query_counts  # noqa: E402

print(json.dumps(query_counts(), ensure_ascii=False))
