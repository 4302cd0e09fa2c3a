"""The command line: phrasebot check | lint | fixes | kb lint | serve | stats | demo."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from bot.cli import render
from bot.coach import Coach
from bot.config import settings_for
from bot.dotenv import load_dotenv
from bot.knowledge import files as kbfiles
from bot.knowledge.alternatives import fixes_for
from bot.knowledge.search import KnowledgeBase
from bot.model import Settings
from bot.phrasebook.verify import build
from bot.problems import PhrasebookError, Problem, blocking
from bot.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples.txt"
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except PhrasebookError as err:
        _print_problems(err.problems, sys.stderr)
        print(
            "phrasebot: the phrasebook has problems; `phrasebot lint` lists them.", file=sys.stderr
        )
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
    check.add_argument("--kb", metavar="DIR", help="the known fixes (default: from rules.yaml)")
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

    lint = sub.add_parser(
        "lint", parents=[common], help="validate the phrasebook and rules.yaml, run every example"
    )
    lint.add_argument("folder", nargs="?", help="the phrasebook folder (same as --phrasebook)")
    lint.set_defaults(run=_lint)

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
    serve.set_defaults(run=_serve)

    start = sub.add_parser(
        "start",
        parents=[common],
        help="`make run`: serve Slack when its tokens are set (or in .env), else the demo",
    )
    start.set_defaults(run=_start)

    stats = sub.add_parser(
        "stats", parents=[common], help="tips shown, helpful, false alarms and mutes per rule"
    )
    stats.add_argument("--days", type=int, default=7, help="look back this many days (default 7)")
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
    coach = Coach(args.config, args.phrasebook)
    kb = _open_kb(coach.settings, args.kb, required=bool(args.kb))
    if args.jsonl:
        return _each_line(args.jsonl, "check", lambda lines: _check_lines(coach, kb, lines))
    if args.draft is None:
        print(
            "phrasebot check: give a draft, a file, or --jsonl FILE (- for stdin)", file=sys.stderr
        )
        return EXIT_USAGE
    text = _draft_text(args.draft)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    report = coach.check(text)
    print(render.human(report, color=color))
    hits = fixes_for(kb, report, args.context) if kb else []
    if hits:
        print("\nKnown fixes that may help:\n" + render.hits(hits, brief=True))
    return 0


def _each_line(
    source: str, command: str, answers: Callable[[IO[str]], Iterator[dict[str, Any]]]
) -> int:
    """Run a --jsonl contract: one JSON line out for each line in, in order."""
    if source == "-":
        _write_lines(answers(sys.stdin))
        return 0
    try:
        with open(source, encoding="utf-8", errors="replace") as stream:
            _write_lines(answers(stream))
    except OSError as err:
        print(f"phrasebot {command}: cannot read {source}: {err.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _write_lines(answers: Iterator[dict[str, Any]]) -> None:
    for answer in answers:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _open_kb(settings: Settings, folder: str | None, *, required: bool) -> KnowledgeBase | None:
    """The knowledge base named by --kb or rules.yaml; None when there is none to open."""
    path = Path(folder).resolve() if folder else Path(settings.knowledge)
    if not path.is_dir():
        if required:
            print(
                f"phrasebot: no knowledge folder at {path}; check --kb or rules.yaml",
                file=sys.stderr,
            )
            raise SystemExit(EXIT_USAGE)
        return None
    index = Path(settings.index)
    if path != Path(settings.knowledge):  # another base: its own index beside ours
        digest = hashlib.sha1(str(path).encode()).hexdigest()[:12]
        index = index.with_name(f"knowledge-{digest}.sqlite")
    kb = KnowledgeBase(path, index)
    if kb.problems:
        _print_problems(kb.problems, sys.stderr)
        print("phrasebot: entries with problems are left out; `phrasebot kb lint`", file=sys.stderr)
    return kb


def _fixes(args: argparse.Namespace) -> int:
    settings, _problems = settings_for(args.config, args.phrasebook)
    kb = _open_kb(settings, args.kb, required=True)
    assert kb is not None
    if args.jsonl:
        return _each_line(args.jsonl, "fixes", lambda lines: _fixes_lines(kb, lines, args.limit))
    query = " ".join(args.query).strip()
    if not query:
        print(
            'phrasebot fixes: say what the problem is, e.g. `phrasebot fixes "refund not showing"`',
            file=sys.stderr,
        )
        return EXIT_USAGE
    hits = kb.search(query, args.limit)
    if not hits:
        print(
            f"No known fix matches that ({len(kb)} entries searched). Try other words, or ask a\n"
            f"lead to add one to {kb.folder}."
        )
        return EXIT_PROBLEMS
    print(render.hits(hits))
    return 0


def _fixes_lines(kb: KnowledgeBase, lines: IO[str], limit: int) -> Iterator[dict[str, Any]]:
    for _n, row, error in _json_rows(lines, "query"):
        if error:
            yield error
            continue
        hits = kb.search(row["query"], limit)
        yield {
            "id": row.get("id"),
            "results": [{"id": h.fix.id, "title": h.fix.title, "score": h.score} for h in hits],
        }


def _kb_lint(args: argparse.Namespace) -> int:
    settings, _ = settings_for(args.config, args.phrasebook)
    folder = Path(args.folder or settings.knowledge)
    fixes, problems = kbfiles.load(folder)
    if problems:
        _print_problems(problems, sys.stdout)
        print(f"\n{len(problems)} problem{'s' * (len(problems) != 1)} in {folder}")
        return EXIT_PROBLEMS
    print(f"ok: {len(fixes)} known fixes ({folder})")
    return 0


def _draft_text(arg: str) -> str:
    path = Path(arg)
    try:
        if len(arg) < 4096 and "\n" not in arg and path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return arg


def _json_rows(
    lines: IO[str], field: str
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    """Each non-blank line as (number, row, None), or (number, {}, an error answer)."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield n, {}, {"id": None, "line": n, "error": f"line {n} is not JSON: {err.msg}"}
            continue
        if not isinstance(row, dict) or not isinstance(row.get(field), str):
            rid = row.get("id") if isinstance(row, dict) else None
            yield n, {}, {"id": rid, "line": n, "error": f'line {n} needs a "{field}" string'}
            continue
        yield n, row, None


