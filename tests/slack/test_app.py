"""Requests that are not from Slack are refused; url_verification is answered."""

from __future__ import annotations

import json
import time

from tests.slack.conftest import FLAGGED, Bot
from tests.slack.fakeslack import Signed, dispatch, fixture


def test_a_bad_signature_gets_401_and_no_tip(bot: Bot) -> None:
    signed = bot.slack.signed(bot.slack.message(FLAGGED))
    signed.headers["X-Slack-Signature"] = "v0=" + "0" * 64

    response = dispatch(bot.app, signed)

    assert response.status == 401
    assert bot.tips() == []


def test_a_body_changed_after_signing_gets_401(bot: Bot) -> None:
    signed = bot.slack.signed(bot.slack.message("Thanks!"))
    forged = Signed(signed.body.replace("Thanks!", FLAGGED), signed.headers)

    assert dispatch(bot.app, forged).status == 401


def test_a_stale_timestamp_gets_401(bot: Bot) -> None:
    response = bot.send(bot.slack.message(FLAGGED), timestamp=int(time.time()) - 6 * 60)

    assert response.status == 401
    assert bot.tips() == []


def test_url_verification_echoes_the_challenge(bot: Bot) -> None:
    body = fixture("events/url_verification.json")

    response = bot.send(body)

    assert response.status == 200
    assert json.loads(response.body) == {"challenge": body["challenge"]}
