from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .health import silence_described, silent_queues


def worker_silence(request: HttpRequest) -> dict[str, object]:
    """For staff, what each queue without a worker leaves waiting; asked only by the admin's
    pages, which show it above everything else."""

    def warnings() -> list[str]:
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.is_staff):
            return []
        return [silence_described(beat) for beat in silent_queues()]

    return {"worker_silence": SimpleLazyObject(warnings)}
