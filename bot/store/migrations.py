"""The store's schema, one script per version, for each backend.

A database at version n gets scripts n+1, n+2, ... applied, each in the same transaction as
the bump of its version number, so a crash cannot half-migrate; a database from a newer
phrasebot is refused. SQLite keeps its version in `PRAGMA user_version`, PostgreSQL in the
table `phrasebot_schema`, and several workers starting at once on one PostgreSQL database
migrate one at a time (an advisory lock).

Message text has one place only: outbox.text and outbox.previous, while a tip is pending; a
CHECK refuses a done job that still holds any. phrasebook_versions holds a workspace's
phrasebook files as its leads edited them (phrasebook content, never a customer's message).
"""

from __future__ import annotations

SQLITE = (
    """
    CREATE TABLE deliveries (id TEXT PRIMARY KEY, seen REAL NOT NULL) WITHOUT ROWID;
    CREATE INDEX deliveries_seen ON deliveries (seen);
    CREATE TABLE tips (user TEXT NOT NULL, at REAL NOT NULL);
    CREATE INDEX tips_user_at ON tips (user, at);
    CREATE TABLE events (
        at REAL NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('shown', 'helpful', 'false_alarm', 'muted')),
        user TEXT NOT NULL,
        channel TEXT NOT NULL,
        rule TEXT NOT NULL,
        lang TEXT NOT NULL
    );
    CREATE INDEX events_at ON events (at);
    CREATE INDEX events_user_at ON events (user, at);
    CREATE TABLE mutes (
        user TEXT NOT NULL, rule TEXT NOT NULL, PRIMARY KEY (user, rule)
    ) WITHOUT ROWID;
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        rule TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE outbox (
        event_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done')),
        accepted REAL NOT NULL,
        lease_until REAL NOT NULL DEFAULT 0,
        reserved INTEGER NOT NULL DEFAULT 0,
        claims INTEGER NOT NULL DEFAULT 0,
        finished REAL,
        user TEXT NOT NULL,
        channel TEXT NOT NULL,
        channel_type TEXT NOT NULL,
        ts TEXT NOT NULL,
        thread_ts TEXT,
        text TEXT,
        previous TEXT,
        CHECK (state != 'done' OR (text IS NULL AND previous IS NULL))
    );
    CREATE INDEX outbox_state ON outbox (state, lease_until);
    CREATE INDEX outbox_user ON outbox (user, reserved);
    CREATE INDEX outbox_finished ON outbox (finished);
    """,
    # A lead's submitted edit, kept from the ack until it is live or refused: phrasebook
    # content the lead wrote (phrases, messages, examples), never a customer's message.
    """
    CREATE TABLE edits (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user TEXT NOT NULL,
        form TEXT NOT NULL,
        fields TEXT NOT NULL
    );
    """,
    # Retries are told apart by the outbox's event ids now.
    """
    DROP TABLE deliveries;
    """,
    # Workspaces: every row names its team. The outbox is a queue many workers take from:
    # a claim names its owner, who renews the lease while alive. A workspace's phrasebook
    # edits are kept as versions, so every worker can make its files match.
    """
    ALTER TABLE outbox ADD COLUMN team TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN owner TEXT;
    DROP INDEX outbox_state;
    DROP INDEX outbox_user;
    CREATE INDEX outbox_open ON outbox (accepted) WHERE state != 'done';
    CREATE INDEX outbox_owner ON outbox (owner) WHERE state = 'claimed';
    CREATE INDEX outbox_reserved ON outbox (team, user) WHERE reserved = 1;
    ALTER TABLE tips ADD COLUMN team TEXT NOT NULL DEFAULT '';
    DROP INDEX tips_user_at;
    CREATE INDEX tips_user_at ON tips (team, user, at);
    ALTER TABLE events ADD COLUMN team TEXT NOT NULL DEFAULT '';
    DROP INDEX events_user_at;
    CREATE INDEX events_user_at ON events (team, user, at);
    CREATE TABLE mutes_by_team (
        team TEXT NOT NULL, user TEXT NOT NULL, rule TEXT NOT NULL,
        PRIMARY KEY (team, user, rule)
    ) WITHOUT ROWID;
    INSERT INTO mutes_by_team (team, user, rule) SELECT '', user, rule FROM mutes;
    DROP TABLE mutes;
    ALTER TABLE mutes_by_team RENAME TO mutes;
    ALTER TABLE audit ADD COLUMN team TEXT NOT NULL DEFAULT '';
    ALTER TABLE edits ADD COLUMN team TEXT NOT NULL DEFAULT '';
    CREATE TABLE phrasebook_versions (
        team TEXT NOT NULL,
        version INTEGER NOT NULL,
        at REAL NOT NULL,
        user TEXT NOT NULL,
        files TEXT NOT NULL,
        PRIMARY KEY (team, version)
    ) WITHOUT ROWID;
    """,
)

# PostgreSQL came later: its first version is SQLite's fifth. "user" is a reserved word there,
# so the columns are user_id.
POSTGRES = (
    """
    CREATE TABLE outbox (
        event_id TEXT PRIMARY KEY,
        team TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done')),
        accepted DOUBLE PRECISION NOT NULL,
        lease_until DOUBLE PRECISION NOT NULL DEFAULT 0,
        owner TEXT,
        reserved BOOLEAN NOT NULL DEFAULT FALSE,
        claims INTEGER NOT NULL DEFAULT 0,
        finished DOUBLE PRECISION,
        user_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        channel_type TEXT NOT NULL,
        ts TEXT NOT NULL,
        thread_ts TEXT,
        text TEXT,
        previous TEXT,
        CHECK (state <> 'done' OR (text IS NULL AND previous IS NULL))
    );
    CREATE INDEX outbox_open ON outbox (accepted) WHERE state <> 'done';
    CREATE INDEX outbox_owner ON outbox (owner) WHERE state = 'claimed';
    CREATE INDEX outbox_reserved ON outbox (team, user_id) WHERE reserved;
    CREATE INDEX outbox_finished ON outbox (finished) WHERE state = 'done';
    CREATE TABLE tips (
        team TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX tips_user_at ON tips (team, user_id, at);
    CREATE TABLE events (
        at DOUBLE PRECISION NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('shown', 'helpful', 'false_alarm', 'muted')),
        team TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        rule TEXT NOT NULL,
        lang TEXT NOT NULL
    );
    CREATE INDEX events_at ON events (at);
    CREATE INDEX events_user_at ON events (team, user_id, at);
    CREATE TABLE mutes (
        team TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        PRIMARY KEY (team, user_id, rule)
    );
    CREATE TABLE audit (
        id BIGSERIAL PRIMARY KEY,
        at DOUBLE PRECISION NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL,
        action TEXT NOT NULL,
        rule TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX audit_team_at ON audit (team, at);
    CREATE TABLE edits (
        id BIGSERIAL PRIMARY KEY,
        at DOUBLE PRECISION NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL,
        form TEXT NOT NULL,
        fields TEXT NOT NULL
    );
    CREATE TABLE phrasebook_versions (
        team TEXT NOT NULL,
        version INTEGER NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        user_id TEXT NOT NULL,
        files TEXT NOT NULL,
        PRIMARY KEY (team, version)
    );
    """,
)


def newer(found: int, known: int, where: str) -> RuntimeError:
    """The error for a database whose schema is newer than this phrasebot's."""
    return RuntimeError(
        f"store schema version {found} is newer than this phrasebot's ({known}): "
        f"upgrade phrasebot or point {where} elsewhere"
    )
