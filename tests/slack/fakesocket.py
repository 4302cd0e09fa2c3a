"""Slack's Socket Mode side, on loopback: the WebSocket that apps.connections.open points to.

The fake Web API (tests/slack/fakeslack.py) answers `apps.connections.open` with this server's
`ws://127.0.0.1:…` URL. On each connection the server says hello, as Slack does; `push` sends
an envelope (`events_api`, `slash_commands` or `interactive`) with a fresh envelope_id, and the
app must answer each with `{"envelope_id": …}` (and, for a command, perhaps a payload), which
`wait_ack` waits for. Envelopes are shaped as Slack documents them, with the same payloads the
HTTP tests send.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    """A Socket Mode server: hello on connect, envelopes out, acks in."""

    def __init__(self) -> None:
        self._server: Server = serve(self._handle, "127.0.0.1", 0, compression=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._connections: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self.opened = 0
        self._changed = threading.Condition()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=fake"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(5)

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                    "connection_info": {"app_id": "A0001"},
                }
            )
        )
        with self._changed:
            self._connections.append(connection)
            self.opened += 1
            self._changed.notify_all()
        try:
            for raw in connection:
                message = json.loads(raw)
                if isinstance(message, dict) and "envelope_id" in message:
                    with self._changed:
                        self.acks[str(message["envelope_id"])] = message
                        self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                self._connections.remove(connection)

    def wait_connected(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._connections:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the app never connected over Socket Mode")
                self._changed.wait(left)

    def push(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        accepts_response_payload: bool = False,
    ) -> str:
        """Send one envelope to the connected app; its envelope_id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope.update(
                retry_attempt=retry_attempt, retry_reason="timeout" if retry_attempt else ""
            )
        with self._changed:
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 3.0) -> dict[str, Any]:
        """The app's ack of an envelope; fails if it is not in within `timeout` (Slack's 3 s)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while envelope_id not in self.acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"envelope {envelope_id} not acked in {timeout} s")
                self._changed.wait(left)
            return self.acks[envelope_id]
