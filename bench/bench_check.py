"""Benchmark Coach().check against bare spaCy, and a 10,000-rule phrasebook against the shipped one.

Prints figures only; it never asserts on timings. Per-draft latency is the median of --rounds
timed passes (after one warm-up pass), which keeps a busy machine's spikes out of the figures;
totals and drafts/s are sums of those medians. Run from the project root:

    .venv/bin/python bench/bench_check.py [--drafts N] [--rules 10000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from drafts import LANGUAGES, drafts
from rulegen import write_phrasebook
from spacy.lookups import load_lookups

from bot.check import nlp
from bot.check.engine import Engine, _walls
from bot.check.mrkdwn import prose
from bot.coach import Coach
from bot.config import SOURCE_ROOT
from bot.phrasebook import load
from bot.problems import PhrasebookError

CHECK_TARGET = 1.3  # check may cost at most this times the bare spaCy reference
RULES_TARGET = 1.2  # 10,000 rules may cost at most this times the shipped phrasebook
SHIPPED = SOURCE_ROOT / "phrasebook"

Corpus = dict[str, list[str]]
Fn = Callable[[str], Any]


@dataclass(frozen=True)
class Timing:
    """Per-draft seconds for one language (median over rounds)."""

    seconds: list[float]

    @property
    def total(self) -> float:
        return sum(self.seconds)

    @property
    def per_second(self) -> float:
        return len(self.seconds) / self.total if self.total else 0.0

    def percentile_ms(self, q: float) -> float:
        """The q-th percentile latency in milliseconds (nearest rank)."""
        ordered = sorted(self.seconds)
        return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


# -- helpers ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=300, help="drafts per language")
    parser.add_argument("--rules", type=int, default=10_000, help="generated rules (0: skip)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes per measurement")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="cProfile Coach().check too")
    return parser.parse_args(argv)


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def note_rss(rss: dict[str, float], stage: str) -> None:
    """Remember and print the peak RSS after a stage."""
    rss[stage] = peak_rss_mb()
    print(f"  peak RSS after {stage}: {rss[stage]:.0f} MB")


def time_pass(fn: Fn, texts: Sequence[str]) -> list[float]:
    """Seconds per call of fn on each text."""
    clock = time.perf_counter
    out = []
    for text in texts:
        start = clock()
        fn(text)
        out.append(clock() - start)
    return out


def measure(fns: dict[str, Fn], texts: Sequence[str], rounds: int) -> dict[str, Timing]:
    """Warm up, then time each fn over the texts, interleaving fns round by round."""
    for fn in fns.values():
        time_pass(fn, texts)
    samples: dict[str, list[list[float]]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            samples[name].append(time_pass(fn, texts))
    return {
        name: Timing([statistics.median(per) for per in zip(*runs, strict=True)])
        for name, runs in samples.items()
    }


def merged(timings: dict[str, Timing]) -> Timing:
    """All languages' drafts as one Timing."""
    return Timing([s for t in timings.values() for s in t.seconds])


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


# -- the contenders --------------------------------------------------------------------------


def coach_check() -> Fn:
    """Coach().check; if the live phrasebook has problems, the shipped rules compiled directly."""
    try:
        return Coach().check
    except PhrasebookError as err:
        print(f"  ! Coach() refused the phrasebook ({len(err.problems)} problems); timing Engine")
        book, _ = load.load(SHIPPED)
        assert book is not None, "the shipped phrasebook does not load at all"
        return Engine(book).check


def reference(lang: str) -> Fn:
    """The bare spaCy pipeline for a language: tokenizer plus a lemmatizer where one exists."""
    pipeline = spacy.blank(lang)
    if lang == "en":
        lemmatizer: Any = pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
        lemmatizer.initialize(lookups=load_lookups("en", ["lemma_lookup"]))
    elif lang in ("uk", "ru"):  # pymorphy3_lookup needs no POS tags, unlike "pymorphy3"
        pipeline.add_pipe("lemmatizer", config={"mode": "pymorphy3_lookup"})
        pipeline.initialize()
    return pipeline  # he, hy: no lemmatizer exists; the tokenizer alone


def cold(check: Fn) -> Fn:
    """check with nlp's per-word key cache emptied first: every word of the draft is new."""
    clear = nlp.clear_caches

    def fn(text: str) -> Any:
        clear()
        return check(text)

    return fn


