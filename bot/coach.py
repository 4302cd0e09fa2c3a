"""The library entry point: load settings and phrasebook, check drafts, reload safely.

A phrasebook goes live only when it has no problems at all: its YAML is valid, its phrases
compile, every bad example is flagged by its rule and no good example is, and every rewrite
wording checks clean. reload() keeps the last good phrasebook in service otherwise.
"""

from __future__ import annotations

import threading
from pathlib import Path

from bot import config
from bot.check.engine import Engine
from bot.model import LANGUAGES, Level, Phrasebook, Problem, Report, Settings
from bot.phrasebook import load as phrasebook

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = "rules.yaml"


class PhrasebookError(Exception):
    """The phrasebook or rules.yaml has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def find_config(given: str | Path | None = None) -> Path | None:
    """--config if given, else ./rules.yaml, else the project's own rules.yaml."""
    if given:
        return Path(given)
    for candidate in (Path.cwd() / DEFAULT_CONFIG, PROJECT_ROOT / DEFAULT_CONFIG):
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config_path: str | Path | None = None, phrasebook_dir: str | Path | None = None
) -> tuple[Settings, list[Problem]]:
    path = find_config(config_path)
    settings, problems = config.load(path) if path else (_project_defaults(), [])
    if phrasebook_dir:
        settings = Settings(**{**settings.__dict__, "phrasebook": str(phrasebook_dir)})
    return settings, problems


def _project_defaults() -> Settings:
    """No rules.yaml anywhere: the project's own folders, with every default."""
    plain = Settings()
    return Settings(
        phrasebook=str(PROJECT_ROOT / plain.phrasebook),
        knowledge=str(PROJECT_ROOT / plain.knowledge),
        index=str(PROJECT_ROOT / plain.index),
        store=str(PROJECT_ROOT / plain.store),
    )


def build(settings: Settings) -> tuple[Engine | None, list[Problem]]:
    """Compile the phrasebook for these settings and check it thoroughly."""
    book, problems = phrasebook.load(settings.phrasebook)
    if book is None:
        return None, problems
    everything = Engine(book)  # examples and wordings are judged with every rule on
    problems += everything.problems
    problems += run_examples(book, everything)
    problems += check_wordings(book, everything)
    problems += config.unknown_rules(settings, (r.id for r in book.rules))
    plain = (
        not settings.rules
        and set(settings.languages) == set(LANGUAGES)
        and settings.min_level == Level.INFO
    )
    return (everything if plain else Engine(book, settings)), problems


def run_examples(book: Phrasebook, engine: Engine) -> list[Problem]:
    problems = []
    for rule in book.rules:
        for ex in rule.examples:
            fired = [f for f in engine.check(ex.text).findings]
            own = [f for f in fired if f.rule == rule.id]
            if ex.bad and not own:
                problems.append(
                    Problem(
                        rule.file,
                        ex.line,
                        rule.id,
                        f'example not flagged: "{ex.text}" ({ex.lang})',
                        "add the phrase it uses to phrases:, or move the example to good:",
                    )
                )
            elif not ex.bad and own:
                problems.append(
                    Problem(
                        rule.file,
                        ex.line,
                        rule.id,
                        f'good example is flagged by its own rule: "{ex.text}" ({ex.lang}) matches "{own[0].match}"',
                        "add the harmless wording to exceptions:, or move the example to bad:",
                    )
                )
            elif not ex.bad and fired:
                problems.append(
                    Problem(
                        rule.file,
                        ex.line,
                        rule.id,
                        f'good example is flagged by rule {fired[0].rule}: "{ex.text}" ({ex.lang}) matches "{fired[0].match}"',
                        "reword the example, or add an exception to that rule",
                    )
                )
    return problems


def check_wordings(book: Phrasebook, engine: Engine) -> list[Problem]:
    """The wording a rule offers must not itself be flagged, or the rewrite is not clean."""
    problems = []
    for rule in book.rules:
        offered = [("suggestion", lang, text) for lang, text in rule.suggestion.items()]
        offered += [("instead", lang, text) for lang, text in rule.instead.items()]
        offered += [("instead", p.lang, p.instead) for p in rule.phrases if p.instead]
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


class Coach:
    """Check drafts against the live phrasebook; reload() swaps in a new one only if it is sound."""

    def __init__(
        self, config_path: str | Path | None = None, phrasebook_dir: str | Path | None = None
    ) -> None:
        self._config_path = config_path
        self._phrasebook_dir = phrasebook_dir
        self._lock = threading.Lock()
        settings, engine, problems = self._build()
        if engine is None or problems:
            raise PhrasebookError(problems)
        self._settings, self._engine = settings, engine

    def _build(self) -> tuple[Settings, Engine | None, list[Problem]]:
        settings, problems = load_settings(self._config_path, self._phrasebook_dir)
        engine, more = build(settings)
        return settings, engine, problems + more

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def settings(self) -> Settings:
        return self._settings

    def check(self, text: str, min_level: Level | None = None) -> Report:
        """Check a draft; min_level (a channel's strictness) drops findings below it."""
        engine = self._engine
        report = engine.check(text)
        if min_level is None or all(f.level >= min_level for f in report.findings):
            return report
        kept = tuple(f for f in report.findings if f.level >= min_level)
        return Report(report.text, report.lang, kept, engine.rewrite(text, kept))

    def reload(self) -> list[Problem]:
        """Load rules.yaml and the phrasebook again; on any problem keep serving the previous."""
        settings, engine, problems = self._build()
        if engine is not None and not problems:
            with self._lock:
                self._settings, self._engine = settings, engine
        return problems
