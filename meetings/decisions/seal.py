"""Seals that make a changed ballot or result detectable.

Each ballot is sealed when it is cast: an HMAC (keyed by the portal's secret key) over what it
says: its poll, its association (none in a secret ballot), what it marks and which ballot it
replaces. When the poll closes, the poll's seal chains every ballot's seal in the order they
were cast with the result, so a ballot added, removed or altered afterwards, or a result
edited in the database, no longer matches (``poll_verify``). Ballots are sealed one by one
rather than chained as they come, so that 150 delegates voting at once do not queue on one
row.
"""

import hashlib
import hmac
import json

from django.conf import settings

KEY_PURPOSE = b"nns-portal:ballot-seal"


def _key() -> bytes:
    return hashlib.sha256(KEY_PURPOSE + settings.SECRET_KEY.encode()).digest()


def ballot_seal(
    *, poll_id: int, association_id: int | None, choices: list[int], replaces_id: int | None
) -> str:
    content = json.dumps(
        [poll_id, association_id, sorted(choices), replaces_id], separators=(",", ":")
    )
    return hmac.new(_key(), content.encode(), hashlib.sha256).hexdigest()


def result_seal(*, ballot_seals: list[str], result: dict) -> str:
    chain = hashlib.sha256(b"nns-portal:poll")
    for seal in ballot_seals:
        chain = hashlib.sha256(chain.digest() + bytes.fromhex(seal))
    canonical = json.dumps(result, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), chain.digest() + canonical.encode(), hashlib.sha256).hexdigest()
