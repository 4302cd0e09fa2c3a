"""The SQLite index: built from the folder, kept in step with it, never left half-updated."""

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import files as kbfiles
from bot.knowledge import index as kbindex
from bot.knowledge.files import FileResult
from bot.knowledge.index import Index
from bot.knowledge.search import KnowledgeBase
from tests.conftest import DATA
from tests.knowledge.test_files import line_form

SMALL_KB = DATA / "knowledge" / "small"
SMALL_IDS = [
    "card-reader-frozen",
    "he-modem-reset",
    "printer-paper-jam",
    "router-red-light",
    "ru-bill-missing",
]
QUERIES = ["router red light", "receipt printer paper jam", "card reader frozen", "счет"]
NEW_ENTRY = "- id: scanner-dead\n  title: Barcode scanner is dead\n  fix: Charge it overnight.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the small base that a test may change."""
    return Path(shutil.copytree(SMALL_KB, tmp_path / "kb"))


@pytest.fixture
def kb(folder: Path, tmp_path: Path) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase(folder, tmp_path / "index.sqlite")
    yield base
    base.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files read from now on."""
    calls: list[str] = []
    real = kbfiles.read_file

    def counting(path: Path) -> FileResult:
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(kbfiles, "read_file", counting)
    return calls


def edit(path: Path, text: str) -> None:
    """Write a file and move its clock on, so no test depends on timestamp granularity."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


def ids(kb: KnowledgeBase) -> list[str]:
    candidates = [*SMALL_IDS, "scanner-dead", "router-red", "mover"]
    return sorted(i for i in candidates if kb.get(i) is not None)


def title(kb: KnowledgeBase, fix_id: str) -> str | None:
    fix = kb.get(fix_id)
    return fix.title if fix else None


def answers(kb: KnowledgeBase) -> list[list[tuple[str, float]]]:
    return [[(h.fix.id, h.score) for h in kb.search(q)] for q in QUERIES]


def test_the_first_build_indexes_every_entry(kb: KnowledgeBase) -> None:
    assert (len(kb), ids(kb), kb.problems) == (5, SMALL_IDS, [])


def test_sync_says_how_many_files_changed(folder: Path) -> None:
    index = Index(":memory:")
    problems, change = index.sync(folder)
    assert (problems, change.files, len(change.added), change.removed) == ([], 2, 5, ())
    problems, change = index.sync(folder)
    assert (problems, change.files, bool(change)) == ([], 0, False)


def test_an_edited_file_is_the_only_one_read_again(
    kb: KnowledgeBase, folder: Path, reads: list[str]
) -> None:
    edit(
        folder / "card-reader.md", "---\nid: card-reader-frozen\ntitle: Reader stuck\n---\nWait.\n"
    )
    kb.refresh()
    assert reads == ["card-reader.md"]
    assert title(kb, "card-reader-frozen") == "Reader stuck"


def test_nothing_is_read_when_nothing_changed(kb: KnowledgeBase, reads: list[str]) -> None:
    assert kb.refresh() == []
    assert reads == []


def test_reopening_an_index_reads_no_unchanged_file(
    kb: KnowledgeBase, folder: Path, tmp_path: Path, reads: list[str]
) -> None:
    before = answers(kb)
    kb.close()
    again = KnowledgeBase(folder, tmp_path / "index.sqlite")
    assert reads == []
    assert (len(again), answers(again)) == (5, before)
    again.close()


def test_an_added_file_is_indexed(kb: KnowledgeBase, folder: Path, reads: list[str]) -> None:
    edit(folder / "scanner.yaml", NEW_ENTRY)
    kb.refresh()
    assert reads == ["scanner.yaml"]
    assert [h.fix.id for h in kb.search("barcode scanner")] == ["scanner-dead"]
    assert len(kb) == 6


def test_a_removed_file_leaves_the_index(kb: KnowledgeBase, folder: Path) -> None:
    (folder / "card-reader.md").unlink()
    kb.refresh()
    assert kb.get("card-reader-frozen") is None
    assert kb.search("card reader frozen on the logo") == []
    assert len(kb) == 4


def test_a_file_in_a_new_subfolder_is_indexed(kb: KnowledgeBase, folder: Path) -> None:
    (folder / "devices").mkdir()
    edit(folder / "devices" / "scanner.yaml", NEW_ENTRY)
    kb.refresh()
    fix = kb.get("scanner-dead")
    assert fix is not None
    assert fix.file == str(folder / "devices" / "scanner.yaml")


def test_a_broken_file_keeps_its_last_good_entries_and_the_rest(
    kb: KnowledgeBase, folder: Path
) -> None:
    before = answers(kb)
    path = folder / "network.yaml"
    edit(path, "- id: router-red-light\n  title: [unclosed\n")
    problems = kb.refresh()
    assert [line_form(p) for p in problems] == [
        f"{path}:3: -: not valid YAML: did not find expected ',' or ']'\n"
        "  fix: fix the YAML syntax on that line"
    ]
    assert kb.problems == problems
    assert (len(kb), answers(kb)) == (5, before)


def test_a_broken_file_is_reported_again_on_the_next_refresh(
    kb: KnowledgeBase, folder: Path
) -> None:
    edit(folder / "network.yaml", "- [unclosed\n")
    first = kb.refresh()
    assert kb.refresh() == first
    assert len(first) == 1


def test_a_broken_file_once_fixed_gives_its_new_entries(kb: KnowledgeBase, folder: Path) -> None:
    path = folder / "network.yaml"
    edit(path, "- [unclosed\n")
    kb.refresh()
    edit(path, NEW_ENTRY)
    problems = kb.refresh()
    assert [p for p in problems if p.file == str(path)] == []
    assert ids(kb) == ["card-reader-frozen", "scanner-dead"]


