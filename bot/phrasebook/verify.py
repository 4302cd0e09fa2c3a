"""Decide whether a phrasebook may go live: compile it and run everything it claims.

A phrasebook goes live only when it has no problems at all: its YAML is valid, its phrases
compile, every bad example is flagged by its rule and no good example by any rule, and every
wording it offers checks clean (or the rewrite would need rewriting).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot import config
from bot.check.engine import Engine
from bot.model import LANGUAGES, Level, Phrasebook, Settings
from bot.phrasebook import load
from bot.problems import Problem, quoted


def build(
    settings: Settings, overlay: Mapping[str, str] | None = None
) -> tuple[Engine | None, list[Problem]]:
    """Compile the phrasebook for these settings and check it thoroughly.

    `overlay` maps file paths to text that stands in for the file on disk, so an edit can be
    judged before it is written.
    """
    book, problems = load.load(settings.phrasebook, overlay)
    if book is None:
        return None, problems
    everything = Engine(book)  # examples and wordings are judged with every rule on
    problems += everything.problems
    problems += run_examples(book, everything)
    problems += check_wordings(book, everything)
    problems += config.unknown_rules(settings, (r.id for r in book.rules), overlay)
    plain = (
        not settings.rules
        and set(settings.languages) == set(LANGUAGES)
        and settings.min_level == Level.INFO
    )
    engine = everything if plain else Engine(book, settings)
    return engine, quoted(problems, lambda file: _text(file, overlay))


def run_examples(book: Phrasebook, engine: Engine) -> list[Problem]:
    """Every bad example must be flagged by its own rule, and no good one by any rule."""
    problems = []
    for rule in book.rules:
        for ex in rule.examples:
            fired = engine.check(ex.text).findings
            own = [f for f in fired if f.rule == rule.id]
            if ex.bad and not own:
                message = f'example not flagged: "{ex.text}" ({ex.lang})'
                fix = "add the phrase it uses to phrases:, or move the example to good:"
            elif not ex.bad and own:
                message = (
                    f'good example is flagged by its own rule: "{ex.text}" ({ex.lang})'
                    f' matches "{own[0].match}"'
                )
                fix = "add the harmless wording to exceptions:, or move the example to bad:"
            elif not ex.bad and fired:
                message = (
                    f'good example is flagged by rule {fired[0].rule}: "{ex.text}" ({ex.lang})'
                    f' matches "{fired[0].match}"'
                )
                fix = "reword the example, or add an exception to that rule"
            else:
                continue
            problems.append(Problem(rule.file, ex.line, rule.id, message, fix, ex.column))
    return problems


def check_wordings(book: Phrasebook, engine: Engine) -> list[Problem]:
    """The wording a rule offers must not itself be flagged, or the rewrite is not clean."""
    problems = []
    for rule in book.rules:
        offered = [("better_wording", lang, text) for lang, text in rule.better_wording.items()]
        offered += [("replace_with", lang, text) for lang, text in rule.replace_with.items()]
        offered += [
            ("replace_with", p.lang, p.replace_with) for p in rule.phrases if p.replace_with
        ]
        for key, lang, text in offered:
            fired = engine.check(text).findings
            if fired:
                problems.append(
                    Problem(
                        rule.file,
                        rule.line,
                        rule.id,
                        f"the {key} ({lang}) is itself flagged by {fired[0].rule!r}: {fired[0].match!r}",
                        "reword it so that it checks clean",
                    )
                )
    return problems


def _text(file: str, overlay: Mapping[str, str] | None) -> str | None:
    if overlay and file in overlay:
        return overlay[file]
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
