"""Benchmark knowledge search (KnowledgeBase.search) against raw FTS5 on the same entries.

For the shipped knowledge folder and a generated base (bench/kbgen.py), in one run: index
build time and size, query latency of phrasebot's search and of a plain FTS5 table over the
same raw text queried with the same queries, the time to pick up an edited file, and peak RSS.
Prints figures only; it never asserts on timings. Per-query latency is the median of --rounds
timed passes (after one warm-up pass), contenders interleaved round by round. Run from the
project root:

    .venv/bin/python bench/bench_kb.py [--entries 10000] [--queries 1000] [--seed 0] [--quick]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
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
from bot.knowledge import search
from bot.knowledge import terms as kbterms
from bot.knowledge.search import KnowledgeBase

SEARCH_TARGET = 2.0  # phrasebot may cost at most this times raw FTS5 on the generated base
LIMIT = 3  # results per query, as /fixes shows them
COMMON = 0.2  # a what-if in the profile: forms in more than this share of entries left out
SHIPPED = SOURCE_ROOT / "knowledge"
RAW_SQL = (
    "SELECT rowid, title, problem, tags, fix FROM t WHERE t MATCH ?"
    " ORDER BY bm25(t, 4.0, 3.0, 2.0, 1.0) LIMIT ?"
)
_EDGE = re.compile(r"^\W+|\W+$")

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
    problems: int = 0
    build_s: float = 0.0
    index_bytes: tuple[int, int] = (0, 0)  # main file, WAL
    first_search_s: float = 0.0
    typo_table_s: float = 0.0
    parse_s: float = 0.0
    raw_insert_s: float = 0.0
    raw_bytes: tuple[int, int] = (0, 0)
    timings: dict[str, Timing] = field(default_factory=dict)
    answered: dict[str, list[bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class RefreshResult:
    """Picking up an edit of one file of the generated base."""

    file_entries: int
    refresh_s: float
    found_rank: int  # 1-based rank of the edited entry for its new title; 0 if not found
    first_search_s: float
    typo_table_s: float
    unchanged_s: float


# -- helpers ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000, help="generated entries")
    parser.add_argument("--per-file", type=int, default=100, help="generated entries per file")
    parser.add_argument("--queries", type=int, default=1_000, help="queries per base")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes per measurement")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="cProfile kb.search on the generated base (auto: when a style misses the target)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.entries, args.queries, args.rounds = 1_000, 200, 1
    return args


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def note_rss(rss: dict[str, float], stage: str) -> None:
    rss[stage] = peak_rss_mb()
    print(f"  peak RSS after {stage}: {rss[stage]:.0f} MB")


def sizes(path: Path) -> tuple[int, int]:
    """The bytes of an SQLite file and of its WAL."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size, wal.stat().st_size if wal.exists() else 0


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


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


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
        words = _raw_words(query)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        return self.db.execute(RAW_SQL, (match, limit)).fetchall()


def _raw_words(query: str) -> list[str]:
    """The query's whitespace-separated words, punctuation trimmed off their ends."""
    words = [_EDGE.sub("", w) for w in query.split()]
    return [w for w in words if w]


def parse_folder(folder: Path) -> list[Any]:
    """Every entry of the folder, read the way the index reads files."""
    return [fix for path in kbfiles.entry_files(folder) for fix in kbfiles.read_file(path).fixes]


# -- stages ----------------------------------------------------------------------------------


