"""Many workspaces: Slack's OAuth install flow, and the installations it leaves.

slack_sdk's own SQLAlchemy installation and state stores keep the installations (bot tokens,
who installed, Enterprise Grid org installs) and the OAuth states, in the same database as
the rest: PostgreSQL when PHRASEBOT_DATABASE_URL is set, else the SQLite store file. They are
Slack's tested code for exactly this, and they make an install on one worker good on all.

Bolt's `OAuthSettings` serves GET /slack/install (a redirect to Slack's authorize page with the
client id, the scopes and a state, which a cookie also carries) and GET /slack/oauth_redirect
(the state checked, the code exchanged with oauth.v2.access, the installation saved). Each
request is then authorized with the token of the workspace it came from; one from a workspace
that has no installation gets no answer from the listeners, only Bolt's refusal, and no crash.
`app_uninstalled` and `tokens_revoked` delete that workspace's tokens (Bolt's own listeners).

Lookups are cached for a few seconds per worker: Bolt looks up the token on every request.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.slack import ids
from bot.slack.workspaces import key_parts
from bot.store import is_postgres

log = logging.getLogger("phrasebot.slack")

CACHE_SECONDS = 10.0  # how long a worker trusts a token it looked up (an uninstall shows after)
STATE_SECONDS = 600  # an install link is good for ten minutes
_CREATING = 0x70687261  # an advisory lock id: workers creating the tables one at a time


def engine_for(where: str) -> sqlalchemy.Engine:
    """An SQLAlchemy engine on the store's database: a postgresql:// URL or a SQLite path."""
    if is_postgres(where):
        url = "postgresql+psycopg://" + where.split("://", 1)[1]
        return sqlalchemy.create_engine(url, pool_size=2, max_overflow=4, pool_pre_ping=True)
    if where == ":memory:":
        return sqlalchemy.create_engine(
            "sqlite://",
            poolclass=sqlalchemy.pool.StaticPool,
            connect_args={"check_same_thread": False},
        )
    Path(where).parent.mkdir(parents=True, exist_ok=True)
    return sqlalchemy.create_engine(f"sqlite:///{where}", connect_args={"timeout": 10})


def stores(
    where: str, client_id: str
) -> tuple[SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore]:
    """slack_sdk's installation and state stores on the store's database, tables made."""
    engine = engine_for(where)
    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=log)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine, logger=log)
    for attempt in (1, 2):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(
                        sqlalchemy.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CREATING}
                    )
                installations.metadata.create_all(conn)
                states.metadata.create_all(conn)
            break
        except sqlalchemy.exc.OperationalError:  # SQLite: another worker made them meanwhile
            if attempt == 2:
                raise
    return installations, states


class CachedInstallations(InstallationStore):
    """An installation store whose lookups are kept `ttl` seconds; saves and deletes go
    straight through (and forget what was kept here for that workspace)."""

    def __init__(self, inner: InstallationStore, *, ttl: float = CACHE_SECONDS) -> None:
        self.inner = inner
        self.ttl = ttl
        self._kept: dict[tuple[Any, ...], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.inner.save(installation)
        self._forget()

    def save_bot(self, bot: Bot) -> None:
        self.inner.save_bot(bot)
        self._forget()

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found: Bot | None = self._kept_or(
            ("bot", enterprise_id, team_id, bool(is_enterprise_install)),
            lambda: self.inner.find_bot(
                enterprise_id=enterprise_id,
                team_id=team_id,
                is_enterprise_install=is_enterprise_install,
            ),
        )
        return found

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found: Installation | None = self._kept_or(
            ("installation", enterprise_id, team_id, user_id, bool(is_enterprise_install)),
            lambda: self.inner.find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            ),
        )
        return found

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self._forget()

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.inner.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
        self._forget()

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self._forget()

    def _kept_or(self, key: tuple[Any, ...], look: Any) -> Any:
        now = time.monotonic()
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        found = look()
        with self._lock:
            self._kept[key] = (now + self.ttl, found)
        return found

    def _forget(self) -> None:
        with self._lock:
            self._kept.clear()


class InstalledTokens:
    """A workspace's bot token and installer, from the installations (bot.slack.workspaces)."""

    def __init__(self, installations: InstallationStore) -> None:
        self.installations = installations

    def bot_token(self, key: str) -> str | None:
        """The token Bolt authorizes the workspace's requests with (a revoked one is gone)."""
        enterprise, team, org = key_parts(key)
        found: Bot | None = self.installations.find_bot(
            enterprise_id=enterprise, team_id=team, is_enterprise_install=org
        )
        return None if found is None else found.bot_token

    def installer(self, key: str) -> str | None:
        found = self._installation(key)
        return None if found is None else found.user_id

    def _installation(self, key: str) -> Installation | None:
        enterprise, team, org = key_parts(key)
        found: Installation | None = self.installations.find_installation(
            enterprise_id=enterprise, team_id=team, is_enterprise_install=org
        )
        return found


def oauth_settings(
    client_id: str,
    client_secret: str,
    installations: InstallationStore,
    states: SQLAlchemyOAuthStateStore,
    *,
    redirect_uri: str | None = None,
) -> OAuthSettings:
    """Bolt's install flow: /slack/install redirects to Slack at once (no page of our own)."""
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(ids.BOT_SCOPES),
        redirect_uri=redirect_uri,
        install_page_rendering_enabled=False,
        installation_store=installations,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
        logger=logging.getLogger("phrasebot.bolt"),
    )


def authorize(
    installations: InstallationStore, client_id: str, client_secret: str
) -> InstallationStoreAuthorize:
    """Each request authorized with its workspace's bot token: one lookup (cached), and
    auth.test once per token, not once per request."""
    return InstallationStoreAuthorize(
        logger=logging.getLogger("phrasebot.bolt"),
        installation_store=installations,
        client_id=client_id,
        client_secret=client_secret,
        bot_only=True,
        cache_enabled=True,
    )
