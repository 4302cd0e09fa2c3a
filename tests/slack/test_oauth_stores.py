"""The installations behind many workspaces: slack_sdk's stores on the store's database, the
lookups a worker keeps for a few seconds, and a workspace's token and installer."""

from __future__ import annotations

from pathlib import Path

from slack_sdk.oauth.installation_store import Installation

from bot.slack.oauth import CachedInstallations, InstalledTokens, stores


def installation(team: str, token: str, user: str, enterprise: str | None = None) -> Installation:
    return Installation(
        app_id="A0001",
        enterprise_id=enterprise,
        team_id=team,
        bot_token=token,
        bot_id=f"B{team}",
        bot_user_id=f"UBOT{team}",
        bot_scopes="chat:write",
        user_id=user,
    )


def test_a_saved_installation_gives_its_workspace_s_token_and_installer(tmp_path: Path) -> None:
    found, _ = stores(str(tmp_path / "store.sqlite"), "1111.2222")
    tokens = InstalledTokens(CachedInstallations(found))
    found.save(installation("T1", "xoxb-t1", "U0001"))
    found.save(installation("T2", "xoxb-t2", "U0002", enterprise="E1"))
    assert (tokens.bot_token("T1"), tokens.installer("T1")) == ("xoxb-t1", "U0001")
    assert (tokens.bot_token("E1:T2"), tokens.installer("E1:T2")) == ("xoxb-t2", "U0002")
    assert tokens.bot_token("T9") is None


def test_lookups_are_kept_until_a_save_or_delete_here_or_the_ttl(tmp_path: Path) -> None:
    found, _ = stores(str(tmp_path / "store.sqlite"), "1111.2222")
    cached = CachedInstallations(found, ttl=60)
    tokens = InstalledTokens(cached)
    assert tokens.bot_token("T1") is None
    found.save(installation("T1", "xoxb-t1", "U0001"))  # saved by another worker
    assert tokens.bot_token("T1") is None  # kept: this worker looks again after the ttl
    cached.save(installation("T1", "xoxb-t1b", "U0001"))  # saved here: forgotten at once
    assert tokens.bot_token("T1") == "xoxb-t1b"
    cached.delete_all(enterprise_id=None, team_id="T1")
    assert tokens.bot_token("T1") is None


def test_the_tables_are_made_once_whoever_opens_first(tmp_path: Path) -> None:
    where = str(tmp_path / "store.sqlite")
    first, _ = stores(where, "1111.2222")
    first.save(installation("T1", "xoxb-t1", "U0001"))
    again, _ = stores(where, "1111.2222")
    assert again.find_bot(enterprise_id=None, team_id="T1") is not None


def test_a_revoked_bot_token_is_no_longer_used(tmp_path: Path) -> None:
    found, _ = stores(str(tmp_path / "store.sqlite"), "1111.2222")
    cached = CachedInstallations(found)
    tokens = InstalledTokens(cached)
    cached.save(installation("T1", "xoxb-t1", "U0001"))
    cached.delete_bot(enterprise_id=None, team_id="T1")  # what tokens_revoked does
    assert tokens.bot_token("T1") is None
