"""Reachability checks of the services the portal depends on, and whether each queue has a
worker taking its tasks (beat's heartbeats)."""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .celery import app
from .emails import absolute_url, render_draft
from .models import WorkerHeartbeat
from .outbox import outbox_queue


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_reachable() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def cache_reachable() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=5)
        return cache.get(key) == "ok"
    except Exception:
        return False


def service_status() -> dict[str, bool]:
    return {
        "database": database_reachable(),
        "broker": broker_reachable(),
        "cache": cache_reachable(),
    }


def heartbeat_record(*, queue: str, now: datetime.datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(queue=queue, defaults={"at": now or timezone.now()})


def worker_status(*, now: datetime.datetime | None = None) -> dict[str, dict[str, object]]:
    """Each queue's last heartbeat, in seconds ago, and whether it is recent enough. A queue
    never heard from (no worker since the portal was installed, or no beat) is not reported."""
    now = now or timezone.now()
    silent_after = settings.WORKER_SILENT_SECONDS
    status = {}
    for beat in WorkerHeartbeat.objects.order_by("queue"):
        ago = int((now - beat.at).total_seconds())
        status[beat.queue] = {"last_seen_seconds_ago": ago, "ok": ago <= silent_after}
    return status


def silent_queues(*, now: datetime.datetime | None = None) -> list[WorkerHeartbeat]:
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.WORKER_SILENT_SECONDS)
    return list(WorkerHeartbeat.objects.filter(at__lt=since).order_by("queue"))


def worker_problems(
    *, hostname: str, queues: set[str], timeout: float, now: datetime.datetime | None = None
) -> list[str]:
    """What keeps a worker from doing its work, for its healthcheck: it does not answer, is not
    subscribed to one of its queues, or beat's heartbeat has not reached one of them lately
    (then either the worker takes no tasks, or beat is down and unhealthy too)."""
    answer = app.control.inspect(destination=[hostname], timeout=timeout).active_queues() or {}
    if hostname not in answer:
        return [_("The worker %(hostname)s does not answer.") % {"hostname": hostname}]
    consumed = {queue["name"] for queue in answer[hostname]}
    problems = [
        _("The worker does not consume the queue %(queue)s.") % {"queue": queue}
        for queue in sorted(queues - consumed)
    ]
    problems += [silence_described(beat) for beat in silent_queues(now=now) if beat.queue in queues]
    return problems


QUEUE_WORDS = {
    "mail": gettext_lazy("e-mail waits to be sent"),
    "bulk": gettext_lazy("invitations, letters and invoice runs wait"),
    "housekeeping": gettext_lazy("reminders and the resumption of stopped jobs wait"),
}


def silence_described(beat: WorkerHeartbeat) -> str:
    """What staff read, on the start page and atop every admin page, about a silent queue."""
    return _(
        "No worker has taken the queue %(queue)s since %(since)s: %(what)s. See README, Production."
    ) % {
        "queue": beat.queue,
        "since": timezone.localtime(beat.at).strftime("%Y-%m-%d %H:%M"),
        "what": QUEUE_WORDS.get(beat.queue, ""),
    }


def silent_workers_warn(*, now: datetime.datetime | None = None) -> int:
    """E-mail staff once per queue and silence (the key names the last heartbeat). The e-mail
    goes through the outbox: if the mail queue is the silent one, it waits for its worker, and
    the office's start page says so meanwhile."""
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    drafts = [
        render_draft(
            key=f"workers-silent:{beat.queue}:{beat.at.isoformat()}:user:{user.pk}",
            category="workers_silent",
            to=user.email,
            template="email/workers_silent",
            context={"beat": beat, "url": absolute_url(reverse("healthz"))},
            language=settings.LANGUAGE_CODE,
        )
        for beat in silent_queues(now=now)
        for user in staff
    ]
    return outbox_queue(drafts=drafts)
