"""The sandbox signs as Slack does: Slack's own SDK computes the same signature and accepts it."""

from __future__ import annotations

from slack_sdk.signature import SignatureVerifier

from bot.sandbox.signing import sign, signature

SECRET = "0123456789abcdef0123456789abcdef"


def test_the_signature_is_slacks() -> None:
    body = '{"type":"event_callback","event":{"text":"אין לי מושג"}}'

    assert signature(SECRET, "1700000000", body) == SignatureVerifier(SECRET).generate_signature(
        timestamp="1700000000", body=body
    )


def test_a_signed_request_passes_slacks_check_and_a_changed_body_does_not() -> None:
    signed = sign("payload=%7B%7D", secret=SECRET, content_type="application/x-www-form-urlencoded")
    verifier = SignatureVerifier(SECRET)
    ts, sig = signed.headers["X-Slack-Request-Timestamp"], signed.headers["X-Slack-Signature"]

    assert verifier.is_valid(body=signed.body, timestamp=ts, signature=sig)
    assert not verifier.is_valid(body=signed.body + "x", timestamp=ts, signature=sig)
    assert signed.headers["Content-Type"] == "application/x-www-form-urlencoded"
