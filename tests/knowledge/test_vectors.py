"""Entry vectors: embedded once by content, in the background, and only what an edit changed."""

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import hybrid, vectors
from bot.knowledge.search import KnowledgeBase
from tests.conftest import DATA
from tests.knowledge.fake_encoder import FakeEncoder

SMALL_KB = DATA / "knowledge" / "small"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SMALL_KB, tmp_path / "kb"))


@pytest.fixture
def fake() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture
def kb(folder: Path, tmp_path: Path, fake: FakeEncoder) -> Iterator[KnowledgeBase]:
    base = open_kb(folder, tmp_path, fake)
    base.build()
    yield base
    base.close()


def open_kb(folder: Path, tmp_path: Path, fake: FakeEncoder, **options: object) -> KnowledgeBase:
    options.setdefault("background", False)
    return KnowledgeBase(
        folder,
        tmp_path / "index.sqlite",
        meaning=True,
        embed=fake,
        sparse=fake.sparse,
        **options,  # type: ignore[arg-type]
    )


def edit(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


def test_every_entry_is_embedded_once(kb: KnowledgeBase, fake: FakeEncoder) -> None:
    assert len(fake.seen) == 5
    assert fake.seen_sparse == fake.seen  # its latent terms, from the same text
    assert kb.by_meaning
    assert kb.build() is not None and len(fake.seen) == 5  # nothing left to embed


def test_reopening_reads_the_vectors_back(
    kb: KnowledgeBase, folder: Path, tmp_path: Path, fake: FakeEncoder
) -> None:
    kb.close()
    again = open_kb(folder, tmp_path, fake)
    built = again.build()
    assert built is not None and (built.entries, built.embedded) == (5, 0)
    assert len(fake.seen) == 5
    again.close()


def test_an_edit_of_the_steps_embeds_nothing(
    kb: KnowledgeBase, folder: Path, fake: FakeEncoder
) -> None:
    path = folder / "card-reader.md"
    edit(path, path.read_text(encoding="utf-8").replace("20 seconds", "30 seconds"))
    kb.refresh()
    assert kb.by_meaning  # the embedded text (title, problem, tags) did not change
    assert len(fake.seen) == 5


def test_an_edited_title_is_the_only_text_embedded_again(
    kb: KnowledgeBase, folder: Path, fake: FakeEncoder
) -> None:
    path = folder / "card-reader.md"
    edit(path, path.read_text(encoding="utf-8").replace("frozen on the logo", "hangs on boot"))
    kb.refresh()
    assert not kb.by_meaning  # words alone until the new vector is in
    kb.build()
    assert fake.seen[5:] == ["Card reader hangs on boot. reader, frozen, logo"]
    assert kb.by_meaning


def test_progress_is_told_as_texts_are_embedded(folder: Path, tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    base = open_kb(folder, tmp_path, FakeEncoder())
    base.build(lambda done, total: told.append((done, total)))
    assert told[-1] == (10, 10)  # two views each: the dense vector and the latent terms
    assert [d for d, _ in told] == sorted(d for d, _ in told)
    base.close()


def test_until_the_vectors_are_built_the_search_goes_by_words(
    folder: Path, tmp_path: Path, fake: FakeEncoder
) -> None:
    base = open_kb(folder, tmp_path, fake)
    assert not base.by_meaning and base.pending() == 5
    assert base.search("unresponsive") == []  # no word of it is in the base
    hits = base.search("receipt printer")
    assert [h.fix.id for h in hits] == ["printer-paper-jam"]
    assert not hits[0].meaning
    base.close()


def test_the_background_build_makes_the_search_go_by_meaning(
    folder: Path, tmp_path: Path, fake: FakeEncoder
) -> None:
    base = open_kb(folder, tmp_path, fake, background=True)
    assert base.wait(timeout=30)
    hit = base.search("unresponsive")[0]
    assert (hit.fix.id, hit.words, hit.meaning) == ("card-reader-frozen", (), True)
    base.close()


def test_a_background_build_picks_up_an_edit(
    folder: Path, tmp_path: Path, fake: FakeEncoder
) -> None:
    base = open_kb(folder, tmp_path, fake, background=True)
    assert base.wait(timeout=30)
    edit(folder / "scanner.yaml", "- id: scanner-dead\n  title: Barcode scanner\n  fix: Charge.\n")
    base.refresh()
    assert base.wait(timeout=30)
    assert len(fake.seen) == 6
    assert base.search("scanner")[0].fix.id == "scanner-dead"
    base.close()


def test_a_removed_entry_is_never_found_again(kb: KnowledgeBase, folder: Path) -> None:
    (folder / "card-reader.md").unlink()
    kb.refresh()
    assert kb.by_meaning
    assert kb.search("unresponsive") == []


def test_a_question_the_vectors_place_nowhere_gets_no_answer(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shipped confidence is fitted to the real encoder's cosines (tested in test_search);
    # the stand-in's geometry gets a confidence of its own: sure at a shared concept.
    fitted = hybrid.Model(("cosine",), (20.0,), -10.0, 0.5, 0.5)
    monkeypatch.setattr(hybrid, "model", lambda: fitted)
    assert kb.search("bitcoin wallet") == []
    assert [h.fix.id for h in kb.search("unresponsive")] == ["card-reader-frozen"]


def test_an_encoder_that_fails_leaves_the_search_by_words(folder: Path, tmp_path: Path) -> None:
    base = open_kb(folder, tmp_path, FakeEncoder(fail=True), background=True)
    base.wait(timeout=30)
    assert not base.by_meaning
    assert [h.fix.id for h in base.search("receipt printer")] == ["printer-paper-jam"]
    base.close()


def test_meaning_off_builds_nothing(folder: Path, tmp_path: Path) -> None:
    base = KnowledgeBase(folder, tmp_path / "index.sqlite", meaning=False)
    assert (base.build(), base.pending(), base.by_meaning) == (None, 0, False)
    assert not (tmp_path / "vectors.sqlite").exists()
    base.close()


def test_background_embedding_threads_yield_the_cpu_to_the_app() -> None:
    seen: list[int] = []

    def thread() -> None:
        vectors._lower_priority()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    worker = threading.Thread(target=thread)
    worker.start()
    worker.join()
    assert seen == [vectors.NICE]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == 0  # only that thread


def test_an_empty_base_searches_by_meaning_once_entries_come(
    tmp_path: Path, fake: FakeEncoder
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    base = open_kb(empty, tmp_path, fake, background=True)
    assert base.wait(timeout=30) and base.pending() == 0
    assert base.search("scanner") == []
    edit(empty / "scanner.yaml", "- id: scanner-dead\n  title: Barcode scanner\n  fix: Charge.\n")
    base.refresh()
    assert base.wait(timeout=30)
    assert [h.fix.id for h in base.search("barcode")] == ["scanner-dead"]
    base.close()


def test_a_long_background_build_logs_its_progress(caplog: pytest.LogCaptureFixture) -> None:
    tell = vectors._log_progress()
    with caplog.at_level("INFO", logger="phrasebot.knowledge"):
        for done in range(0, 2001, 100):
            tell(done, 2000)
        vectors._log_progress()(50, 60)  # short builds say nothing on the way
    assert [r.getMessage() for r in caplog.records] == [
        f"embedded {n} of 2000 texts" for n in range(200, 2000, 200)
    ]


@pytest.mark.parametrize("threads", [1, 2])
def test_a_query_is_embedded_both_ways_once_and_kept(
    folder: Path, tmp_path: Path, fake: FakeEncoder, threads: int
) -> None:
    base = open_kb(folder, tmp_path, fake)
    base.build()
    try:
        assert base._vectors is not None
        base._vectors._threads = threads  # two: the latent pass runs beside the dense one
        seen, seen_sparse = len(fake.seen), len(fake.seen_sparse)
        dense, latent = base._vectors.queries("card reader will not switch on")
        assert dense is not None and latent is not None
        assert (dense == base._vectors.query("card reader will not switch on")).all()
        assert (latent == base._vectors.query("card reader will not switch on", "sparse")).all()
        base._vectors.queries("card reader will not switch on")  # kept: nothing embedded again
        assert (len(fake.seen), len(fake.seen_sparse)) == (seen + 1, seen_sparse + 1)
    finally:
        base.close()


def test_a_forked_child_still_embeds_a_query_both_ways(
    folder: Path, tmp_path: Path, fake: FakeEncoder
) -> None:
    base = open_kb(folder, tmp_path, fake)
    base.build()
    try:
        assert base._vectors is not None
        base._vectors._threads = 2
        base._vectors.queries("warm the side thread up")  # the pool exists before the fork
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: a new query must not wait on the parent's thread
            code = 1
            try:
                dense, latent = base._vectors.queries("card reader will not switch on")
                code = 0 if dense is not None and latent is not None else 1
            finally:
                os.write(write, bytes([code]))
                os._exit(code)
        os.close(write)
        got = b""
        ready = threading.Event()

        def wait() -> None:
            nonlocal got
            got = os.read(read, 1)
            ready.set()

        threading.Thread(target=wait, daemon=True).start()
        finished = ready.wait(timeout=20)
        if not finished:
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        assert finished and got == b"\x00"
    finally:
        base.close()
