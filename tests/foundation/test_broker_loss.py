"""Redis restarted empty under a real worker that holds a task: the worker stays and goes on.

The worker runs as docker-compose.yml runs the bulk worker (prefork, two processes, the portal's
settings), against a Redis of the test's own, so that restarting it disturbs nothing else.
Without nns_portal/broker.py, celery 5.7 / kombu 5.7 exit here with "Unrecoverable error:
AttributeError('NoneType' object has no attribute 'hostname')".
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nns_portal.celery import app
from tests.conftest import _free_port
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


class _Redis:
    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is needed (Debian's redis-server package)"
        self.process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=10, what="Redis to start")

    def stop(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None

    def _answers(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.ConnectionError:
            return False


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[_Redis]:
    server = _Redis(tmp_path)
    server.start()
    yield server
    server.stop()


def test_the_bulk_worker_survives_redis_restarted_empty_while_it_holds_a_task(
    private_redis: _Redis, tmp_path: Path
):
    url = f"redis://127.0.0.1:{private_redis.port}"
    worker_log, task_log = tmp_path / "worker.log", tmp_path / "tasks.log"
    task_log.touch()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nns_portal.settings.test",
        "CELERY_BROKER_URL": f"{url}/0",
        "CELERY_RESULT_BACKEND": f"{url}/1",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nns_portal",
            "worker",
            "-Q",
            "bulk",
            "--concurrency",
            "2",
            "--pool",
            "prefork",
            "--include",
            "tests.foundation.broker_loss_task",
            "--hostname",
            "broker-loss@%h",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=worker_log.open("w"),
        stderr=subprocess.STDOUT,
    )

    def send(seconds: float, label: str) -> None:
        with app.connection_for_write(f"{url}/0") as connection:
            app.send_task(
                "tests.hold",
                kwargs={"seconds": seconds, "log": str(task_log), "label": label},
                queue="bulk",
                connection=connection,
            )

    try:
        wait_until(lambda: "ready." in worker_log.read_text(), timeout=60, what="the worker")
        send(4, "held")
        wait_until(lambda: "started held" in task_log.read_text(), timeout=20, what="the task")

        private_redis.stop()  # Redis is gone while the worker holds the task and polls for more
        wait_until(
            lambda: "Connection to broker lost" in worker_log.read_text(),
            timeout=20,
            what="the worker to notice",
        )
        private_redis.start()  # back, empty

        wait_until(
            lambda: "finished held" in task_log.read_text(), timeout=30, what="the held task"
        )
        send(0, "after")
        wait_until(
            lambda: "finished after" in task_log.read_text(),
            timeout=60,
            what="a task sent after the restart",
        )
        assert worker.poll() is None, "the worker has exited"
        assert "Unrecoverable error" not in worker_log.read_text()
    except BaseException:
        print(worker_log.read_text())  # what the worker said, in the failure's report
        raise
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
