"""A local SMTP server that counts what it receives: recipients and Message-IDs."""

import re
import socket
from collections import Counter

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Counting:
    def __init__(self) -> None:
        self.recipients: Counter[str] = Counter()
        self.message_ids: Counter[bytes] = Counter()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        for recipient in envelope.rcpt_tos:
            self.recipients[recipient] += 1
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        self.message_ids[found.group(1) if found else b""] += 1
        return "250 OK"

    @property
    def received(self) -> int:
        return sum(self.message_ids.values())

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.message_ids.values() if n > 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int) -> tuple[Controller, Counting]:
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=0)
    controller.start()
    return controller, handler
