"""Check the values of one YAML file a lead wrote, collecting problems with their lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.model import LANGUAGES, Phrase, Unless
from bot.problems import Problem, did_you_mean
from bot.yamlfile import Document, YamlError, read

MAX_PHRASE_CHARS = 400  # a family of wordings ({a|b|c} ...) may be long
SCOPES = (
    "clause",
    "sentence",
    "rest-of-sentence",
    "rest-of-draft",
    "after",
    "draft",
    "before",
    "just-before",
    "opening",
)
SHARED_FILE = "_language.yaml"


@dataclass
class Reader:
    """Checks one file's values, remembering problems with their lines."""

    file: str
    doc: Document
    rule: str
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, path: tuple[str | int, ...], message: str, fix: str, *, key: bool = False
    ) -> None:
        """Note a problem with the value at `path`, or with its key when key=True."""
        self.problems.append(self.doc.problem(self.file, path, self.rule, message, fix, key=key))

    def unknown_keys(
        self, data: Mapping[str, Any], path: tuple[str | int, ...], known: Iterable[str], fix: str
    ) -> None:
        """Note each key of `data` (found at `path`) that is not one of `known`."""
        names = list(known)
        for key in data:
            if key not in names:
                self.problem(
                    (*path, key),
                    f'unknown key "{key}"{did_you_mean(key, names)}',
                    fix,
                    key=True,
                )

    def text(self, value: Any, path: tuple[str | int, ...], what: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.problem(
            path, f"{what} must be non-empty text, got {shown(value)}", f"write {what} as text"
        )
        return None

    def mapping(self, value: Any, path: tuple[str | int, ...], what: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.problem(
            path,
            f"{what} must be a mapping, got {shown(value)}",
            f"write {what} as `key: value` lines",
        )
        return {}

    def per_language(self, value: Any, path: tuple[str | int, ...], what: str) -> dict[str, Any]:
        """A mapping keyed by language code; unknown codes are reported and skipped."""
        out = {}
        for lang, item in self.mapping(value, path, what).items():
            if lang in LANGUAGES:
                out[lang] = item
            else:
                self.problem(
                    (*path, lang),
                    f'unknown language "{lang}" in {what}{did_you_mean(lang, LANGUAGES)}',
                    f"use one of: {', '.join(LANGUAGES)}",
                    key=True,
                )
        return out

    def phrase_list(self, value: Any, path: tuple[str | int, ...], what: str) -> tuple[Phrase, ...]:
        phrases = []
        for lang, items in self.per_language(value, path, what).items():
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list):
                self.problem(
                    (*path, lang),
                    f"{what} ({lang}) must be a list",
                    "write one phrase per `- ` line",
                )
                continue
            for i, item in enumerate(items):
                phrase = self._phrase(item, lang, (*path, lang, i), what)
                if phrase:
                    phrases.append(phrase)
        return tuple(phrases)

    def _phrase(
        self, item: Any, lang: str, path: tuple[str | int, ...], what: str
    ) -> Phrase | None:
        replace_with = None
        if isinstance(item, dict) and len(item) == 1:
            item, replace_with = next(iter(item.items()))
            if not isinstance(replace_with, str):
                self.problem(
                    path,
                    f"the rewrite for {item!r} must be text",
                    "write `- phrase: the words to replace it with`",
                )
                replace_with = None
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            self.problem(
                path,
                f"an item of {what} ({lang}) must be a phrase, got {shown(item)}",
                "write the phrase as plain text",
            )
            return None
        if len(item) > MAX_PHRASE_CHARS:
            self.problem(
                path,
                f"phrase is {len(item)} characters long",
                f"keep phrases under {MAX_PHRASE_CHARS} characters",
            )
            return None
        return Phrase(
            item.strip(),
            lang,
            replace_with.strip() if replace_with is not None else None,
            self.doc.line(*path),
            self.doc.column(*path),
        )

    def unless_list(
        self, value: Any, path: tuple[str | int, ...], cue_names: tuple[str, ...]
    ) -> tuple[Unless, ...]:
        """`- {cue: NAME, scope: SCOPE}` items: a rule's `unless:`, or the shared `context:`."""
        r = self
        if not isinstance(value, list):
            r.problem(
                path,
                f"{path[-1]} must be a list",
                "write `- cue: concrete-time` items with a `scope:`",
            )
            return ()
        out = []
        for i, item in enumerate(value):
            item = r.mapping(item, (*path, i), f"an {path[-1]} entry")
            r.unknown_keys(item, (*path, i), ("cue", "scope"), "use cue and scope")
            cue = item.get("cue")
            scope = item.get("scope", "sentence")
            if not isinstance(cue, str):
                r.problem(
                    (*path, i),
                    f"{path[-1]} entry has no cue",
                    "name a cue from _language.yaml, e.g. `cue: concrete-time`",
                )
                continue
            if cue not in cue_names:
                r.problem(
                    (*path, i, "cue"),
                    f'unknown cue "{cue}"{did_you_mean(cue, cue_names)}',
                    f"define it under cues: in {SHARED_FILE}, or use one of: {', '.join(cue_names) or 'none defined yet'}",
                )
                continue
            if scope not in SCOPES:
                r.problem(
                    (*path, i, "scope"),
                    f"unknown scope {scope!r}{did_you_mean(str(scope), SCOPES)}",
                    f"use one of: {', '.join(SCOPES)}",
                )
                continue
            out.append(Unless(cue, scope))
        return tuple(out)


def same_words(text: str) -> str:
    """A listed phrase or word as a lead compares it: case, spacing and apostrophes aside."""
    return " ".join(text.replace("’", "'").split()).casefold()


def read_yaml(
    path: Path, rule: str, overlay: Mapping[str, str] | None
) -> tuple[Document | None, list[Problem]]:
    try:
        return read(path, overlay), []
    except YamlError as err:
        return None, [err.problem(str(path), rule)]
    except OSError as err:
        return None, [
            Problem(str(path), 1, rule, f"cannot read the file: {err.strerror}", "check the path")
        ]


def shown(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"[:80]