def bench_base(
    name: str, folder: Path, work: Path, qs: Sequence[Query], rounds: int
) -> tuple[BaseResult, KnowledgeBase, RawFts]:
    """Build phrasebot's index and the raw FTS5 table for one folder; time the queries on both."""
    work.mkdir()
    files = len(kbfiles.entry_files(folder))
    result = BaseResult(name, files)
    print(f"\n[{name}] {folder} ({files} files)")
    result.build_s, kb = timed(lambda: KnowledgeBase(folder, work / "index.sqlite3"))
    result.entries, result.problems = len(kb), len(kb.problems)
    result.index_bytes = sizes(work / "index.sqlite3")
    print(f"  phrasebot index: {result.entries:,} entries in {result.build_s:.2f} s", end="")
    print(f", {result.problems} problems")
    for problem in kb.problems[:3]:
        print("    " + str(problem).replace("\n", " "))
    result.first_search_s, _ = timed(lambda: kb.search(qs[0].text, LIMIT))
    kb._typos = None  # the table of one-edit variants is built lazily, on the first misspelling
    result.typo_table_s, _ = timed(kb._typo_table)
    result.parse_s, fixes = timed(lambda: parse_folder(folder))
    raw = RawFts(work / "raw.sqlite3")
    result.raw_insert_s, _ = timed(lambda: raw.insert(fixes))
    result.raw_bytes = sizes(work / "raw.sqlite3")
    print(f"  raw FTS5: parse {result.parse_s:.2f} s + insert {result.raw_insert_s:.3f} s")
    texts = [q.text for q in qs]
    result.timings = measure(
        {
            "phrasebot": (lambda q: kb.search(q, LIMIT), None),
            "cold": (lambda q: kb.search(q, LIMIT), kbterms.clear_caches),
            "raw": (raw.search, None),
        },
        texts,
        rounds,
    )
    result.answered = {
        "phrasebot": [bool(kb.search(t, LIMIT)) for t in texts],
        "raw": [bool(raw.search(t)) for t in texts],
    }
    return result, kb, raw


def bench_refresh(kb: KnowledgeBase, paths: Sequence[Path], seed: int) -> RefreshResult:
    """Change one title in one file, refresh, and look the new title up."""
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^- id: (\S+)\n  title: (.*)$", text, re.MULTILINE)
    assert match, f"no entry in {path}"
    fix_id = match.group(1)
    title = f"Quokka telemetry beacon overheats near the espresso grinder {seed}"
    edited = text.replace(match.group(0), f"- id: {fix_id}\n  title: {title}", 1)
    path.write_text(edited, encoding="utf-8")
    stat = path.stat()  # a later mtime even on a coarse clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    refresh_s, _ = timed(kb.refresh)
    first_s, hits = timed(lambda: kb.search("quokka telemetry beacon", LIMIT))
    rank = next((i for i, h in enumerate(hits, 1) if h.fix.id == fix_id), 0)
    kb._typos = None
    typo_s, _ = timed(kb._typo_table)
    unchanged = [timed(kb.refresh)[0] for _ in range(5)]
    return RefreshResult(
        file_entries=len(re.findall(r"^- id: ", text, re.MULTILINE)),
        refresh_s=refresh_s,
        found_rank=rank,
        first_search_s=first_s,
        typo_table_s=typo_s,
        unchanged_s=statistics.median(unchanged),
    )


PROFILED = (
    ("search.py", "search"),
    ("search.py", "_groups"),
    ("terms.py", "search_terms"),
    ("nlp.py", "tokenize"),
    ("search.py", "_correct"),
    ("search.py", "_idf"),
    ("index.py", "candidates"),
    ("~", "<method 'execute' of 'sqlite3.Connection' objects>"),
    ("~", "<method 'fetchall' of 'sqlite3.Cursor' objects>"),
    ("index.py", "<listcomp>"),
    ("search.py", "_coverage"),
    ("index.py", "fixes"),
    ("index.py", "_fix"),
)


def profile_search(kb: KnowledgeBase, raw: RawFts, qs: Sequence[Query]) -> None:
    """cProfile kb.search over the queries (warm); print where its time goes."""
    texts = [q.text for q in qs]
    raw_mean_ms = 1000 * statistics.fmean(
        _time_each(lambda i: raw.search(texts[i]), [False] * len(texts))
    )
    for text in texts:
        kb.search(text, LIMIT)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        kb.search(text, LIMIT)
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw_stats: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[3] for k, v in raw_stats.items() if k[2] == "search" and "knowledge" in k[0])
    print(f"\n[profile] kb.search over {len(texts):,} queries of the generated base (warm cache)")
    print(
        f"  under cProfile: {1000 * total / len(texts):.3f} ms/query "
        f"(raw FTS5 without cProfile: {raw_mean_ms:.3f} ms/query)"
    )
    print(f"  {'function':<58}{'calls/q':>8}{'own ms/q':>10}{'cum ms/q':>10}{'cum %':>7}")
    for file, func in PROFILED:
        for (path, line, name), (_, calls, own, cum, _) in raw_stats.items():
            if name == func and path.endswith(file):
                label = f"{Path(path).name}:{line} {name}" if file != "~" else name
                print(
                    f"  {label[:57]:<58}{calls / len(texts):>8.1f}{1000 * own / len(texts):>10.3f}"
                    f"{1000 * cum / len(texts):>10.3f}{100 * cum / total:>6.0f}%"
                )
    sql_variants(kb, raw, qs)
    print("\n  top 15 functions by own time:")
    stats.sort_stats("tottime").print_stats(15)


