"""Reachability checks of the services the portal depends on."""

import uuid

from django.core.cache import cache
from django.db import connection

from .celery import app


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
