"""Kombu's Redis transport, with a guard that keeps a worker alive when Redis is lost.

celery 5.7 / kombu 5.7: when the broker goes away while a worker holds a task and polls for
the next one, the consumer closes its connection twice. The first close fails on the poll that
was in flight and leaves the channel open; it then detaches the transport from its connection.
The second close reaches the channel again, which tries to put its unacknowledged message back
and asks the detached transport for Redis's address: ``AttributeError: 'NoneType' object has no
attribute 'hostname'``, which Celery treats as unrecoverable, and the worker exits.

Here a channel whose connection has been closed says so as a connection error, which kombu and
Celery already handle: the close is finished, the worker reconnects, and the message stays in
Redis's unacknowledged set, from where the visibility timeout redelivers it (the database-driven
resumption of jobs usually takes it over first). ``nns_portal/celery.py`` selects this class
whenever the broker URL is redis://.
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict:
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError("The broker connection of this channel is closed.")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