def engine_for(folder: Path) -> Engine:
    """Load and compile a phrasebook folder without running its examples."""
    book, problems = load.load(folder)
    if book is None:
        raise SystemExit(f"cannot load {folder}: {problems[:3]}")
    return Engine(book)


def matcher_only(engine: Engine) -> Fn:
    """Just the trie walk, on a draft tokenized beforehand (cached per text)."""
    cache: dict[str, tuple[list[tuple[str, ...]], list[bool]]] = {}

    def find(text: str) -> Any:
        if text not in cache:
            visible = prose(text)
            tokens = nlp.tokenize(visible.text, cyrillic=nlp.detect_cyrillic(visible.text))
            cache[text] = (tokens.keys, _walls(tokens, visible.hidden))
        return engine._matcher.find(*cache[text])

    return find


def findings_per_draft(fn: Fn, texts: Sequence[str]) -> float:
    return sum(len(fn(t).findings) for t in texts) / len(texts)


# -- stages ----------------------------------------------------------------------------------


def stage_check_vs_reference(corpus: Corpus, rounds: int) -> dict[str, dict[str, Timing]]:
    """Stages 1 and 2: Coach().check and the spaCy reference, per language, same texts."""
    print("\n[1+2] Coach().check vs bare spaCy (tokenizer + lemmatizer)")
    start = time.perf_counter()
    check = coach_check()
    print(f"  Coach() built in {time.perf_counter() - start:.2f} s")
    results: dict[str, dict[str, Timing]] = {"check": {}, "cold": {}, "reference": {}}
    for lang, texts in corpus.items():
        fns = {"check": check, "cold": cold(check), "reference": reference(lang)}
        timed = measure(fns, texts, rounds)
        for name, timing in timed.items():
            results[name][lang] = timing
        print(
            f"  {lang}: check {timed['check'].percentile_ms(50):.3f} ms p50, "
            f"cold cache {timed['cold'].percentile_ms(50):.3f} ms p50, "
            f"reference {timed['reference'].percentile_ms(50):.3f} ms p50, "
            f"{findings_per_draft(check, texts):.2f} findings/draft"
        )
    return results


@dataclass(frozen=True)
class BigResult:
    """Stage 3's figures."""

    rules: int
    phrases: int
    write_s: float
    load_s: float
    compile_s: float
    problems: int
    shipped: Timing
    big: Timing
    shipped_matcher: Timing
    big_matcher: Timing
    shipped_findings: float
    big_findings: float


def stage_big_phrasebook(corpus: Corpus, rules: int, rounds: int, seed: int) -> BigResult:
    """Stage 3: the shipped phrasebook vs the same plus `rules` generated rules."""
    print(f"\n[3] shipped phrasebook vs +{rules:,} generated rules")
    texts = [t for ts in corpus.values() for t in ts]
    shipped = engine_for(SHIPPED)
    with tempfile.TemporaryDirectory(prefix="phrasebot-bench-") as folder:
        start = time.perf_counter()
        dropped = write_phrasebook(SHIPPED, Path(folder), rules, seed, quiet_on=corpus)
        write_s = time.perf_counter() - start
        start = time.perf_counter()
        book, load_problems = load.load(folder)
        load_s = time.perf_counter() - start
        assert book is not None, load_problems[:3]
        start = time.perf_counter()
        big = Engine(book)
        compile_s = time.perf_counter() - start
    phrases = rules * len(LANGUAGES)
    print(f"  generated {rules:,} rule files ({phrases:,} phrases) in {write_s:.1f} s;", end="")
    print(f" replaced {dropped} phrases that fired on the drafts")
    print(f"  phrasebook.load {load_s:.1f} s, Engine() compile {compile_s:.1f} s")
    problems = [*load_problems, *big.problems]
    print(f"  {len(problems)} load/compile problems")
    for problem in problems[:3]:
        print("    " + str(problem).replace("\n", " "))
    full = measure({"shipped": shipped.check, "big": big.check}, texts, rounds)
    trie = measure({"shipped": matcher_only(shipped), "big": matcher_only(big)}, texts, rounds)
    return BigResult(
        rules=rules,
        phrases=phrases,
        write_s=write_s,
        load_s=load_s,
        compile_s=compile_s,
        problems=len(problems),
        shipped=full["shipped"],
        big=full["big"],
        shipped_matcher=trie["shipped"],
        big_matcher=trie["big"],
        shipped_findings=findings_per_draft(shipped.check, texts),
        big_findings=findings_per_draft(big.check, texts),
    )


