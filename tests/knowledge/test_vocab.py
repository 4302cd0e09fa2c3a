"""The vocabulary kept in the index: word counts and typo keys follow every change exactly."""

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bot.knowledge import files as kbfiles
from bot.knowledge import vocab
from bot.knowledge.index import FIELDS, Index, _terms
from tests.conftest import DATA

SMALL_KB = DATA / "knowledge" / "small"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SMALL_KB, tmp_path / "kb"))


def edit(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


def recount(folder: Path) -> Counter[str]:
    """Entry counts per form, from the files themselves (what the index must agree with)."""
    fixes, _ = kbfiles.load(folder)
    counts: Counter[str] = Counter()
    for fix in fixes:
        counts.update(vocab.entry_forms(_terms(f.text(fix)) for f in FIELDS))
    return counts


def stored(index: Index) -> dict[str, int]:
    return dict(index._db.execute("SELECT term, docs FROM df"))


def test_the_counts_are_those_of_the_entries(folder: Path) -> None:
    index = Index(":memory:")
    index.sync(folder)
    assert stored(index) == dict(recount(folder))


def test_an_edit_adds_and_removes_only_what_changed(folder: Path) -> None:
    index = Index(":memory:")
    index.sync(folder)
    edit(folder / "network.yaml", "- id: scanner-dead\n  title: Scanner is dead\n  fix: Charge.\n")
    edit(folder / "more.yaml", "- id: printer-two\n  title: Receipt printer jam\n  fix: Open it.\n")
    index.sync(folder)
    assert stored(index) == dict(recount(folder))
    assert index.counts(["printer", "offline", "scanner"]) == {"printer": 1, "scanner": 1}


def test_a_removed_file_takes_its_forms_away(folder: Path) -> None:
    index = Index(":memory:")
    index.sync(folder)
    (folder / "network.yaml").unlink()
    index.sync(folder)
    assert stored(index) == dict(recount(folder))
    assert index.counts(["offline", "printer"]) == {}


def test_a_misspelt_word_finds_forms_one_edit_away(folder: Path) -> None:
    index = Index(":memory:")
    index.sync(folder)
    assert "printer" in index.near("prnter")
    assert "printer" in index.near("printre")  # two neighbours swapped share a key too
    (folder / "network.yaml").unlink()
    index.sync(folder)
    assert "printer" not in index.near("prnter")


def test_typo_keys_are_the_word_with_each_letter_deleted() -> None:
    assert vocab.keys("cat") == {"cat", "at", "ct", "ca"}


def test_a_failed_sync_leaves_the_counts_as_they_were(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = Index(":memory:")
    index.sync(folder)
    before = stored(index)
    edit(folder / "network.yaml", "- id: scanner-dead\n  title: Scanner is dead\n  fix: Charge.\n")

    def broken(*_: object) -> None:
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(vocab, "apply", broken)
    with pytest.raises(RuntimeError):
        index.sync(folder)
    assert stored(index) == before
    assert index.get("router-red-light") is not None
