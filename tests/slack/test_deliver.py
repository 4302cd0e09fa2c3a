"""Slack saying no after the ack: Web API errors are logged by code, retried or dropped."""

from __future__ import annotations

import logging
from urllib.error import URLError

import pytest

from tests.slack.conftest import FLAGGED, Bot

PRIVATE = "Honestly Zebulon, I don't know; we'll get back to you soon."


def test_not_in_channel_is_logged_by_code_and_dropped(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.queue("chat.postEphemeral", "error.not_in_channel")
    with caplog.at_level(logging.INFO, logger="phrasebot"):
        bot.post(FLAGGED)
        bot.settle()

    assert bot.methods() == ["chat.postEphemeral"]
    assert "chat.postEphemeral: not_in_channel {'channel': 'C0001', 'user': 'U0001'}: dropped" in (
        caplog.text
    )


def test_channel_not_found_is_logged_by_code_and_dropped(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.queue("chat.postEphemeral", "error.channel_not_found")
    with caplog.at_level(logging.INFO, logger="phrasebot"):
        bot.post(FLAGGED)
        bot.settle()

    assert bot.methods() == ["chat.postEphemeral"]
    assert "chat.postEphemeral: channel_not_found" in caplog.text


def test_a_rate_limit_waits_retry_after_then_delivers_exactly_one_tip(bot: Bot) -> None:
    bot.fake.ratelimit("chat.postEphemeral", retry_after=7)
    bot.post(FLAGGED)

    assert len(bot.tips()) == 2  # the refused one, then the delivered one
    assert bot.slept == [7.0]
    assert (
        bot.fake.calls("chat.postEphemeral")[0].args == bot.fake.calls("chat.postEphemeral")[1].args
    )


def test_a_rate_limit_that_never_lifts_gives_up_after_four_tries(bot: Bot) -> None:
    for _ in range(4):
        bot.fake.ratelimit("chat.postEphemeral")
    bot.post(FLAGGED)

    assert len(bot.tips()) == 4
    assert bot.slept == [1.0, 1.0, 1.0]


def test_invalid_auth_is_logged_clearly_and_the_app_keeps_going(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.queue("chat.postEphemeral", "error.invalid_auth")
    with caplog.at_level(logging.INFO, logger="phrasebot"):
        bot.post(FLAGGED, ts="1700000000.000100")
        bot.settle()
    bot.post(FLAGGED, ts="1700000000.000200")

    assert "chat.postEphemeral: invalid_auth: the bot token is not accepted" in caplog.text
    assert len(bot.tips()) == 2


def test_message_text_never_reaches_the_logs(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    bot.fake.queue("chat.postEphemeral", "error.not_in_channel")
    # INFO is what `phrasebot serve` runs at (slack_sdk logs request bodies at DEBUG).
    with caplog.at_level(logging.INFO), caplog.at_level(logging.DEBUG, logger="phrasebot.slack"):
        bot.post(PRIVATE)
        bot.command("/check", PRIVATE)
        bot.settle()

    assert "tip to U0001 in C0001 for dont-know,vague-timeline" in caplog.text
    assert "Zebulon" not in caplog.text
    assert "Honestly" not in caplog.text


def test_a_503_backs_off_with_jitter_then_delivers_one_tip(bot: Bot) -> None:
    bot.fake.queue("chat.postEphemeral", {"ok": False, "error": "service_unavailable"}, status=503)
    bot.post(FLAGGED)

    assert len(bot.tips()) == 2  # the refused one, then the delivered one
    [wait] = bot.slept
    assert 0.25 <= wait < 0.5  # backoff 0.5 s, jittered into [0.5x, 1x)


def test_a_500_with_retry_after_waits_that_long(bot: Bot) -> None:
    bot.fake.queue(
        "chat.postEphemeral",
        {"ok": False, "error": "fatal_error"},
        status=500,
        headers={"Retry-After": "3"},
    )
    bot.post(FLAGGED)

    assert len(bot.tips()) == 2
    assert bot.slept == [3.0]


def test_5xx_that_never_ends_gives_up_after_four_tries_with_growing_bounded_waits(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(4):
        bot.fake.queue("chat.postEphemeral", {"ok": False, "error": "internal_error"}, status=500)
    with caplog.at_level(logging.INFO, logger="phrasebot"):
        bot.post(FLAGGED)
        assert len(bot.tips()) == 4
    assert len(bot.slept) == 3
    for attempt, wait in enumerate(bot.slept, start=1):
        ceiling = 0.5 * 2 ** (attempt - 1)
        assert ceiling / 2 <= wait < ceiling
    assert "chat.postEphemeral: internal_error, gave up after 4 tries" in caplog.text


def test_a_post_that_timed_out_is_not_posted_again(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.deliver.client.timeout = 0.5
    bot.fake.queue("chat.postEphemeral", "chat.postEphemeral.ok", delay=1.5)
    with caplog.at_level(logging.INFO, logger="phrasebot"):
        bot.post(FLAGGED)
        bot.settle()

    assert len(bot.tips()) == 1  # it may have been shown: a second post would show it twice
    assert bot.slept == []
    assert "chat.postEphemeral: TimeoutError, maybe delivered: not sent again" in caplog.text


def test_a_response_url_post_that_timed_out_is_not_sent_again(bot: Bot) -> None:
    calls: list[dict[str, object]] = []

    def respond(**args: object) -> object:
        calls.append(args)
        raise TimeoutError("timed out")

    assert bot.deliver.respond(respond, {"text": "tip"}) is False
    assert len(calls) == 1


def test_a_response_url_post_whose_connection_was_refused_is_tried_again(bot: Bot) -> None:
    calls: list[dict[str, object]] = []

    def respond(**args: object) -> object:
        calls.append(args)
        raise URLError(ConnectionRefusedError(111, "refused"))

    assert bot.deliver.respond(respond, {"text": "tip"}) is False
    assert len(calls) == 2
