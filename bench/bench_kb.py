"""Benchmark the knowledge search: building, editing and querying a 10,000-entry base.

In one run, on the shipped knowledge folder and a generated base (bench/kbgen.py):

- a cold build: the index, then every entry's vectors embedded on every core (an empty vector
  file); reopening it (index and vectors read back);
- an incremental edit: one title changed in one 100-entry file, refresh, the time until the
  search goes by meaning again, and the new title's rank;
- query latency per style (short, message, off-topic): hybrid (the query embedded, as a new
  query is), hybrid with the query's vector already kept, words alone, and a plain FTS5 table
  over the raw text queried with the raw words OR'ed (the floor);
- peak RSS after each stage.

Prints figures only; it never asserts on timings. Per-query latency is the median of --rounds
timed passes after one warm-up pass, contenders interleaved round by round. Run from the
project root:

    .venv/bin/python bench/bench_kb.py [--entries 10000] [--queries 400] [--rounds 1] [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen import Query, queries, write_base

from bot.config import SOURCE_ROOT
from bot.knowledge import files as kbfiles
from bot.knowledge import vectors as kbvectors
from bot.knowledge.search import KnowledgeBase

LIMIT = 3  # results per query, as `phrasebot fixes` shows them
SHIPPED = SOURCE_ROOT / "knowledge"
RAW_SQL = (
    "SELECT rowid, title, problem, tags, fix FROM t WHERE t MATCH ?"
    " ORDER BY bm25(t, 4.0, 3.0, 2.0, 1.0) LIMIT ?"
)
_EDGE = re.compile(r"^\W+|\W+$")
CONTENDERS = ("hybrid", "hybrid, vector kept", "words alone", "raw FTS5")

Fn = Callable[[str], Any]


@dataclass(frozen=True)
class Timing:
    """Per-query seconds (median over rounds)."""

    seconds: list[float]

    def ms(self, stat: str) -> float:
        """p50, p99 (nearest rank) or mean, in milliseconds."""
        if not self.seconds:
            return 0.0
        if stat == "mean":
            return 1000 * statistics.fmean(self.seconds)
        ordered = sorted(self.seconds)
        q = {"p50": 50, "p99": 99}[stat]
        return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    def subset(self, keep: Sequence[bool]) -> Timing:
        return Timing([s for s, k in zip(self.seconds, keep, strict=True) if k])


@dataclass
class BaseResult:
    """One base's figures."""

    name: str
    files: int
    entries: int = 0
    index_s: float = 0.0
    vectors_s: float = 0.0
    embedded: int = 0
    index_mb: float = 0.0
    vectors_mb: float = 0.0
    reopen_s: float = 0.0
    reopen_vectors_s: float = 0.0
    timings: dict[str, Timing] = field(default_factory=dict)
    answered: dict[str, list[bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class EditResult:
    """Picking up an edit of one file."""

    file_entries: int
    refresh_s: float
    meaning_again_s: float  # from the refresh until the search goes by meaning again
    embedded: int
    found_rank: int  # 1-based rank of the edited entry for its new title; 0 if not found
    unchanged_s: float


# -- helpers ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000, help="generated entries")
    parser.add_argument("--per-file", type=int, default=100, help="generated entries per file")
    parser.add_argument("--queries", type=int, default=400, help="queries per base")
    parser.add_argument("--rounds", type=int, default=1, help="timed passes per measurement")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument(
        "--words", action="store_true", help="words alone: no encoder, no vectors (fast, big bases)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.entries, args.queries, args.rounds = 1_000, 100, 1
    return args


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def note_rss(rss: dict[str, float], stage: str) -> None:
    rss[stage] = peak_rss_mb()
    print(f"  peak RSS after {stage}: {rss[stage]:.0f} MB")


def megabytes(path: Path) -> float:
    """An SQLite file and its WAL, in MB."""
    wal = Path(f"{path}-wal")
    size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return size / 1024 / 1024


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def time_pass(fn: Fn, texts: Sequence[str], before: Callable[[], None] | None) -> list[float]:
    """Seconds per call of fn on each text; `before` runs ahead of each call, untimed."""
    clock = time.perf_counter
    out = []
    for text in texts:
        if before:
            before()
        start = clock()
        fn(text)
        out.append(clock() - start)
    return out


def measure(
    fns: dict[str, tuple[Fn, Callable[[], None] | None]], texts: Sequence[str], rounds: int
) -> dict[str, Timing]:
    """Warm up, then time each fn over the texts, interleaving fns round by round."""
    for fn, before in fns.values():
        time_pass(fn, texts, before)
    samples: dict[str, list[list[float]]] = {name: [] for name in fns}
    for _ in range(max(rounds, 1)):
        for name, (fn, before) in fns.items():
            samples[name].append(time_pass(fn, texts, before))
    return {
        name: Timing([statistics.median(per) for per in zip(*runs, strict=True)])
        for name, runs in samples.items()
    }


class Progress:
    """Embedding progress on one line, redrawn at most twice a second."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.shown < 5 and done < total:
            return
        self.shown = now
        rate = done / max(now - self.started, 1e-9)
        end = "\n" if done >= total else ""
        print(f"\r  embedded {done:,}/{total:,} texts, {rate:.1f}/s ", end=end, flush=True)


# -- raw FTS5 --------------------------------------------------------------------------------


class RawFts:
    """A plain FTS5 table over the entries' raw text: the floor phrasebot is measured against."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute(
            "CREATE VIRTUAL TABLE t USING fts5 (title, problem, tags, fix,"
            ' tokenize = "unicode61 remove_diacritics 2")'
        )

    def insert(self, fixes: Sequence[Any]) -> None:
        rows = [
            (f.title, f.problem, " ".join(f.tags), "\n".join([f.fix, *f.alternatives]))
            for f in fixes
        ]
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO t (title, problem, tags, fix) VALUES (?, ?, ?, ?)", rows)
        self.db.execute("COMMIT")

    def search(self, query: str, limit: int = LIMIT) -> list[tuple[Any, ...]]:
        """The raw words OR'ed, each quoted; best bm25 first."""
        words = [w for w in (_EDGE.sub("", w) for w in query.split()) if w]
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        return self.db.execute(RAW_SQL, (match, limit)).fetchall()


# -- stages ----------------------------------------------------------------------------------


def open_base(folder: Path, work: Path, *, meaning: bool) -> KnowledgeBase:
    return KnowledgeBase(
        folder,
        work / ("index.sqlite" if meaning else "index-words.sqlite"),
        meaning=meaning,
        vectors=work / "vectors.sqlite",
        background=False,
    )


def bench_base(
    name: str, folder: Path, work: Path, qs: Sequence[Query], rounds: int, meaning: bool
) -> tuple[BaseResult, KnowledgeBase]:
    """Build (index, then vectors), reopen, and time the queries of every contender."""
    work.mkdir()
    result = BaseResult(name, len(kbfiles.entry_files(folder)))
    print(f"\n[{name}] {folder} ({result.files} files)")
    result.index_s, kb = timed(lambda: open_base(folder, work, meaning=meaning))
    result.entries = len(kb)
    print(f"  index: {result.entries:,} entries in {result.index_s:.2f} s")
    if meaning:
        print(f"  vectors: {kb.pending():,} entries to embed on {kbvectors.THREADS} threads")
        result.vectors_s, built = timed(lambda: kb.build(Progress()))
        result.embedded = built.embedded if built else 0
        result.vectors_mb = megabytes(work / "vectors.sqlite")
    result.index_mb = megabytes(work / ("index.sqlite" if meaning else "index-words.sqlite"))
    kb.close()
    result.reopen_s, kb = timed(lambda: open_base(folder, work, meaning=meaning))
    result.reopen_vectors_s, _ = timed(kb.build)
    kept = open_base(folder, work, meaning=meaning)  # its query vectors are never forgotten
    kept.build()
    words = kb if not meaning else open_base(folder, work, meaning=False)
    raw = RawFts(work / "raw.sqlite3")
    raw.insert(
        [fix for path in kbfiles.entry_files(folder) for fix in kbfiles.read_file(path).fixes]
    )
    texts = [q.text for q in qs]
    forget = kb._vectors._queries.clear if kb._vectors else None  # each query as a new one
    fns: dict[str, tuple[Fn, Callable[[], None] | None]] = {
        "hybrid": (lambda q: kb.search(q, LIMIT), forget),
        "hybrid, vector kept": (lambda q: kept.search(q, LIMIT), None),
        "words alone": (lambda q: words.search(q, LIMIT), None),
        "raw FTS5": (raw.search, None),
    }
    if not meaning:
        del fns["hybrid"], fns["hybrid, vector kept"]
    result.timings = measure(fns, texts, rounds)
    result.answered = {
        "hybrid": [bool(kb.search(t, LIMIT)) for t in texts] if meaning else [],
        "words alone": [bool(words.search(t, LIMIT)) for t in texts],
        "raw FTS5": [bool(raw.search(t)) for t in texts],
    }
    kept.close()
    if words is not kb:
        words.close()
    raw.db.close()
    return result, kb


def bench_edit(kb: KnowledgeBase, paths: Sequence[Path], seed: int) -> EditResult:
    """Change one title in one file, refresh, wait for its vector, look the new title up."""
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^- id: (\S+)\n  title: (.*)$", text, re.MULTILINE)
    assert match, f"no entry in {path}"
    fix_id = match.group(1)
    title = f"Quokka telemetry beacon overheats near the espresso grinder {seed}"
    path.write_text(text.replace(match.group(0), f"- id: {fix_id}\n  title: {title}", 1), "utf-8")
    stat = path.stat()  # a later mtime even on a coarse clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    refresh_s, _ = timed(kb.refresh)
    again_s, built = timed(kb.build)
    hits = kb.search("quokka telemetry beacon", LIMIT)
    rank = next((i for i, h in enumerate(hits, 1) if h.fix.id == fix_id), 0)
    unchanged = [timed(kb.refresh)[0] for _ in range(5)]
    return EditResult(
        file_entries=len(re.findall(r"^- id: ", text, re.MULTILINE)),
        refresh_s=refresh_s,
        meaning_again_s=again_s,
        embedded=built.embedded if built else 0,
        found_rank=rank,
        unchanged_s=statistics.median(unchanged),
    )


# -- report ----------------------------------------------------------------------------------


def print_build(results: Sequence[BaseResult]) -> None:
    print("\n== build (from scratch), then reopen ==")
    print(
        f"{'base':<11}{'entries':>8}{'files':>6} | {'index s':>8}{'vectors s':>10}"
        f"{'embedded':>9}{'texts/s':>8} | {'index MB':>9}{'vectors MB':>11} | "
        f"{'reopen s':>9}{'+vectors s':>11}"
    )
    for r in results:
        rate = r.embedded / r.vectors_s if r.vectors_s else 0.0
        print(
            f"{r.name:<11}{r.entries:>8,}{r.files:>6} | {r.index_s:>8.2f}{r.vectors_s:>10.1f}"
            f"{r.embedded:>9,}{rate:>8.1f} | {r.index_mb:>9.1f}{r.vectors_mb:>11.1f} | "
            f"{r.reopen_s:>9.3f}{r.reopen_vectors_s:>11.3f}"
        )
    print(
        f"(vectors: embedded on {kbvectors.THREADS} threads, one per core; reopen: the index"
        " opened, then every entry's vectors read back from disk)"
    )


def style_rows(qs: Sequence[Query]) -> list[tuple[str, list[bool]]]:
    return [
        ("short", [q.style == "short" and q.on_topic for q in qs]),
        ("message", [q.style == "message" and q.on_topic for q in qs]),
        ("off-topic", [not q.on_topic for q in qs]),
        ("all", [True] * len(qs)),
    ]


def share(answered: Sequence[bool], keep: Sequence[bool]) -> float:
    """The share of the kept queries that got an answer."""
    return sum(a for a, k in zip(answered, keep, strict=True) if k) / max(sum(keep), 1)


def print_latency(r: BaseResult, qs: Sequence[Query], rounds: int) -> None:
    print(f"\n== query latency: {r.name} ({r.entries:,} entries), ms per query, limit {LIMIT} ==")
    print(
        f"   median of {rounds} round(s) per query; 'hybrid' embeds each query afresh,"
        " 'vector kept' finds it among recent queries"
    )
    shown = [c for c in CONTENDERS if c in r.timings]
    print(f"{'style':<10}{'n':>5} | " + " | ".join(f"{c:^17}" for c in shown) + " | answered")
    print(
        f"{'':<15} | " + " | ".join(f"{'p50':>8}{'p99':>9}" for _ in shown) + " | hybrid words raw"
    )
    for style, keep in style_rows(qs):
        picked = {c: r.timings[c].subset(keep) for c in shown}
        cells = " | ".join(f"{t.ms('p50'):>8.2f}{t.ms('p99'):>9.2f}" for t in picked.values())
        answered = "".join(
            f"{share(r.answered[c], keep):>6.0%}" if r.answered[c] else f"{'-':>6}"
            for c in ("hybrid", "words alone", "raw FTS5")
        )
        print(f"{style:<10}{sum(keep):>5} | {cells} | {answered}")


def print_edit(entries: int, r: EditResult) -> None:
    print(f"\n== picking up an edit ({entries:,}-entry base) ==")
    found = f"yes, rank {r.found_rank}" if r.found_rank else "NO"
    rows = [
        (f"refresh after one file changed ({r.file_entries} entries)", 1000 * r.refresh_s),
        (
            f"then its vectors ({r.embedded} text embedded): by meaning again",
            1000 * r.meaning_again_s,
        ),
        ("refresh with nothing changed (median of 5)", 1000 * r.unchanged_s),
    ]
    for label, value in rows:
        print(f"  {label:<64}{value:>10.1f} ms")
    print(f"  {'new title searchable':<64}{found:>13}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run every stage and print the figures."""
    args = parse_args(argv)
    print("command: " + shlex.join([".venv/bin/python", *sys.argv]))
    print(
        f"entries {args.entries:,} ({args.per_file} per file), queries {args.queries:,}, "
        f"rounds {args.rounds}, seed {args.seed}; SQLite {sqlite3.sqlite_version}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    started = time.perf_counter()
    rss: dict[str, float] = {}
    load_s, _ = timed(lambda: KnowledgeBase(SHIPPED, ":memory:", meaning=False).close())
    print(f"one-time loading (spaCy, pymorphy3, synonyms) {load_s:.2f} s, kept out of the figures")
    qs = queries(args.queries, args.seed)
    print(
        f"queries: {sum(q.style == 'short' for q in qs)} short, "
        f"{sum(q.style == 'message' for q in qs)} messages "
        f"({sum(not q.on_topic for q in qs)} of them off-topic), "
        f"{statistics.fmean(len(q.text.split()) for q in qs):.1f} words avg"
    )
    note_rss(rss, "start")
    with tempfile.TemporaryDirectory(prefix="phrasebot-bench-kb-") as tmp:
        work = Path(tmp)
        meaning = not args.words
        shipped, kb = bench_base("shipped", SHIPPED, work / "shipped", qs, args.rounds, meaning)
        kb.close()
        note_rss(rss, "shipped")
        folder = work / "generated-kb"
        folder.mkdir()
        write_s, paths = timed(lambda: write_base(folder, args.entries, args.seed, args.per_file))
        size = sum(p.stat().st_size for p in paths) / 1024 / 1024
        print(f"\ngenerated {args.entries:,} entries in {len(paths)} files, {size:.1f} MB,", end="")
        print(f" in {write_s:.2f} s")
        generated, kb = bench_base(
            "generated", folder, work / "generated", qs, args.rounds, meaning
        )
        note_rss(rss, "generated")
        edit = bench_edit(kb, paths, args.seed)
        kb.close()
        print_build([shipped, generated])
        print_latency(shipped, qs, args.rounds)
        print_latency(generated, qs, args.rounds)
        print_edit(generated.entries, edit)
    note_rss(rss, "end")
    print("\npeak RSS (MB): " + ", ".join(f"{stage} {mb:.0f}" for stage, mb in rss.items()))
    print(f"wall time {time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