def _time_each(fn: Callable[[int], Any], skip: Sequence[bool]) -> list[float]:
    """Seconds of fn(i) for each i not skipped (0 for those), after one warm-up pass."""
    for i, s in enumerate(skip):
        if not s:
            fn(i)
    clock = time.perf_counter
    out = []
    for i, s in enumerate(skip):
        start = clock()
        if not s:
            fn(i)
        out.append(0.0 if s else clock() - start)
    return out


def _match(forms: Sequence[str]) -> str:
    return " OR ".join('"' + f.replace('"', '""') + '"' for f in forms)


def sql_variants(kb: KnowledgeBase, raw: RawFts, qs: Sequence[Query]) -> None:
    """Time phrasebot's candidate query and cut-down variants of it, against the raw query."""
    db, n = kb._index._db, search.CANDIDATES
    sql = "SELECT {cols} FROM terms WHERE terms MATCH ? ORDER BY bm25(terms, 4.0, 3.0, 2.0, 1.0)"
    full, bare = sql.format(cols="rowid, title, problem, tags, body"), sql.format(cols="rowid")
    exprs, forms, rarer = [], [], []
    for q in qs:
        groups = kb._groups(q.text)
        found = sorted({f for g in groups for f in g.forms | g.synonyms if f in kb._df})
        forms.append(found)
        exprs.append(_match(found))
        rarer.append(_match([f for f in found if kb._df[f] <= COMMON * len(kb)] or found))
    variants: dict[str, Callable[[int], Any]] = {
        f"kb._index.candidates(forms, {n})": lambda i: kb._index.candidates(forms[i], n),
        f"  its SQL alone: 4 term columns, LIMIT {n}": lambda i: db.execute(
            full + f" LIMIT {n}", (exprs[i],)
        ).fetchall(),
        f"  rowid only, LIMIT {n}": lambda i: db.execute(
            bare + f" LIMIT {n}", (exprs[i],)
        ).fetchall(),
        f"  rowid only, LIMIT {LIMIT}": lambda i: db.execute(
            bare + f" LIMIT {LIMIT}", (exprs[i],)
        ).fetchall(),
        "  MATCH alone, no ranking (count(*))": lambda i: db.execute(
            "SELECT count(*) FROM terms WHERE terms MATCH ?", (exprs[i],)
        ).fetchall(),
        f"  what-if: without forms in >{COMMON:.0%} of entries": lambda i: db.execute(
            full + f" LIMIT {n}", (rarer[i],)
        ).fetchall(),
        "raw FTS5 query (raw words, 4 columns, LIMIT 3)": lambda i: raw.search(qs[i].text),
    }
    pb_rows = [
        db.execute("SELECT count(*) FROM terms WHERE terms MATCH ?", (e,)).fetchone()[0] if e else 0
        for e in exprs
    ]
    raw_rows = [len(raw.search(q.text, 1_000_000)) for q in qs]
    short = [q.style == "short" for q in qs]
    print("\n  candidate query variants on the same index, mean ms per query (one warm pass):")
    print(f"  {'variant':<50}{'short':>8}{'message':>9}{'all':>8}")
    for label, fn in variants.items():
        empty = [not e and not label.startswith("raw") for e in exprs]  # search skips the SQL
        seconds = _time_each(fn, empty)
        cells = [Timing(seconds).subset(k).ms("mean") for k in (short, [not s for s in short])]
        print(
            f"  {label:<50}{cells[0]:>8.3f}{cells[1]:>9.3f}{1000 * statistics.fmean(seconds):>8.3f}"
        )
    for name, terms, rows in (
        ("phrasebot", [len(f) for f in forms], pb_rows),
        ("raw", [len(_raw_words(q.text)) for q in qs], raw_rows),
    ):
        means = [
            statistics.fmean([x for x, k in zip(values, keep, strict=True) if k] or [0])
            for values in (terms, rows)
            for keep in (short, [not s for s in short])
        ]
        print(
            f"  {name + ':':<11} OR terms {means[0]:.1f} short, {means[1]:.1f} message; "
            f"rows matched (all ranked by bm25) {means[2]:,.0f} short, {means[3]:,.0f} message"
        )


