"""The command line: phrasebot check | lint | demo."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from bot import render
from bot.coach import Coach, PhrasebookError, build, load_settings
from bot.model import Problem

SAMPLES = Path(__file__).with_name("samples.txt")
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
    check.set_defaults(run=_check)

    lint = sub.add_parser(
        "lint", parents=[common], help="validate the phrasebook and rules.yaml, run every example"
    )
    lint.add_argument("folder", nargs="?", help="the phrasebook folder (same as --phrasebook)")
    lint.set_defaults(run=_lint)

    demo = sub.add_parser(
        "demo", parents=[common], help="check the sample drafts and say how to connect Slack"
    )
    demo.set_defaults(run=_demo)
    return parser


def _check(args: argparse.Namespace) -> int:
    coach = Coach(args.config, args.phrasebook)
    if args.jsonl == "-":
        _write_answers(coach, sys.stdin)
        return 0
    if args.jsonl:
        try:
            with open(args.jsonl, encoding="utf-8", errors="replace") as stream:
                _write_answers(coach, stream)
        except OSError as err:
            print(f"phrasebot check: cannot read {args.jsonl}: {err.strerror}", file=sys.stderr)
            return EXIT_USAGE
        return 0
    if args.draft is None:
        print(
            "phrasebot check: give a draft, a file, or --jsonl FILE (- for stdin)", file=sys.stderr
        )
        return EXIT_USAGE
    text = _draft_text(args.draft)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(render.human(coach.check(text), color=color))
    return 0


def _write_answers(coach: Coach, lines: IO[str]) -> None:
    for answer in _check_lines(coach, lines):
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")


def _draft_text(arg: str) -> str:
    path = Path(arg)
    try:
        if len(arg) < 4096 and "\n" not in arg and path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return arg


def _check_lines(coach: Coach, lines: IO[str]) -> Iterator[dict[str, Any]]:
    """One answer per non-blank input line, in order; a broken line gets an error answer."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield {"id": None, "line": n, "error": f"line {n} is not JSON: {err.msg}"}
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield {
                "id": row.get("id") if isinstance(row, dict) else None,
                "line": n,
                "error": f'line {n} needs a "text" string',
            }
            continue
        yield render.as_json(coach.check(row["text"]), row.get("id"))


def _lint(args: argparse.Namespace) -> int:
    settings, problems = load_settings(args.config, args.folder or args.phrasebook)
    engine, more = build(settings)
    problems += more
    if problems:
        _print_problems(problems, sys.stdout)
        print(f"\n{len(problems)} problem{'s' * (len(problems) != 1)} in {settings.phrasebook}")
        return EXIT_PROBLEMS
    assert engine is not None
    rules = engine.phrasebook.rules
    phrases = sum(len(r.phrases) for r in rules)
    examples = sum(len(r.examples) for r in rules)
    print(
        f"ok: {len(rules)} rules, {phrases} phrases, {examples} examples pass ({settings.phrasebook})"
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
        "Slack: the Slack app is not part of this build yet; once it is, `make run` will start it\n"
        "when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set."
    )
    return 0


def _print_problems(problems: list[Problem], out: IO[str]) -> None:
    for problem in problems:
        print(problem, file=out)


if __name__ == "__main__":
    sys.exit(main())