def profile_check(corpus: Corpus, top: int = 25) -> None:
    """cProfile Coach().check over every draft; print the top functions by cumulative time."""
    print("\n[profile] Coach().check over all drafts, by cumulative time")
    check = coach_check()
    texts = [t for ts in corpus.values() for t in ts]
    for text in texts:
        check(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        check(text)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


# -- report ----------------------------------------------------------------------------------


def print_table(results: dict[str, dict[str, Timing]], big: BigResult | None) -> None:
    """The summary table: check vs reference per language and overall, then stage 3."""
    check, cold_, ref = results["check"], results["cold"], results["reference"]
    print("\n== summary (per-draft medians; ms) ==")
    print(f"{'lang':<5}{'drafts':>7} | {'check/s':>8}{'p50':>8}{'p99':>8} | ", end="")
    print(f"{'ref/s':>8}{'p50':>8}{'p99':>8} | {'check/ref':>9}{'cold/ref':>9}")
    rows = [(lang, check[lang], cold_[lang], ref[lang]) for lang in check]
    rows.append(("all", merged(check), merged(cold_), merged(ref)))
    for lang, c, k, r in rows:
        print(
            f"{lang:<5}{len(c.seconds):>7} | {c.per_second:>8.0f}{c.percentile_ms(50):>8.3f}"
            f"{c.percentile_ms(99):>8.3f} | {r.per_second:>8.0f}{r.percentile_ms(50):>8.3f}"
            f"{r.percentile_ms(99):>8.3f} | {ratio(c.total, r.total):>8.2f}x"
            f"{ratio(k.total, r.total):>8.2f}x"
        )
    overall = ratio(merged(check).total, merged(ref).total)
    over = [lang for lang, c, _, r in rows[:-1] if ratio(c.total, r.total) > CHECK_TARGET]
    print(
        f"target check/ref <= {CHECK_TARGET}x overall: {verdict(overall, CHECK_TARGET)}; ", end=""
    )
    print(f"languages over it: {', '.join(over) or 'none'}")
    if big:
        print_big(big)


def print_big(big: BigResult) -> None:
    """Stage 3's lines of the summary."""
    full = ratio(big.big.total, big.shipped.total)
    trie = ratio(big.big_matcher.total, big.shipped_matcher.total)
    print(
        f"\n{big.rules:,} rules ({big.phrases:,} phrases): load {big.load_s:.1f} s, "
        f"compile {big.compile_s:.1f} s, {big.problems} problems"
    )
    print(f"{'phrasebook':<12}{'check/s':>9}{'p50':>8}{'p99':>8}{'matcher p50':>13}{'find/dr':>9}")
    for name, t, m, f in (
        ("shipped", big.shipped, big.shipped_matcher, big.shipped_findings),
        ("generated", big.big, big.big_matcher, big.big_findings),
    ):
        print(
            f"{name:<12}{t.per_second:>9.0f}{t.percentile_ms(50):>8.3f}"
            f"{t.percentile_ms(99):>8.3f}{m.percentile_ms(50):>13.4f}{f:>9.2f}"
        )
    print(f"check with {big.rules:,} rules / shipped: {full:.2f}x (matcher alone {trie:.2f}x)")
    print(f"target <= {RULES_TARGET}x: {verdict(full, RULES_TARGET)}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run every stage and print the figures."""
    args = parse_args(argv)
    rss: dict[str, float] = {}
    started = time.perf_counter()
    corpus = {lang: drafts(lang, args.drafts, args.seed) for lang in LANGUAGES}
    words = sum(len(t.split()) for ts in corpus.values() for t in ts)
    print(
        f"{args.drafts} drafts x {len(corpus)} languages, {words / args.drafts / 5:.0f} words avg"
    )
    note_rss(rss, "drafts")
    results = stage_check_vs_reference(corpus, args.rounds)
    note_rss(rss, "check + reference")
    big = None
    if args.rules:
        big = stage_big_phrasebook(corpus, args.rules, args.rounds, args.seed)
        note_rss(rss, f"{args.rules:,} rules")
    if args.profile:
        profile_check(corpus)
    print_table(results, big)
    print("peak RSS (MB): " + ", ".join(f"{stage} {mb:.0f}" for stage, mb in rss.items()))
    print(f"wall time {time.perf_counter() - started:.0f} s")
    print(
        "reproduce: .venv/bin/python bench/bench_check.py "
        f"--drafts {args.drafts} --rules {args.rules} --rounds {args.rounds} --seed {args.seed}"
    )


if __name__ == "__main__":
    main()
