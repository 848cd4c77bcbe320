"""What the live pages ask every 0.7 seconds, kept in the cache (Redis in production) so that
150 phones asking do not each read the database: the state of a meeting is stored under its
version, and every change that the pages show (an item taken up, a vote opened, a ballot in,
a vote closed) moves the version on once it is committed. A reader that computed the state
from before a change stores it under the old version, where nobody looks any more."""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

STATE_SECONDS = 30
SEES_SECONDS = 60


def _version_key(meeting_id: int) -> str:
    return f"meetings:live:{meeting_id}:version"


def live_changed(*, meeting_id: int) -> None:
    """Called by the services that change what the live pages show."""

    def bump() -> None:
        try:
            cache.incr(_version_key(meeting_id))
        except ValueError:
            cache.set(_version_key(meeting_id), 1, timeout=None)

    transaction.on_commit(bump)


def live_state_cached(*, meeting_id: int, compute: Callable[[], dict]) -> dict:
    version = cache.get_or_set(_version_key(meeting_id), 1, timeout=None)
    key = f"meetings:live:{meeting_id}:state:{version}"
    state = cache.get(key)
    if state is None:
        state = compute()
        cache.set(key, state, timeout=STATE_SECONDS)
    return state


def sees_meeting_cached(*, meeting_id: int, user_id: int, check: Callable[[], bool]) -> bool:
    """Whether the user sees the meeting, as ``check`` says, remembered for a minute (a role
    that ends is seen by the live state a minute later at most)."""
    key = f"meetings:live:{meeting_id}:sees:{user_id}"
    sees = cache.get(key)
    if sees is None:
        sees = check()
        cache.set(key, sees, timeout=SEES_SECONDS)
    return sees