# -- report ----------------------------------------------------------------------------------


def print_build(results: Sequence[BaseResult]) -> None:
    mb = 1024 * 1024
    print("\n== build (from scratch) ==")
    print(
        f"{'base':<11}{'entries':>8}{'files':>6} | {'phrasebot s':>11}{'index MB':>9}{'+WAL MB':>8}"
        f"{'1st query ms':>13}{'typo table ms':>14} | {'parse s':>8}{'raw insert s':>13}"
        f"{'raw MB':>7}{'+WAL':>6}"
    )
    for r in results:
        print(
            f"{r.name:<11}{r.entries:>8,}{r.files:>6} | {r.build_s:>11.2f}"
            f"{r.index_bytes[0] / mb:>9.1f}{r.index_bytes[1] / mb:>8.1f}"
            f"{1000 * r.first_search_s:>13.1f}{1000 * r.typo_table_s:>14.1f} | "
            f"{r.parse_s:>8.2f}{r.raw_insert_s:>13.3f}{r.raw_bytes[0] / mb:>7.1f}"
            f"{r.raw_bytes[1] / mb:>6.1f}"
        )
    print("(parse: reading the YAML files alone, a part of phrasebot's build too)")


def style_rows(qs: Sequence[Query]) -> list[tuple[str, list[bool]]]:
    return [
        ("short", [q.style == "short" for q in qs]),
        ("message", [q.style == "message" for q in qs]),
        ("off-topic", [not q.on_topic for q in qs]),
        ("all", [True] * len(qs)),
    ]


def print_latency(r: BaseResult, qs: Sequence[Query], rounds: int) -> dict[str, dict[str, float]]:
    """The latency table of one base; returns phrasebot/raw per style and statistic."""
    print(f"\n== query latency: {r.name} ({r.entries:,} entries), ms per query, limit {LIMIT} ==")
    print(
        f"   median of {rounds} rounds per query; cold = kbterms.clear_caches() before each query"
    )
    head = f"{'p50':>8}{'p99':>8}{'mean':>8}"
    print(
        f"{'style':<10}{'n':>5} | {'phrasebot':^24} | {'cold cache':^24} | {'raw FTS5':^24} | "
        f"{'phrasebot/raw':^21} | {'answered':^11}"
    )
    stats = "".join(f"{s:>7}" for s in ("p50", "p99", "mean"))
    print(f"{'':<15} | {head} | {head} | {head} | {stats} | {'pb':>5}{'raw':>6}")
    out: dict[str, dict[str, float]] = {}
    for style, keep in style_rows(qs):
        pb, cold, raw = (r.timings[k].subset(keep) for k in ("phrasebot", "cold", "raw"))
        ratios = {s: ratio(pb.ms(s), raw.ms(s)) for s in ("p50", "p99", "mean")}
        answered = {
            k: sum(a for a, k_ in zip(v, keep, strict=True) if k_) / max(sum(keep), 1)
            for k, v in r.answered.items()
        }
        print(
            f"{style:<10}{sum(keep):>5} | "
            + " | ".join(
                "".join(f"{t.ms(s):>8.3f}" for s in ("p50", "p99", "mean")) for t in (pb, cold, raw)
            )
            + " | "
            + "".join(f"{ratios[s]:>6.2f}x" for s in ("p50", "p99", "mean"))
            + f" | {answered['phrasebot']:>5.0%}{answered['raw']:>6.0%}"
        )
        out[style] = ratios
    return out


