"""PostgreSQL for the tests: the server PHRASEBOT_TEST_DATABASE_URL names, a fresh schema per use.

.ci/run sets the variable, so CI always runs these tests against a real server; without it
they are skipped, and the run says so in one line (tests/conftest.py). Each use gets its own
schema, dropped afterwards, so runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

URL = os.environ.get("PHRASEBOT_TEST_DATABASE_URL", "").strip()
SKIPPED = (
    "PostgreSQL tests skipped: PHRASEBOT_TEST_DATABASE_URL is not set "
    "(.ci/run sets it to postgresql://postgres@127.0.0.1:5432/test)"
)
needs_postgres = pytest.mark.skipif(not URL, reason=SKIPPED)


def with_schema(url: str, schema: str) -> str:
    """The URL with every connection's search_path set to `schema`."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose connections work in a new, empty schema; the schema is dropped after."""
    if not URL:
        pytest.skip(SKIPPED)
    name = f"phrasebot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield with_schema(URL, name)
    finally:
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
