"""A crawl of every admin page staff open, in Swedish: no English word of the interface, and no
year with a thousands separator."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse

from tests.test_every_url import ADMIN_MODEL_PAGES, ALL, _args

# Words of Django's and the libraries' English interface that must not show.
ENGLISH = re.compile(
    r"\b(Choose|Select|Filter by|Object|Comment|Changed by|Change reason|Queued|Ordinal|None|"
    r"Add another|Save and|Show counts|Search|entries|Today|Now|Unknown|Yes|No|Delete|History|"
    r"Action|Go|Home|View site|Log out|Recent actions|Created|Changed|Deleted)\b"
)
GROUPED_YEAR = re.compile(r"\b20[0-9]\s[0-9]{3}\b|\b2[\s\u00a0\u202f]0[0-9]{2}\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(text).split())


def test_no_admin_page_shows_english_or_a_grouped_year(world):
    scene, objects = world
    client = Client()
    client.force_login(scene.staff)
    found = {}
    for name in ADMIN_MODEL_PAGES:
        if ALL[name][-2] != 200:  # the superuser's column: pages staff do not get
            continue
        response = client.get(reverse(name, args=_args(name, objects)))
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        text = visible_text(response.content.decode())
        words = sorted(set(ENGLISH.findall(text)))
        years = sorted(set(GROUPED_YEAR.findall(text)))
        if words or years:
            found[name] = words + years
    found.setdefault("admin:index", [])
    index = visible_text(client.get(reverse("admin:index")).content.decode())
    found["admin:index"] += sorted(set(ENGLISH.findall(index)))
    assert {name: words for name, words in found.items() if words} == {}