def print_target(ratios: dict[str, dict[str, float]], entries: int) -> bool:
    """The target's verdict per query style; whether any style misses it."""
    print(f"target: phrasebot/raw <= {SEARCH_TARGET}x on {entries:,} entries")
    over = False
    for style in ("short", "message", "all"):
        cells = ratios[style]
        print(
            f"  {style:<8}"
            + ", ".join(f"{s} {v:.2f}x {verdict(v, SEARCH_TARGET)}" for s, v in cells.items())
        )
        over |= any(v > SEARCH_TARGET for v in cells.values())
    return over


def print_refresh(entries: int, r: RefreshResult) -> None:
    print(f"\n== picking up an edit ({entries:,}-entry base) ==")
    found = f"yes, rank {r.found_rank}" if r.found_rank else "NO"
    rows = [
        (f"refresh after one file changed ({r.file_entries} entries)", 1000 * r.refresh_s, "ms"),
        ("first search for the new title", 1000 * r.first_search_s, "ms"),
        ("typo table rebuild (lazy: first misspelt query after it)", 1000 * r.typo_table_s, "ms"),
        ("refresh with nothing changed (median of 5)", 1000 * r.unchanged_s, "ms"),
    ]
    for label, value, unit in rows:
        print(f"  {label:<60}{value:>10.1f} {unit}")
    print(f"  {'new title searchable':<60}{found:>13}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run every stage and print the figures."""
    args = parse_args(argv)
    print("command: " + shlex.join([".venv/bin/python", *sys.argv]))
    print(
        f"entries {args.entries:,} ({args.per_file} per file), queries {args.queries:,}, "
        f"rounds {args.rounds}, seed {args.seed}; SQLite {sqlite3.sqlite_version}"
    )
    started = time.perf_counter()
    rss: dict[str, float] = {}
    # spaCy, pymorphy3, the stop-word lists and the synonyms load once per process.
    load_s, _ = timed(lambda: KnowledgeBase(SHIPPED, ":memory:").close())
    print(f"one-time loading (spaCy, pymorphy3, synonyms) {load_s:.2f} s, kept out of the figures")
    qs = queries(args.queries, args.seed)
    styles = {s: sum(q.style == s for q in qs) for s in ("short", "message")}
    print(
        f"queries: {styles['short']} short, {styles['message']} messages "
        f"({sum(not q.on_topic for q in qs)} of them off-topic), "
        f"{statistics.fmean(len(q.text.split()) for q in qs):.1f} words avg"
    )
    note_rss(rss, "start")
    with tempfile.TemporaryDirectory(prefix="phrasebot-bench-kb-") as tmp:
        work = Path(tmp)
        shipped, kb, raw = bench_base("shipped", SHIPPED, work / "shipped", qs, args.rounds)
        kb.close()
        raw.db.close()
        note_rss(rss, "shipped")
        folder = work / "generated-kb"
        folder.mkdir()
        write_s, paths = timed(lambda: write_base(folder, args.entries, args.seed, args.per_file))
        megabytes = sum(p.stat().st_size for p in paths) / 1024 / 1024
        print(
            f"\ngenerated {args.entries:,} entries in {len(paths)} files, {megabytes:.1f} MB,",
            end="",
        )
        print(f" in {write_s:.2f} s")
        generated, kb, raw = bench_base("generated", folder, work / "generated", qs, args.rounds)
        note_rss(rss, "generated")
        refresh = bench_refresh(kb, paths, args.seed)
        print_build([shipped, generated])
        print_latency(shipped, qs, args.rounds)
        ratios = print_latency(generated, qs, args.rounds)
        over = print_target(ratios, generated.entries)
        print_refresh(generated.entries, refresh)
        if args.profile == "always" or (args.profile == "auto" and over):
            profile_search(kb, raw, qs)
        kb.close()
        raw.db.close()
    note_rss(rss, "end")
    print("\npeak RSS (MB): " + ", ".join(f"{stage} {mb:.0f}" for stage, mb in rss.items()))
    print(f"wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
