"""Read a .env file into the environment: the Slack tokens, for `make run` and `phrasebot serve`."""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from pathlib import Path


def load_dotenv(path: Path, env: MutableMapping[str, str] | None = None) -> None:
    """Read KEY=VALUE lines from a .env file if there is one; the real environment wins."""
    env = os.environ if env is None else env
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        env.setdefault(key, value)
