"""`phrasebot serve`: tokens checked up front, the HTTP server on loopback, reloads from disk."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack.serve import Runtime, http_server, on_disk_change, serve
from tests.slack.conftest import AGENT, FLAGGED, LEAD, ROOT, write_rules
from tests.slack.fakeslack import BOT_TOKEN, SECRET, FakeSlack, Requests

TIMEOUT = 10


def start(fake: FakeSlack, folder: Path) -> Runtime:
    return Runtime.start(
        config=str(write_rules(folder, ROOT / "phrasebook")),
        phrasebook=None,
        token=BOT_TOKEN,
        signing_secret=SECRET,
        api_url=fake.api_url,
    )


@pytest.fixture(scope="module")
def runtime(fake_server: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    started = start(fake_server, tmp_path_factory.mktemp("serve"))
    yield started
    started.stop()


@pytest.fixture
def own_runtime(fake: FakeSlack, tmp_path: Path) -> Iterator[Runtime]:
    started = start(fake, tmp_path)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def server(runtime: Runtime) -> Iterator[str]:
    httpd = http_server(runtime.app, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host!s}:{port}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(TIMEOUT)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_a_signed_event_over_http_is_acked_and_tipped(server: str, fake: FakeSlack) -> None:
    signed = Requests(fake).signed(Requests(fake).message(FLAGGED, event_id="EvHTTP0001"))

    status, _ = post(server + "/slack/events", signed.body.encode(), signed.headers)

    assert status == 200
    [tip] = fake.wait_for("chat.postEphemeral", 1, timeout=TIMEOUT)
    assert tip.args["user"] == AGENT


def test_a_bad_signature_over_http_gets_401(server: str, fake: FakeSlack) -> None:
    signed = Requests(fake, secret="f" * 32).signed(Requests(fake).message(FLAGGED))

    status, _ = post(server + "/slack/events", signed.body.encode(), signed.headers)

    assert status == 401


def test_health_says_ok(server: str) -> None:
    with urllib.request.urlopen(server + "/healthz", timeout=TIMEOUT) as response:
        assert (response.status, response.read()) == (200, b"ok")


def test_other_paths_are_not_found(server: str) -> None:
    assert post(server + "/events", b"{}", {"Content-Type": "application/json"})[0] == 404


def test_a_broken_edit_on_disk_is_told_to_the_leads_and_the_old_phrasebook_stays(
    own_runtime: Runtime, fake: FakeSlack
) -> None:
    runtime = own_runtime
    rules = Path(runtime.coach.settings.path)
    rules.write_text(rules.read_text(encoding="utf-8") + "min_level: loud\n", encoding="utf-8")

    on_disk_change(runtime.coach, runtime.kb, runtime.deliver, runtime.leads)

    fake.wait_for("chat.postMessage", 1, timeout=TIMEOUT)
    [_told] = [
        c
        for c in fake.calls("chat.postMessage")
        if c.args["text"].startswith("Someone edited the phrasebook, rules.yaml or the knowledge")
    ]
    assert LEAD in [c.args["users"] for c in fake.calls("conversations.open")]
    assert [f.rule for f in runtime.coach.check("I don't know.").findings] == ["dont-know"]


# -- tokens --------------------------------------------------------------------------------------


@pytest.fixture
def no_tokens(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # and no .env
    return monkeypatch


def run_serve(http: bool = False) -> int:
    return serve(config=None, phrasebook=None, http=http, host="127.0.0.1", port=0)


def test_serve_without_a_bot_token_says_which_and_where(
    no_tokens: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    no_tokens.setenv("SLACK_APP_TOKEN", "xapp-1-A0001-1-abc")

    assert run_serve() == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "phrasebot: SLACK_BOT_TOKEN is not set. It should be the Bot User OAuth Token, xoxb-…: "
        "api.slack.com/apps → your app → OAuth & Permissions."
    )
    assert "Traceback" not in err


def test_serve_with_a_user_token_for_a_bot_token_says_it_looks_wrong(
    no_tokens: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    no_tokens.setenv("SLACK_BOT_TOKEN", "xoxp-1111-2222")
    no_tokens.setenv("SLACK_APP_TOKEN", "xapp-1-A0001-1-abc")

    assert run_serve() == 2
    assert capsys.readouterr().err.startswith(
        "phrasebot: SLACK_BOT_TOKEN does not look right. It should be the Bot User OAuth Token"
    )


def test_socket_mode_with_a_malformed_app_token_points_to_app_level_tokens(
    no_tokens: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    no_tokens.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    no_tokens.setenv("SLACK_APP_TOKEN", "xoxb-not-an-app-token")

    assert run_serve() == 2
    err = capsys.readouterr().err
    assert err.startswith("phrasebot: SLACK_APP_TOKEN does not look right.")
    assert "Basic Information → App-Level Tokens" in err


def test_http_mode_without_a_signing_secret_says_where_to_find_it(
    no_tokens: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    no_tokens.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)

    assert run_serve(http=True) == 2
    assert capsys.readouterr().err.startswith(
        "phrasebot: SLACK_SIGNING_SECRET is not set. It should be the Signing Secret, 32 "
        "hexadecimal characters: api.slack.com/apps → your app → Basic Information"
    )


def test_a_bot_token_slack_refuses_is_told_before_anything_starts(
    no_tokens: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fake: FakeSlack
) -> None:
    no_tokens.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    no_tokens.setenv("SLACK_SIGNING_SECRET", SECRET)
    no_tokens.setenv("SLACK_API_URL", fake.api_url)
    fake.queue("auth.test", "error.invalid_auth")

    assert run_serve(http=True) == 2
    assert capsys.readouterr().err.startswith(
        "phrasebot: Slack refused SLACK_BOT_TOKEN (invalid_auth). It should be the Bot User"
    )
    assert fake.methods() == []  # auth.test only: nothing was served


def test_the_json_body_of_url_verification_comes_back_over_http(
    server: str, fake: FakeSlack
) -> None:
    signed = Requests(fake).signed({"type": "url_verification", "challenge": "c-123"})

    status, body = post(server + "/slack/events", signed.body.encode(), signed.headers)

    assert (status, json.loads(body)) == (200, {"challenge": "c-123"})
