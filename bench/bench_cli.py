"""Whole-process figures for `phrasebot check`, each beside its reference in the same run.

    .venv/bin/python bench/bench_cli.py [--drafts 700] [--rounds 5]

1. `check --jsonl --phrases-only` on 5 x --drafts generated drafts against bench/reference.py
   (bare spaCy: the blank pipeline and lemmatizer of each draft's language) on the same file:
   CPU seconds (user + sys) of each process, alternated A B A B, medians and the ratio.
2. `check "one line"` with a warm cache (the compiled phrasebook and the vectors on disk)
   against `python -c "import spacy"`: wall seconds, medians and the difference.
3. What the meaning tier adds per draft, on one thread, on our own eval drafts (realistic
   lengths): the same draft checked with and without it, p50 and p99 milliseconds.

Figures only; nothing here asserts on a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from drafts import LANGUAGES, drafts  # noqa: E402

PHRASEBOT = ROOT / ".venv" / "bin" / "phrasebot"
PYTHON = ROOT / ".venv" / "bin" / "python"


def run(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one whole process, its output thrown away."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"bench_cli: {' '.join(cmd)} failed")
    return usage.ru_utime + usage.ru_stime, wall


def side_by_side(a: list[str], b: list[str], rounds: int) -> tuple[list[tuple[float, float]], ...]:
    run(a)
    run(b)  # warm-up: caches on disk, the page cache
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(run(a))
        theirs.append(run(b))
    return ours, theirs


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def jsonl_run(per_language: int, rounds: int) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        n = 0
        for lang in LANGUAGES:
            for text in drafts(lang, per_language, seed=0):
                f.write(json.dumps({"id": n, "text": text}, ensure_ascii=False) + "\n")
                n += 1
        path = f.name
    ours, ref = side_by_side(
        [str(PHRASEBOT), "check", "--jsonl", path, "--phrases-only"],
        [str(PYTHON), str(HERE / "reference.py"), path],
        rounds,
    )
    cpu_ours, cpu_ref = median([c for c, _ in ours]), median([c for c, _ in ref])
    ratios = [a[0] / b[0] for a, b in zip(ours, ref, strict=True)]
    print(f"\n1. check --jsonl --phrases-only, {n} drafts, {rounds} rounds (CPU seconds, median)")
    print(f"   phrasebot  {cpu_ours:6.2f} s   wall {median([w for _, w in ours]):6.2f} s")
    print(f"   bare spaCy {cpu_ref:6.2f} s   wall {median([w for _, w in ref]):6.2f} s")
    print(f"   ratio      {median(ratios):6.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f})")
    os.unlink(path)


def start_run(rounds: int) -> None:
    ours, ref = side_by_side(
        [str(PHRASEBOT), "check", "I don't know, we'll get back to you soon."],
        [str(PYTHON), "-c", "import spacy"],
        rounds,
    )
    wall_ours, wall_ref = median([w for _, w in ours]), median([w for _, w in ref])
    print(f'\n2. check "one line", warm cache, {rounds} rounds (wall seconds, median)')
    print(f"   phrasebot check  {wall_ours:5.2f} s   CPU {median([c for c, _ in ours]):5.2f} s")
    print(f"   import spacy     {wall_ref:5.2f} s   CPU {median([c for c, _ in ref]):5.2f} s")
    print(f"   difference       {wall_ours - wall_ref:+5.2f} s")


def meaning_run(limit: int) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    from bot import Coach

    coach = Coach()
    rows = []
    for name in ("tune.jsonl", "test.jsonl"):
        path = ROOT / "eval" / "drafts" / name
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [r["text"] for r in rows][:limit]
    coach.check("warm up the encoder and the tokenizers")
    added = []
    for text in texts:
        began = time.perf_counter()
        coach.engine.check(text, meaning=False)
        phrases = time.perf_counter() - began
        began = time.perf_counter()
        coach.engine.check(text)  # each draft is new to the tier: nothing of it is cached
        both = time.perf_counter() - began
        added.append(1000 * max(0.0, both - phrases))
    words = statistics.mean(len(t.split()) for t in texts)
    print(
        f"\n3. the meaning tier, one thread, {len(texts)} drafts of our own (mean {words:.0f} words)"
    )
    print(
        f"   added per draft: p50 {percentile(added, 50):5.1f} ms   p99 {percentile(added, 99):5.1f} ms"
        f"   mean {statistics.mean(added):5.1f} ms"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=700, help="generated drafts per language")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--meaning-drafts", type=int, default=900)
    args = ap.parse_args()
    print(f"bench_cli: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    # As an installed package is (pip compiles it; `make` does for bot/): a process that starts
    # compiling the sources it imports measures the compiler, not phrasebot.
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(ROOT / "bot")], check=True)
    jsonl_run(args.drafts, args.rounds)
    start_run(args.rounds)
    meaning_run(args.meaning_drafts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