def _check_lines(
    coach: Coach, kb: KnowledgeBase | None, lines: IO[str]
) -> Iterator[dict[str, Any]]:
    """One answer per non-blank input line, in order; a broken line gets an error answer."""
    for _, row, error in _json_rows(lines, "text"):
        if error:
            yield error
            continue
        report = coach.check(row["text"])
        answer = render.as_json(report, row.get("id"))
        if kb is not None:
            context = row.get("context") if isinstance(row.get("context"), str) else None
            hits = fixes_for(kb, report, context)
            answer["alternatives"] = [{"id": h.fix.id, "title": h.fix.title} for h in hits]
        yield answer


def _lint(args: argparse.Namespace) -> int:
    settings, problems = settings_for(args.config, args.folder or args.phrasebook)
    engine, more = build(settings)
    problems += more
    _print_problems(problems, sys.stdout)
    wrong = blocking(problems)
    if wrong or engine is None:
        print(f"\n{len(wrong)} problem{'s' * (len(wrong) != 1)} in {settings.phrasebook}")
        return EXIT_PROBLEMS
    rules = engine.phrasebook.rules
    phrases = sum(len(r.phrases) for r in rules)
    examples = sum(len(r.examples) for r in rules)
    notes = len(problems)
    noted = f"; {notes} note{'s' * (notes != 1)} above" if notes else ""
    print(
        f"{chr(10) if notes else ''}ok: {len(rules)} rules, {phrases} phrases, {examples} examples"
        f" pass ({settings.phrasebook}){noted}"
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    coach = Coach(args.config, args.phrasebook)
    drafts = [d.strip() for d in SAMPLES.read_text(encoding="utf-8").split("\n---\n") if d.strip()]
    color = sys.stdout.isatty()
    for draft in drafts:
        print("─" * 72)
        print(render.human(coach.check(draft), color=color))
    print("─" * 72)
    print(
        'Those were sample drafts. Check your own with `phrasebot check "text"`, and edit the\n'
        "rules in phrasebook/ (see phrasebook/README.md; `phrasebot lint` checks them).\n"
        'Known fixes: `phrasebot fixes "reader won\'t turn on"` searches knowledge/.\n'
        "Slack: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET\n"
        "(HTTP) in the environment or in .env, and `make run` starts the app (README: Slack)."
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from bot.slack.serve import serve  # the Slack edge loads only for this command

    return serve(
        config=args.config,
        phrasebook=args.phrasebook,
        http=args.http,
        host=args.host,
        port=args.port,
    )


def _start(args: argparse.Namespace) -> int:
    load_dotenv(Path.cwd() / ".env")
    if os.environ.get("SLACK_BOT_TOKEN"):
        args.http = not os.environ.get("SLACK_APP_TOKEN")
        args.host, args.port = "0.0.0.0", int(os.environ.get("PORT", "3000"))
        return _serve(args)
    return _demo(args)


def _stats(args: argparse.Namespace) -> int:
    settings, _ = settings_for(args.config, args.phrasebook)
    if not Path(settings.store).is_file():
        print(f"Nothing recorded yet: {settings.store} does not exist until the Slack app runs.")
        return 0
    store = open_store(settings.store)
    try:
        since = time.time() - max(args.days, 1) * 86_400
        print(render.stats(store.stats(since=since), days=max(args.days, 1)))
    finally:
        store.close()
    return 0


def _print_problems(problems: list[Problem], out: IO[str]) -> None:
    for problem in problems:
        print(problem, file=out)


if __name__ == "__main__":
    sys.exit(main())
