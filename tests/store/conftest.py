"""Every store test runs on both backends: SQLite, and PostgreSQL when the tests have one.

`store` is a fresh store; `twins` are two stores on one database, as two worker processes
(or two machines) have them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.pg import fresh_schema

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "sqlite":
        made: Store = SqliteStore(":memory:")
        yield made
        made.close()
        return
    with fresh_schema() as url:
        made = PostgresStore(url, pool_size=8)
        yield made
        made.close()


@pytest.fixture(params=BACKENDS)
def twins(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    if request.param == "sqlite":
        path = tmp_path / "phrasebot.sqlite"
        first: Store = SqliteStore(path)
        second: Store = SqliteStore(path)
        yield first, second
        first.close()
        second.close()
        return
    with fresh_schema() as url:
        first, second = PostgresStore(url), PostgresStore(url)
        yield first, second
        first.close()
        second.close()
