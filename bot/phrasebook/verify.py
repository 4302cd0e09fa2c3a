"""Decide whether a phrasebook may go live: compile it and run everything it claims.

A phrasebook goes live only when it has no problems at all: its YAML is valid, its phrases
compile, every bad example is flagged by its rule and no good example by any rule, and every
wording it offers checks clean (or the rewrite would need rewriting).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from bot import config
from bot.check.engine import Engine
from bot.check.meaning import Meaning, Tuning, vectors_for
from bot.embed.cache import VectorCache
from bot.model import LANGUAGES, Level, Phrasebook, Rule, Sample, Settings
from bot.phrasebook import bank, load
from bot.problems import Problem, quoted

VECTORS_FILE = "vectors.sqlite"  # beside the knowledge index: vectors of the bank, by content


def build(
    settings: Settings,
    overlay: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Engine | None, list[Problem]]:
    """Compile the phrasebook for these settings and check it thoroughly.

    `overlay` maps file paths to text that stands in for the file on disk, so an edit can be
    judged before it is written. `progress(done, todo)` hears of meaning samples embedded
    (only those never embedded before: the vectors are kept by content).
    """
    book, problems = load.load(settings.phrasebook, overlay)
    if book is None:
        return None, problems
    tier = meaning_for(book, settings, progress)
    everything = Engine(book, meaning=tier)  # examples and wordings: with every rule on
    problems += everything.problems
    if tier is not None:
        tier.learn([u for text in _own_texts(book) for u in everything.unit_texts(text)])
    problems += run_examples(book, everything)
    problems += run_rewrites(book, everything)
    problems += check_wordings(book, everything)
    problems += config.unknown_rules(settings, (r.id for r in book.rules), overlay)
    plain = (
        not settings.rules
        and set(settings.languages) == set(LANGUAGES)
        and settings.min_level == Level.INFO
    )
    engine = everything if plain else Engine(book, settings, tier)
    return engine, quoted(problems, lambda file: _text(file, overlay))


def attach_vectors(engine: Engine, settings: Settings) -> None:
    """Give an engine loaded from disk (bot.phrasebook.compiled) its vector file again."""
    if engine.meaning is not None:
        engine.meaning.attach(_vectors(settings))


def _vectors(settings: Settings) -> VectorCache:
    folder = Path(settings.phrasebook)
    return vectors_for(
        Path(settings.index).parent / VECTORS_FILE, [folder / bank.FOLDER / bank.SEED_FILE]
    )


def meaning_for(
    book: Phrasebook, settings: Settings, progress: Callable[[int, int], None] | None = None
) -> Meaning | None:
    """The meaning tier over the phrasebook's bank, or None when it is off or has no bank."""
    if not settings.meaning or not book.bank:  # examples alone are too few to learn from
        return None
    vectors = _vectors(settings)
    tuning = replace(Tuning(), **settings.meaning_tuning)  # type: ignore[arg-type]
    # A rule's own examples teach it too: its bad ones say what it forbids, and its good ones
    # are the harmless look-alikes a lead thought of; so does the better wording it offers.
    examples = tuple(
        Sample(rule.id, ex.text, ex.lang, ex.bad, rule.file, ex.line)
        for rule in book.rules
        for ex in rule.examples
    )
    # What a rule offers is harmless by its own word: its better wording, its clause wording
    # (the meaning tier reads a rewrite's sentences too) and the rewrites it pins.
    offered = [
        (rule, lang, text)
        for rule in book.rules
        for lang, text in (*rule.better_wording.items(), *_clauses(rule))
    ]
    offered += [(rule, spec.lang, spec.to) for rule in book.rules for spec in rule.rewrites]
    wordings = tuple(
        Sample(rule.id, text, lang, False, rule.file, rule.line) for rule, lang, text in offered
    )
    samples = (*book.bank, *examples, *wordings)
    return Meaning(samples, [r.id for r in book.rules], vectors, tuning, progress=progress)


def _clauses(rule: Rule) -> list[tuple[str, str]]:
    """A clause-mode rule's replace_with, as the sentence it becomes when it stands alone."""
    if rule.replace != "clause":
        return []
    return [(lang, text[:1].upper() + text[1:] + ".") for lang, text in rule.replace_with.items()]


def _own_texts(book: Phrasebook) -> list[str]:
    """The phrasebook's own sentences a check is run on: examples and offered wordings."""
    texts = [ex.text for rule in book.rules for ex in rule.examples]
    for rule in book.rules:
        texts += [*rule.better_wording.values(), *rule.replace_with.values()]
        texts += [p.replace_with for p in rule.phrases if p.replace_with]
    return texts


def run_examples(book: Phrasebook, engine: Engine) -> list[Problem]:
    """Every bad example must be flagged by its own rule's phrases, and no good one by any rule
    (phrases or the meaning tier). The examples teach the meaning tier too, so it would flag
    a bad one whatever the phrases say: they are what must catch it."""
    problems = []
    for rule in book.rules:
        for ex in rule.examples:
            fired = engine.check(ex.text, meaning=not ex.bad).findings
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


def run_rewrites(book: Phrasebook, engine: Engine) -> list[Problem]:
    """Every `rewrites:` pair must come out exactly: the draft flagged by its own rule and
    rewritten to `to`, so a drop-in that would break the grammar is caught before it goes
    live. Once a rule has pairs, a language it has phrases in but no pair for gets a note."""
    problems = []
    for rule in book.rules:
        for spec in rule.rewrites:
            report = engine.check(spec.text)
            if not any(f.rule == rule.id for f in report.findings):
                message = f'rewrite example not flagged by {rule.id}: "{spec.text}" ({spec.lang})'
                fix = "use a draft the rule flags, or add the phrase it uses to phrases:"
            elif report.rewrite != spec.to:
                message = f'rewrite example gives "{report.rewrite}", not "{spec.to}" ({spec.lang})'
                fix = "fix replace_with (or replace:) until it reads right, then update to:"
            else:
                continue
            problems.append(Problem(rule.file, spec.line, rule.id, message, fix, spec.column))
        covered = {spec.lang for spec in rule.rewrites}
        for lang in sorted({p.lang for p in rule.phrases} - covered if covered else ()):
            problems.append(
                Problem(
                    rule.file,
                    rule.line,
                    rule.id,
                    f"no rewrite example in {lang}",
                    f"add `rewrites: {{{lang}: [{{from: a draft, to: its rewrite}}]}}`",
                    note=True,
                )
            )
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
            # A replace_with is a piece of a sentence: the meaning tier reads whole ones.
            fired = engine.check(text, meaning=key == "better_wording").findings
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
