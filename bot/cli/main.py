"""The command line: phrasebot check, lint, fixes, kb lint, kb build, meaning embed, serve,
sandbox, start, stats, demo."""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from bot.cli import EXIT_PROBLEMS, EXIT_USAGE, jsonl, render, texts
from bot.cli.progress import Bar
from bot.coach import Coach
from bot.config import settings_for
from bot.dotenv import load_dotenv
from bot.knowledge import files as kbfiles
from bot.knowledge.alternatives import fixes_for
from bot.knowledge.search import KnowledgeBase
from bot.model import LEVEL_NAMES, Level, Settings
from bot.phrasebook.verify import build
from bot.problems import CheckTooSlow, PhrasebookError, Problem, blocking

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples.txt"
# One word with a folder separator, or ending in a file suffix ("draft.txt", not "soon." or "3.5").
_LOOKS_LIKE_A_PATH = re.compile(r"\S*/\S*|\S+\.[A-Za-z][A-Za-z0-9]{0,4}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except PhrasebookError as err:
        _print_problems(err.problems, sys.stderr)
        print(texts.PHRASEBOOK_BROKEN, file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phrasebot", description="A phrasing coach for customer-support replies."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--phrasebook", metavar="DIR", help="the rule folder (default: from rules.yaml)"
    )
    common.add_argument(
        "--config", metavar="FILE", help="the rules.yaml to use (default: ./rules.yaml)"
    )

    check = sub.add_parser("check", parents=[common], help="check a draft, a file, or JSON lines")
    check.add_argument("draft", nargs="?", help="the draft text, or a file holding one draft")
    check.add_argument(
        "--jsonl",
        metavar="FILE",
        help='read {"id","text"} lines from FILE (- for stdin), write one JSON line each',
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--fail-level",
        choices=LEVEL_NAMES,
        default="info",
        help="exit 1 when a finding is at this level or above (default info: any finding)",
    )
    check.add_argument("--kb", metavar="DIR", help="the known fixes (default: from rules.yaml)")
    check.add_argument(
        "--phrases-only",
        action="store_true",
        help="leave the sentence encoder out: only listed phrases are flagged, known fixes"
        " are found by words",
    )
    check.add_argument(
        "--context", metavar="TEXT", help="the customer message the draft answers (for fixes)"
    )
    check.set_defaults(run=_check)

    fixes = sub.add_parser("fixes", parents=[common], help="look up known fixes for a problem")
    fixes.add_argument("query", nargs="*", help="the problem, in any words")
    fixes.add_argument("--kb", metavar="DIR", help="the known fixes (default: from rules.yaml)")
    fixes.add_argument(
        "--limit", type=_positive, default=3, help="at most this many fixes (default 3)"
    )
    fixes.add_argument(
        "--jsonl",
        metavar="FILE",
        help='read {"id","query"} lines from FILE (- for stdin), write one JSON line each',
    )
    fixes.set_defaults(run=_fixes)

    kb = sub.add_parser("kb", help="the knowledge base of known fixes")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_lint = kb_sub.add_parser(
        "lint", parents=[common], help="check the known fixes: keys, ids, references"
    )
    kb_lint.add_argument(
        "folder", nargs="?", help="the knowledge folder (default: from rules.yaml)"
    )
    kb_lint.set_defaults(run=_kb_lint)
    kb_build = kb_sub.add_parser(
        "build",
        parents=[common],
        help="build or refresh the index and every entry's vectors ahead of time",
    )
    kb_build.add_argument(
        "folder", nargs="?", help="the knowledge folder (default: from rules.yaml)"
    )
    kb_build.set_defaults(run=_kb_build)

    lint = sub.add_parser(
        "lint", parents=[common], help="validate the phrasebook and rules.yaml, run every example"
    )
    lint.add_argument("folder", nargs="?", help="the phrasebook folder (same as --phrasebook)")
    lint.set_defaults(run=_lint)

    meaning = sub.add_parser("meaning", help="the meaning tier's bank of sentences")
    meaning_sub = meaning.add_subparsers(dest="meaning_command", required=True)
    embed = meaning_sub.add_parser(
        "embed",
        parents=[common],
        help="embed the bank ahead of time into meaning/_vectors.npz, shipped with it",
    )
    embed.set_defaults(run=_meaning_embed)

    demo = sub.add_parser(
        "demo", parents=[common], help="check the sample drafts and say how to connect Slack"
    )
    demo.set_defaults(run=_demo)

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)",
    )
    serve.add_argument("--http", action="store_true", help="serve HTTP at /slack/events")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP address (default 0.0.0.0)")
    serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    serve.add_argument(
        "--workers", type=_positive, default=1, help="HTTP worker processes (default 1)"
    )
    serve.add_argument(
        "--threads", type=_positive, default=16, help="requests at once per worker (default 16)"
    )
    serve.set_defaults(run=_serve)

    sandbox = sub.add_parser(
        "sandbox",
        parents=[common],
        help="a local Slack look-alike page that drives the real app, no workspace needed",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=3000, help="port (default 3000)")
    sandbox.add_argument(
        "--scratch",
        metavar="DIR",
        help="the sandbox's own folder, emptied at start (default .phrasebot/sandbox/)",
    )
    sandbox.set_defaults(run=_sandbox)

    start = sub.add_parser(
        "start",
        parents=[common],
        help="`make run`: serve Slack when its tokens are set (or in .env), else the sandbox",
    )
    start.set_defaults(run=_start)

    stats = sub.add_parser(
        "stats", parents=[common], help="tips shown, helpful, false alarms and mutes per rule"
    )
    stats.add_argument("--days", type=int, default=7, help="look back this many days (default 7)")
    stats.add_argument(
        "--team", help="one workspace's counts (its team id); default: every workspace"
    )
    stats.set_defaults(run=_stats)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def _check(args: argparse.Namespace) -> int:
    coach = Coach(args.config, args.phrasebook, meaning=False if args.phrases_only else None)
    kb = _open_kb(
        coach.settings,
        args.kb,
        required=bool(args.kb),
        meaning=None if coach.settings.meaning else False,  # --phrases-only or meaning: off
    )
    if args.jsonl:
        return jsonl.each_line(
            args.jsonl, "check", lambda rows: jsonl.check_answers(coach, kb, rows)
        )
    if args.draft is None:
        print(texts.CHECK_USAGE, file=sys.stderr)
        return EXIT_USAGE
    text = _draft_text(args.draft)
    if text is None:
        print(texts.NO_SUCH_FILE.format(path=args.draft), file=sys.stderr)
        return EXIT_USAGE
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    try:
        report = coach.check(text)
    except CheckTooSlow as err:
        print(f"phrasebot: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(render.human(report, color=color))
    hits = fixes_for(kb, report, args.context) if kb else []
    if hits:
        print(texts.FIXES_THAT_MAY_HELP + render.hits(hits, brief=True))
    fail = Level.parse(args.fail_level)
    return EXIT_PROBLEMS if any(f.level >= fail for f in report.findings) else 0


def _open_kb(
    settings: Settings, folder: str | None, *, required: bool, meaning: bool | None = None
) -> KnowledgeBase | None:
    """The knowledge base named by --kb or rules.yaml; None when there is none to open.
    meaning=False searches by words alone (check --phrases-only: no sentence encoder at all)."""
    path = Path(folder).resolve() if folder else Path(settings.knowledge)
    if not path.is_dir():
        if required:
            print(texts.NO_KNOWLEDGE_FOLDER.format(path=path), file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        return None
    index = Path(settings.index)
    if path != Path(settings.knowledge):  # another base: its own index beside ours
        digest = hashlib.sha1(str(path).encode()).hexdigest()[:12]
        index = index.with_name(f"knowledge-{digest}.sqlite")
    kb = KnowledgeBase(path, index, background=False, meaning=meaning)
    if kb.problems:
        _print_problems(kb.problems, sys.stderr)
        print(texts.ENTRIES_LEFT_OUT, file=sys.stderr)
    # A command answers once and exits: the vectors it lacks are built first (once: they are
    # kept on disk), so it searches by meaning as well as words.
    kb.build(_progress(sys.stderr) if sys.stderr.isatty() else None)
    return kb


def _progress(out: IO[str]) -> Callable[[int, int], None]:
    """A progress bar for embedding, redrawn in place."""
    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        line = render.progress(done, total, time.perf_counter() - started)
        out.write("\r" + line + ("\n" if done >= total else ""))
        out.flush()

    return show


def _fixes(args: argparse.Namespace) -> int:
    settings, _problems = settings_for(args.config, args.phrasebook)
    kb = _open_kb(settings, args.kb, required=True)
    assert kb is not None
    if args.jsonl:
        return jsonl.each_line(
            args.jsonl, "fixes", lambda rows: jsonl.fix_answers(kb, rows, args.limit)
        )
    query = " ".join(args.query).strip()
    if not query:
        print(texts.FIXES_USAGE, file=sys.stderr)
        return EXIT_USAGE
    hits = kb.search(query, args.limit)
    if not hits:
        print(texts.NO_FIX.format(entries=len(kb), folder=kb.folder))
        return EXIT_PROBLEMS
    print(render.hits(hits))
    return 0


def _kb_lint(args: argparse.Namespace) -> int:
    settings, _ = settings_for(args.config, args.phrasebook)
    folder = Path(args.folder or settings.knowledge)
    fixes, problems = kbfiles.load(folder)
    if problems:
        _print_problems(problems, sys.stdout)
        print(texts.PROBLEMS_IN.format(count=_plural(len(problems), "problem"), where=folder))
        return EXIT_PROBLEMS
    print(texts.KB_OK.format(count=len(fixes), folder=folder))
    return 0


def _kb_build(args: argparse.Namespace) -> int:
    settings, _ = settings_for(args.config, args.phrasebook)
    started = time.perf_counter()
    kb = _open_kb(settings, args.folder, required=True)
    assert kb is not None
    built = kb.build()  # _open_kb built them; this says how many there are
    print(
        texts.KB_BUILT.format(
            count=len(kb),
            folder=kb.folder,
            seconds=time.perf_counter() - started,
            vectors=texts.KB_NO_VECTORS
            if built is None
            else texts.KB_VECTORS.format(n=built.entries),
        )
    )
    kb.close()
    return 0


def _draft_text(arg: str) -> str | None:
    """The draft an argument gives: a file's text, or the words themselves; None for what
    names a file (one word with a / or a file suffix) that is not there."""
    if len(arg) >= 4096 or "\n" in arg:
        return arg
    path = Path(arg)
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return None if _LOOKS_LIKE_A_PATH.fullmatch(arg) else arg


def _lint(args: argparse.Namespace) -> int:
    settings, problems = settings_for(args.config, args.folder or args.phrasebook)
    bar = Bar(texts.EMBEDDING)
    engine, more = build(settings, progress=bar)
    bar.close()
    problems += more
    _print_problems(problems, sys.stdout)
    wrong = blocking(problems)
    if wrong or engine is None:
        where = settings.phrasebook
        print(texts.PROBLEMS_IN.format(count=_plural(len(wrong), "problem"), where=where))
        return EXIT_PROBLEMS
    rules = engine.phrasebook.rules
    ok = texts.LINT_OK.format(
        rules=len(rules),
        phrases=sum(len(r.phrases) for r in rules),
        examples=sum(len(r.examples) for r in rules),
        samples=texts.LINT_SAMPLES.format(count=len(engine.phrasebook.bank))
        if engine.phrasebook.bank
        else "",
        folder=settings.phrasebook,
    )
    if problems:  # notes only
        ok = "\n" + ok + texts.NOTES_ABOVE.format(count=_plural(len(problems), "note"))
    print(ok)
    return 0


def _meaning_embed(args: argparse.Namespace) -> int:
    """Write the vectors of the bank (and of the phrasebook's examples and wordings) beside it,
    so a fresh install embeds none of them."""
    settings, problems = settings_for(args.config, args.phrasebook)
    settings = replace(settings, meaning=True)
    bar = Bar(texts.EMBEDDING)
    engine, more = build(settings, progress=bar)
    bar.close()
    if engine is None or engine.meaning is None:
        _print_problems(problems + more, sys.stderr)
        print(texts.NO_BANK.format(folder=settings.phrasebook), file=sys.stderr)
        return EXIT_USAGE
    from bot.embed.cache import write_seed
    from bot.phrasebook import bank

    found, vectors = engine.meaning.own_vectors()
    path = Path(settings.phrasebook) / bank.FOLDER / bank.SEED_FILE
    write_seed(path, found, vectors)
    print(texts.EMBEDDED.format(count=len(found), path=path))
    return 0


def _demo(args: argparse.Namespace) -> int:
    coach = Coach(args.config, args.phrasebook)
    drafts = [d.strip() for d in SAMPLES.read_text(encoding="utf-8").split("\n---\n") if d.strip()]
    color = sys.stdout.isatty()
    for draft in drafts:
        print("─" * 72)
        print(render.human(coach.check(draft), color=color))
    print("─" * 72)
    print(texts.DEMO_END)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from bot.slack.serve import serve  # the Slack edge loads only for this command

    return serve(
        config=args.config,
        phrasebook=args.phrasebook,
        http=args.http,
        host=args.host,
        port=args.port,
        workers=getattr(args, "workers", 1),
        threads=getattr(args, "threads", 16),
    )


def _sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox.start import run  # the sandbox (and the Slack edge) load only for this

    return run(
        host=args.host,
        port=args.port,
        config=args.config,
        phrasebook=args.phrasebook,
        scratch=args.scratch,
    )


def _start(args: argparse.Namespace) -> int:
    load_dotenv(Path.cwd() / ".env")
    args.port = int(os.environ.get("PORT", "3000"))
    if os.environ.get("SLACK_BOT_TOKEN"):
        args.http = not os.environ.get("SLACK_APP_TOKEN")
        args.host = "0.0.0.0"
        return _serve(args)
    args.host, args.scratch = "127.0.0.1", None
    return _sandbox(args)


def _stats(args: argparse.Namespace) -> int:
    from bot.store import open_store

    settings, _ = settings_for(args.config, args.phrasebook)
    where = os.environ.get("PHRASEBOT_DATABASE_URL", "").strip() or settings.database
    if not where and not Path(settings.store).is_file():
        print(texts.NOTHING_RECORDED.format(store=settings.store))
        return 0
    store = open_store(where or settings.store)
    try:
        since = time.time() - max(args.days, 1) * 86_400
        print(render.stats(store.stats(since=since, team=args.team), days=max(args.days, 1)))
    finally:
        store.close()
    return 0


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _print_problems(problems: list[Problem], out: IO[str]) -> None:
    for problem in problems:
        print(problem, file=out)


if __name__ == "__main__":
    sys.exit(main())
