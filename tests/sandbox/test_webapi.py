"""The recording Web API: what it records of what it is sent."""

import socket
import time
from urllib.parse import urlparse

from bot.sandbox.webapi import WebApi


def _post(api: WebApi, body: bytes, length: int) -> None:
    where = urlparse(api.url)
    with socket.create_connection((where.hostname, where.port), timeout=5) as conn:
        conn.sendall(
            b"POST /api/chat.postEphemeral HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
            + body
        )
        if length == len(body):
            conn.recv(4096)  # the answer: the call is recorded before it is sent


def test_a_post_cut_off_mid_body_is_not_recorded() -> None:
    api = WebApi().start()
    try:
        whole = b"channel=C1&user=U1&text=hi&thread_ts=1.2"
        _post(api, whole[:20], len(whole))  # the sender dies: the socket closes short
        _post(api, whole, len(whole))
        deadline = time.monotonic() + 5
        while not api.calls("chat.postEphemeral") and time.monotonic() < deadline:
            time.sleep(0.01)
        calls = api.calls("chat.postEphemeral")
        assert [c.args.get("thread_ts") for c in calls] == ["1.2"]
    finally:
        api.close()
