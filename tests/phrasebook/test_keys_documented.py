"""The keys of a rule file have one source, the loader's KEYS; the leads' guide shows it whole."""

import re

from bot.phrasebook.load import KEYS, REQUIRED
from tests.conftest import ROOT


def documented() -> list[tuple[str, bool, str]]:
    text = (ROOT / "phrasebook" / "README.md").read_text(encoding="utf-8")
    table = text.split("## Every key of a rule file", 1)[1]
    rows = re.findall(r"^\| `([a-z_]+)` \| (yes|) \| (.+) \|$", table, re.MULTILINE)
    return [(name, required == "yes", what) for name, required, what in rows]


def test_the_guide_lists_every_key_as_the_loader_knows_it() -> None:
    assert documented() == [(k.name, k.required, k.what) for k in KEYS]


def test_level_is_not_required_and_defaults_to_warning() -> None:
    assert "level" not in REQUIRED
    assert "`warning` when left out" in next(k.what for k in KEYS if k.name == "level")