def test_a_refresh_reports_references_that_an_edit_broke(kb: KnowledgeBase, folder: Path) -> None:
    edit(folder / "network.yaml", NEW_ENTRY)  # router-red-light is gone; card-reader.md cites it
    assert [(p.rule, p.message) for p in kb.refresh()] == [
        ("card-reader-frozen", '"see router-red-light" names no entry')
    ]


def test_an_entry_with_a_problem_is_left_out_and_reported(kb: KnowledgeBase, folder: Path) -> None:
    path = folder / "scanner.yaml"
    edit(path, NEW_ENTRY + "- id: no-fix\n  title: Missing steps\n")
    assert [line_form(p) for p in kb.refresh()] == [
        f'{path}:4: no-fix: missing "fix"\n  fix: add `fix:` (the steps that solve it)'
    ]
    assert (kb.get("scanner-dead") is not None, kb.get("no-fix")) == (True, None)


def test_an_entry_problem_is_still_reported_on_the_next_refresh(
    kb: KnowledgeBase, folder: Path
) -> None:
    edit(folder / "scanner.yaml", "- id: no-fix\n  title: Missing steps\n")
    first = kb.refresh()
    assert kb.refresh() == first
    assert kb.problems == first


def test_a_duplicate_id_in_another_file_is_reported_and_the_first_stays(
    kb: KnowledgeBase, folder: Path
) -> None:
    path = folder / "more.yaml"
    edit(path, "- id: router-red-light\n  title: Modem duplicate\n  fix: Something else.\n")
    assert [line_form(p) for p in kb.refresh()] == [
        f"{path}:1: router-red-light: duplicate id, already used in {folder / 'network.yaml'};"
        " this entry is not searchable\n"
        "  fix: give one of the two entries another id"
    ]
    assert title(kb, "router-red-light") == "Router light is red"
    assert kb.search("modem duplicate") == []


def test_an_entry_moved_to_an_earlier_file_stays_searchable(
    kb: KnowledgeBase, folder: Path
) -> None:
    moved = "- id: mover\n  title: Scanner beeps twice\n  fix: Re-pair it.\n"
    edit(folder / "zz-last.yaml", moved)
    kb.refresh()
    edit(folder / "aa-first.yaml", moved)
    edit(folder / "zz-last.yaml", "")
    assert kb.refresh() == []
    assert kb.get("mover") is not None


def test_removing_the_first_of_two_duplicates_makes_the_other_searchable(
    kb: KnowledgeBase, folder: Path
) -> None:
    edit(folder / "more.yaml", "- id: router-red-light\n  title: Second router\n  fix: F\n")
    kb.refresh()
    (folder / "network.yaml").unlink()
    kb.refresh()
    assert title(kb, "router-red-light") == "Second router"


def test_a_damaged_index_file_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"\x00garbage, not SQLite\xff" * 500)
    kb = KnowledgeBase(folder, path)
    assert (len(kb), ids(kb)) == (5, SMALL_IDS)
    assert [h.fix.id for h in kb.search("router red light")] == ["router-red-light"]
    kb.close()


def test_an_index_of_another_schema_version_is_rebuilt(
    kb: KnowledgeBase, folder: Path, tmp_path: Path, reads: list[str]
) -> None:
    kb.close()
    path = tmp_path / "index.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {kbindex.SCHEMA + 1}")
    db.commit()
    db.close()
    again = KnowledgeBase(folder, path)
    assert sorted(reads) == ["card-reader.md", "network.yaml"]
    assert len(again) == 5
    again.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == kbindex.SCHEMA
    db.close()


def crash_after_first_file(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Index._add_file
    done: list[Path] = []

    def replace_then_crash(self: Index, path: Path, *rest: object) -> object:
        if done:
            raise RuntimeError("simulated crash")
        done.append(path)
        return real(self, path, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(Index, "_add_file", replace_then_crash)


def test_a_crash_mid_sync_leaves_the_previous_index_intact(
    kb: KnowledgeBase, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = answers(kb)
    edit(folder / "card-reader.md", "---\nid: card-reader-gone\ntitle: Gone\n---\nGone.\n")
    (folder / "network.yaml").unlink()
    edit(folder / "scanner.yaml", NEW_ENTRY)
    crash_after_first_file(monkeypatch)
    with pytest.raises(RuntimeError, match="simulated crash"):
        kb.refresh()
    assert (len(kb), ids(kb), answers(kb)) == (5, SMALL_IDS, before)


def test_a_crash_mid_sync_leaves_the_index_on_disk_intact(
    kb: KnowledgeBase, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(folder / "card-reader.md", "---\nid: card-reader-gone\ntitle: Gone\n---\nGone.\n")
    edit(folder / "scanner.yaml", NEW_ENTRY)
    crash_after_first_file(monkeypatch)
    with pytest.raises(RuntimeError):
        kb.refresh()
    db = sqlite3.connect(tmp_path / "index.sqlite")
    stored = sorted(row[0] for row in db.execute("SELECT id FROM fixes"))
    db.close()
    assert stored == SMALL_IDS


def test_the_next_sync_after_a_crash_applies_the_change(
    kb: KnowledgeBase, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(folder / "card-reader.md", "---\nid: card-reader-gone\ntitle: Gone\n---\nGone.\n")
    edit(folder / "scanner.yaml", NEW_ENTRY)
    with monkeypatch.context() as patch:
        crash_after_first_file(patch)
        with pytest.raises(RuntimeError):
            kb.refresh()
    assert kb.refresh() == []
    assert (kb.get("card-reader-gone") is not None, kb.get("scanner-dead") is not None) == (
        True,
        True,
    )
    assert kb.get("card-reader-frozen") is None
