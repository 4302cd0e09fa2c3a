import logging
import os
import threading
from pathlib import Path

import pytest

from bot.watch import Watcher


class Calls:
    """A callback that counts how often it ran."""

    def __init__(self) -> None:
        self.count = 0
        self.ran = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.ran.set()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    book = tmp_path / "phrasebook"
    (book / "nested").mkdir(parents=True)
    (book / "dont-know.yaml").write_text("level: warning\n", encoding="utf-8")
    (book / "nested" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    return book


def touch(path: Path, ns: int) -> None:
    """Set a file's modification time exactly, so no test waits for the clock."""
    os.utime(path, ns=(ns, ns))


def test_nothing_changed_calls_nothing(folder: Path) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls)
    assert watcher.check_now() is False
    assert watcher.check_now(settle=False) is False
    assert calls.count == 0


def test_a_change_is_called_back_once_it_has_settled(folder: Path) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls)
    (folder / "dont-know.yaml").write_text("level: error\n", encoding="utf-8")
    assert watcher.check_now() is False  # seen; the next scan must find nothing new
    assert watcher.check_now() is True
    assert watcher.check_now() is False
    assert calls.count == 1


def test_a_burst_is_called_back_once_after_the_last_write(folder: Path) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls)
    (folder / "dont-know.yaml").write_text("level: error\n", encoding="utf-8")
    assert watcher.check_now() is False
    (folder / "flat-no.yaml").write_text("level: info\n", encoding="utf-8")
    assert watcher.check_now() is False
    assert calls.count == 0
    assert watcher.check_now() is True
    assert calls.count == 1


def test_without_settle_a_change_is_called_back_at_once(folder: Path) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls)
    (folder / "new-rule.yaml").write_text("level: info\n", encoding="utf-8")
    assert watcher.check_now(settle=False) is True
    assert calls.count == 1


def test_a_removed_file_is_a_change(folder: Path) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls)
    (folder / "nested" / "guide.md").unlink()
    assert watcher.check_now(settle=False) is True


def test_a_new_modification_time_alone_is_a_change(folder: Path) -> None:
    path = folder / "dont-know.yaml"
    touch(path, 1_000_000_000)
    calls = Calls()
    watcher = Watcher([folder], calls)
    touch(path, 2_000_000_000)
    assert watcher.check_now(settle=False) is True


@pytest.mark.parametrize(
    "name",
    [
        ".hidden.yaml",
        "dont-know.yaml~",
        "dont-know.yaml.swp",
        ".#dont-know.yaml",
        ".dont-know.yaml.x1y2.tmp",
        "notes.txt",
        ".git/config.yaml",
    ],
)
def test_dotfiles_editor_leftovers_and_other_suffixes_are_ignored(folder: Path, name: str) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls)
    path = folder / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("x\n", encoding="utf-8")
    assert watcher.check_now(settle=False) is False
    assert calls.count == 0


def test_a_file_named_explicitly_is_watched_whatever_its_suffix(tmp_path: Path) -> None:
    config = tmp_path / "rules.conf"
    config.write_text("rules: {}\n", encoding="utf-8")
    calls = Calls()
    watcher = Watcher([config], calls)
    config.write_text("rules: {hurry-up: off}\n", encoding="utf-8")
    assert watcher.check_now(settle=False) is True


def test_a_file_named_explicitly_that_appears_is_a_change(tmp_path: Path) -> None:
    config = tmp_path / "rules.yaml"
    calls = Calls()
    watcher = Watcher([config], calls)
    config.write_text("rules: {}\n", encoding="utf-8")
    assert watcher.check_now(settle=False) is True


def test_a_failing_callback_is_logged_and_watching_goes_on(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("reload failed")

    watcher = Watcher([folder], broken)
    (folder / "dont-know.yaml").write_text("level: error\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="bot.watch"):
        assert watcher.check_now(settle=False) is True
    assert [r.exc_info[1].args for r in caplog.records if r.exc_info] == [("reload failed",)]
    (folder / "dont-know.yaml").write_text("level: info\n", encoding="utf-8")
    assert watcher.check_now(settle=False) is True


def test_the_thread_calls_back_after_a_change_and_stops(folder: Path) -> None:
    calls = Calls()
    watcher = Watcher([folder], calls, interval=0.01)
    watcher.start()
    try:
        (folder / "dont-know.yaml").write_text("level: error\n", encoding="utf-8")
        assert calls.ran.wait(timeout=10)
    finally:
        watcher.stop()
    assert calls.count == 1
    assert not any(t.name == "phrasebot-watch" for t in threading.enumerate())
