"""Many workspaces: Slack's OAuth install flow through the real server and the fake Web API.

`phrasebot serve --http --workers 2` runs with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and the
signing secret, and no bot token. Two workspaces install it as a person would (the install
link, Slack's authorize page skipped, the redirect back with a code); each one's events are
tipped with its own bot token; one that never installed it gets nothing, and nothing breaks;
one that uninstalls it is forgotten.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.slack.oauth import CACHE_SECONDS
from tests.pg import URL, fresh_schema
from tests.slack.conftest import FLAGGED
from tests.slack.fakeslack import FakeSlack, fixture
from tests.slack.served import Served, flagged_event, post_signed, serve

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fedcba9876543210fedcba9876543210"
MANY = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
}
ACME = ("T0ACME", "code-acme", "xoxb-acme-0001", "U0ACME1")
GLOBEX = ("T0GLOBEX", "code-globex", "xoxb-globex-0002", "U0GLOBEX1")


@pytest.fixture(scope="module")
def served(fake_server: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("oauth")
    if URL:
        with fresh_schema() as url:
            running = serve(folder, fake_server.api_url, workers=2, database=url, env=MANY)
            yield running
            running.stop()
    else:
        running = serve(folder, fake_server.api_url, workers=2, env=MANY)
        yield running
        running.stop()


def get(served: Served, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        conn.close()


def install(served: Served, fake: FakeSlack, team: str, code: str, token: str, user: str) -> str:
    """Install the app into `team` as its `user` would; the page Slack's redirect shows."""
    fake.workspace(team, code=code, token=token, installer=user)
    status, headers, _ = get(served, "/slack/install")
    assert status == 302
    location = urlsplit(headers["location"])
    query = parse_qs(location.query)
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "slack.com",
        "/oauth/v2/authorize",
    )
    assert query["client_id"] == [CLIENT_ID]
    assert "chat:write" in query["scope"][0].split(",")
    cookie = headers["set-cookie"].split(";")[0]
    assert cookie.endswith("=" + query["state"][0])
    status, _, page = get(
        served, f"/slack/oauth_redirect?code={code}&state={query['state'][0]}", cookie
    )
    assert status == 200, page
    return page.decode()


def tip_for(fake: FakeSlack, n: int) -> list[str]:
    """The tokens of the tips for event n, so far."""
    return [
        c.token
        for c in fake.calls("chat.postEphemeral")
        if c.args["thread_ts"] == f"1700000000.{n:06d}"
    ]


def test_two_workspaces_install_it_and_each_is_tipped_with_its_own_token(
    served: Served, fake: FakeSlack
) -> None:
    install(served, fake, *ACME)
    install(served, fake, *GLOBEX)
    assert [c.args["code"] for c in fake.calls("oauth.v2.access")] == ["code-acme", "code-globex"]

    assert post_signed(served.port, flagged_event(1, text=FLAGGED, team="T0ACME")) == 200
    assert post_signed(served.port, flagged_event(2, text=FLAGGED, team="T0GLOBEX")) == 200
    fake.wait_for("chat.postEphemeral", 2, timeout=20)

    assert (tip_for(fake, 1), tip_for(fake, 2)) == (["xoxb-acme-0001"], ["xoxb-globex-0002"])


def test_an_enterprise_grid_org_install_tips_every_workspace_of_the_org(
    served: Served, fake: FakeSlack
) -> None:
    fake.workspace(
        "E0ORG",
        code="code-org",
        token="xoxb-org-0003",
        installer="W0ORG1",
        enterprise="E0ORG",
        org_install=True,
    )
    _, headers, _ = get(served, "/slack/install")
    state = parse_qs(urlsplit(headers["location"]).query)["state"][0]
    cookie = headers["set-cookie"].split(";")[0]
    assert get(served, f"/slack/oauth_redirect?code=code-org&state={state}", cookie)[0] == 200

    body = json.loads(flagged_event(6, text=FLAGGED, team="T0INORG"))
    body["enterprise_id"] = "E0ORG"
    body["authorizations"] = [
        {
            "enterprise_id": "E0ORG",
            "team_id": None,
            "user_id": "UBOT0001",
            "is_bot": True,
            "is_enterprise_install": True,
        }
    ]
    assert post_signed(served.port, json.dumps(body)) == 200
    fake.wait_for("chat.postEphemeral", 1, timeout=20)
    assert tip_for(fake, 6) == ["xoxb-org-0003"]


def test_an_install_link_with_a_forged_state_is_refused(served: Served, fake: FakeSlack) -> None:
    fake.workspace("T0EVIL", code="code-evil", token="xoxb-evil-0001", installer="U0EVIL")
    status, _, _ = get(served, "/slack/oauth_redirect?code=code-evil&state=forged", "x=y")
    assert status != 200
    assert fake.calls("oauth.v2.access") == []


def test_an_event_from_a_workspace_that_never_installed_it_gets_nothing(
    served: Served, fake: FakeSlack
) -> None:
    install(served, fake, *ACME)
    assert post_signed(served.port, flagged_event(3, text=FLAGGED, team="T0NOBODY")) == 200
    assert post_signed(served.port, flagged_event(4, text=FLAGGED, team="T0ACME")) == 200
    fake.wait_for("chat.postEphemeral", 1, timeout=20)
    time.sleep(1.0)
    assert (tip_for(fake, 3), tip_for(fake, 4)) == ([], ["xoxb-acme-0001"])
    assert served.get("/healthz") == (200, b"ok")
    assert "Traceback" not in served.text()


def revoked_or_uninstalled(team: str, event: dict[str, object], n: int) -> str:
    body = fixture("events/message_channel.json")
    body.update(team_id=team, event_id=f"EvGONE{n}")
    body["event"] = {**event, "event_ts": f"1700000001.00000{n}"}
    for auth in body["authorizations"]:
        auth["team_id"] = team
    return json.dumps(body)


def test_an_uninstalled_workspace_and_one_whose_tokens_were_revoked_are_forgotten(
    served: Served, fake: FakeSlack
) -> None:
    install(served, fake, *GLOBEX)
    install(served, fake, "T0INITECH", "code-initech", "xoxb-initech-0004", "U0INITECH1")
    uninstalled = revoked_or_uninstalled("T0GLOBEX", {"type": "app_uninstalled"}, 1)
    revoked = revoked_or_uninstalled(
        "T0INITECH", {"type": "tokens_revoked", "tokens": {"bot": ["UBOTT0INITECH"]}}, 2
    )
    assert post_signed(served.port, uninstalled) == 200
    assert post_signed(served.port, revoked) == 200
    time.sleep(CACHE_SECONDS + 1)  # every worker's cached token runs out
    assert post_signed(served.port, flagged_event(5, text=FLAGGED, team="T0GLOBEX")) == 200
    assert post_signed(served.port, flagged_event(8, text=FLAGGED, team="T0INITECH")) == 200
    time.sleep(1.5)
    assert (tip_for(fake, 5), tip_for(fake, 8)) == ([], [])


def test_nothing_here_left_a_traceback(served: Served) -> None:
    assert "Traceback" not in served.text()
    assert Path(served.log).exists()
