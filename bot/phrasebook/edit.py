"""Lead edits to the phrasebook, as changes to the files' text: add a phrase or an exception, add
a rule, switch a rule off or on, add a sentence to a rule's meaning bank.

Each edit reads the file as it is, changes only the lines it must (bot.yamledit), parses the
result back and compares it with what the lead meant, and returns a `Change`: the new text of
each file, not yet written. bot.phrasebook.apply judges a Change and makes it live. What a lead
typed that cannot be used raises EditError naming the form field it is about.
"""

from __future__ import annotations

import copy
import json
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import yamledit
from bot.model import KEBAB_ID, LANGUAGES, LEVEL_NAMES, Settings
from bot.phrasebook import bank
from bot.phrasebook.load import rule_files
from bot.phrasebook.reader import MAX_PHRASE_CHARS, same_words
from bot.problems import EditError, did_you_mean
from bot.yamlfile import Document, YamlError, parse

_WIDTH = 96  # wrap `why` like the shipped rule files

# The fields of an edit, as EditError.field names them (the Slack forms use them as input ids).
RULE = "rule"
LANG = "lang"
PHRASE = "phrase"
NEW_ID = "id"
LEVEL = "level"
MESSAGE = "message"
WHY = "why"
PHRASES = "phrases"
BETTER_WORDING = "better_wording"
REPLACE_WITH = "replace_with"
BAD = "bad"
GOOD = "good"
STATE = "state"
SENTENCE = "sentence"  # a meaning bank's sample
SIDE = "side"  # bad or good


@dataclass(frozen=True)
class Change:
    """New full text per file, judged and written by bot.phrasebook.apply; nothing is on disk yet."""

    files: dict[Path, str]
    action: str  # add-phrase, add-exception, add-rule, rule-off, rule-on, add-sample
    rule: str
    lang: str = ""  # the language of the phrases added
    phrases: tuple[str, ...] = ()  # the phrase or exception added; a new rule's phrases
    level: str = ""  # a new rule's level
    side: str = ""  # a sample's: bad or good
    # Each file's text when the change was made (None: no such file yet). apply() refuses the
    # change if a file moved on since, so two leads (or a git pull) never undo each other.
    base: dict[Path, str | None] = field(default_factory=dict)
    # The same edit made again on the files as they are now: an edit prepared on an older
    # version is re-applied this way when the file moved on since.
    redo: Callable[[Settings], Change] | None = field(default=None, compare=False, repr=False)

    @property
    def detail(self) -> str:
        """What changed, for the audit log: 'en: "no worries"', 'rules.yaml: off'."""
        if self.action in ("rule-on", "rule-off"):
            name = next(iter(self.files)).name
            return f"{name}: {self.action.removeprefix('rule-')}"
        shown = ", ".join(_quoted(p) for p in self.phrases)
        note = self.level or self.side
        return f"{self.lang}: {shown}" + (f" ({note})" if note else "")


# -- the edits -------------------------------------------------------------------------------


def add_phrase(settings: Settings, rule_id: str, lang: str, phrase: str) -> Change:
    """Add a phrase (stripped of outer spaces) to a rule's phrases in one language."""
    return _add_item(settings, rule_id, lang, phrase, "phrases", "add-phrase")


def add_exception(settings: Settings, rule_id: str, lang: str, phrase: str) -> Change:
    """Add a harmless wording to a rule's exceptions in one language."""
    return _add_item(settings, rule_id, lang, phrase, "exceptions", "add-exception")


def add_rule(
    settings: Settings,
    rule_id: str,
    *,
    level: str,
    message: str,
    why: str,
    lang: str,
    phrases: Sequence[str],
    better_wording: str,
    replace_with: str,
    bad_examples: Sequence[str],
    good_examples: Sequence[str] = (),
) -> Change:
    """Write a new rule file, phrasebook/<rule_id>.yaml, laid out like the shipped ones."""
    folder = Path(settings.phrasebook)
    _check_new_id(folder, rule_id)
    _check_lang(lang)
    if level.lower() not in LEVEL_NAMES:
        raise EditError(
            f'unknown level "{level}"{did_you_mean(level.lower(), LEVEL_NAMES)}',
            f"use one of: {', '.join(LEVEL_NAMES)}",
            LEVEL,
        )
    listed = _phrases(phrases)
    value: dict[str, Any] = {
        "level": level.lower(),
        "message": _text(message, "message", MESSAGE, one_line=True),
        "why": _text(why, "why", WHY, one_line=True),
        "better_wording": {lang: _text(better_wording, "better wording", BETTER_WORDING)},
        "replace_with": {lang: _text(replace_with, "wording to replace with", REPLACE_WITH)},
        "phrases": {lang: listed},
        "examples": {lang: _examples(bad_examples, good_examples)},
    }
    text = _rule_text(rule_id, value, lang)
    path = folder / f"{rule_id}.yaml"
    _verify(text, value, path)
    return Change(
        {path: text},
        "add-rule",
        rule_id,
        lang=lang,
        phrases=tuple(listed),
        level=level.lower(),
        base={path: None},
    )  # no redo: a rule file that appeared meanwhile is a real conflict


def set_rule(settings: Settings, rule_id: str, on: bool) -> Change:
    """Switch a rule off (`rule-id: off` in rules.yaml) or back on, keeping every other line."""
    if not settings.path:
        raise EditError(
            "there is no rules.yaml to switch rules off in",
            "create rules.yaml beside the phrasebook folder with the line `phrasebook: phrasebook`",
        )
    _rule_file(settings, rule_id)
    path = Path(settings.path)
    raw = _read(path)
    text, eol = yamledit.unix(raw)
    data = _parsed(text, path).value
    data = {} if data is None else data
    rules = data.get("rules") if isinstance(data, dict) else None
    rules = {} if rules is None else rules
    if not isinstance(data, dict) or not isinstance(rules, dict):
        raise EditError(
            f"{path.name} is not laid out as expected", "run `phrasebot lint` and fix it"
        )
    current = rules.get(rule_id)
    if _is_off(current) == (not on):
        state = "on" if on else "off"
        raise EditError(f"{rule_id} is already {state}", "nothing to change", STATE)
    new = _switched(current, on)
    expected = {k: v for k, v in rules.items() if k != rule_id}
    if new is not None:
        expected[rule_id] = new
    rendered = None if new is None else _render(new)
    whole = {str(k): _render(v) for k, v in expected.items()}
    edited = yamledit.set_entry(text, "rules", rule_id, rendered, whole)
    _verify_rules(edited, data, expected, path)
    action = "rule-on" if on else "rule-off"
    return Change(
        {path: yamledit.native(edited, eol)},
        action,
        rule_id,
        base={path: raw},
        redo=lambda now: set_rule(now, rule_id, on),
    )


def add_sample(settings: Settings, rule_id: str, lang: str, sentence: str, bad: bool) -> Change:
    """Add a sentence to a rule's meaning bank, meaning/<rule_id>.yaml: bad when it means what
    the rule forbids, good when it is harmless but sounds close. A rule without a bank gets
    one, opening with the comment the shipped banks open with."""
    _rule_file(settings, rule_id)
    _check_lang(lang)
    sentence, side = _text(sentence, "sentence", SENTENCE, one_line=True), BAD if bad else GOOD
    path = Path(settings.phrasebook) / bank.FOLDER / f"{rule_id}.yaml"
    raw = _read(path) if path.exists() else None
    text, eol = yamledit.unix(bank.HEADER.format(rule=rule_id) if raw is None else raw)
    data = _parsed(text, path).value or {}
    for listed in bank.SIDES:  # _items refuses a layout that is not a bank's
        for code in (data.get(listed) or {}) if isinstance(data, dict) else ():
            if _norm(sentence) in {_norm(s) for s in _items(data, listed, code, path)}:
                other = f"a sentence cannot be both: take it out of {_name(path)}"
                raise EditError(
                    f'"{sentence}" is already a {listed} sample of {rule_id} ({code})',
                    "nothing to add" if listed == side else other,
                    SENTENCE,
                )
    present = _items(data, side, lang, path)
    edited = yamledit.add_item(text, side, lang, sentence)
    expected = {**data, side: {**(data.get(side) or {}), lang: [*present, sentence]}}
    _verify(edited, expected, path)
    return Change(
        {path: yamledit.native(edited, eol)},
        "add-sample",
        rule_id,
        lang=lang,
        phrases=(sentence,),
        side=side,
        base={path: raw},
        redo=lambda now: add_sample(now, rule_id, lang, sentence, bad),
    )


# -- adding a phrase or an exception ----------------------------------------------------------


def _add_item(
    settings: Settings, rule_id: str, lang: str, phrase: str, section: str, action: str
) -> Change:
    path = _rule_file(settings, rule_id)
    _check_lang(lang)
    phrase = _phrase(phrase, PHRASE)
    raw = _read(path)
    text, eol = yamledit.unix(raw)
    data = _parsed(text, path).value
    present = _items(data, section, lang, path)
    if _norm(phrase) in {_norm(p) for p in present}:
        raise EditError(
            f'"{phrase}" is already in the {section} of {rule_id} ({lang})',
            "nothing to add; check a draft with it to see what fires",
            PHRASE,
        )
    edited = yamledit.add_item(text, section, lang, phrase)
    expected = copy.deepcopy(data)
    expected[section] = {**(data.get(section) or {}), lang: [*present, phrase]}
    _verify(edited, expected, path)
    return Change(
        {path: yamledit.native(edited, eol)},
        action,
        rule_id,
        lang=lang,
        phrases=(phrase,),
        base={path: raw},
        redo=lambda now: _add_item(now, rule_id, lang, phrase, section, action),
    )


def _items(data: Any, section: str, lang: str, path: Path) -> list[Any]:
    """The items of section/lang as a list, so the expected result can be computed."""
    block = data.get(section) if isinstance(data, dict) else None
    items = block.get(lang) if isinstance(block, dict) else None
    if not isinstance(data, dict) or (block is not None and not isinstance(block, dict)):
        raise EditError(
            f"{_name(path)}: {section} is not laid out as it should be",
            "run `phrasebot lint` and fix the file first",
        )
    if items is None:
        return []
    return [items] if isinstance(items, str) else list(items) if isinstance(items, list) else []


# -- rules.yaml ------------------------------------------------------------------------------


def _is_off(value: Any) -> bool:
    return (
        value is False
        or value == "off"
        or (isinstance(value, dict) and value.get("off") in (True, "off"))
    )


def _switched(current: Any, on: bool) -> Any:
    """The entry after switching (None: no entry); a level is kept alongside off, so on
    brings it back."""
    if on:
        kept = {k: v for k, v in current.items() if k != "off"} if isinstance(current, dict) else {}
        return kept.get("level") if list(kept) == ["level"] else kept or None
    if current is None:
        return False
    if isinstance(current, dict):
        return {**current, "off": True}
    return {"level": current, "off": True}


def _render(value: Any) -> str:
    """A rules.yaml value as flow YAML; False is written `off`, as leads write it."""
    if value is False:
        return "off"
    if isinstance(value, bool):
        return "true"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{yamledit.scalar(str(k), flow=True)}: {_render(v)}" for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, str):
        return yamledit.scalar(value, flow=True)
    raise EditError(f"cannot write {value!r} in rules.yaml", "fix the rule's entry by hand")


def _verify_rules(text: str, before: dict[str, Any], rules: dict[str, Any], path: Path) -> None:
    """Only the one entry changed, and it says what was asked (off is False once parsed)."""
    try:
        after = parse(text).value
    except YamlError:
        after = None
    expected = {**before, "rules": rules}
    if not isinstance(after, dict) or {k: v for k, v in after.items() if k != "rules"} != {
        k: v for k, v in expected.items() if k != "rules"
    }:
        raise _unsafe(path)
    if (after.get("rules") or {}) != rules:
        raise _unsafe(path)


# -- a new rule file -------------------------------------------------------------------------


def _rule_text(rule_id: str, value: dict[str, Any], lang: str) -> str:
    bad, good = value["examples"][lang]["bad"], value["examples"][lang].get("good", [])
    scalar = yamledit.scalar
    lines = [
        f"# {rule_id}: added from Slack. phrasebook/README.md explains every key; edit freely.",
        f"level: {value['level']}",
        f"message: {scalar(value['message'])}",
        *_why_lines(value["why"]),
        "",
        "# Shown to the agent as the better way to say it.",
        "better_wording:",
        f"  {lang}: {scalar(value['better_wording'][lang])}",
        "",
        "# What the rewrite puts in place of the flagged words.",
        "replace_with:",
        f"  {lang}: {scalar(value['replace_with'][lang])}",
        "",
        "phrases:",
        f"  {lang}:",
        *(f"    - {scalar(p)}" for p in value["phrases"][lang]),
        "",
        "# Run as tests: each bad example must be flagged by this rule, no good one by any rule.",
        "examples:",
        f"  {lang}:",
        "    bad:",
        *(f"      - {scalar(x)}" for x in bad),
        *(["    good:", *(f"      - {scalar(x)}" for x in good)] if good else []),
    ]
    return "\n".join(lines) + "\n"


def _why_lines(why: str) -> list[str]:
    """A folded block like the shipped files, when every character can stand in one."""
    if not why.isprintable():
        return [f"why: {yamledit.double_quoted(why)}"]
    wrapped = textwrap.wrap(why, _WIDTH, break_long_words=False, break_on_hyphens=False)
    return ["why: >-", *(f"  {line}" for line in wrapped)]


def _examples(bad: Sequence[str], good: Sequence[str]) -> dict[str, list[str]]:
    if not bad:
        raise EditError(
            "a new rule needs at least one bad example",
            "add a sentence an agent might send that the rule must flag",
            BAD,
        )
    sides = {"bad": [_text(x, "example", BAD) for x in bad]}
    if good:
        sides["good"] = [_text(x, "example", GOOD) for x in good]
    return sides


def _phrases(phrases: Sequence[str]) -> list[str]:
    out = [_phrase(p, PHRASES) for p in phrases]
    if not out:
        raise EditError(
            "a new rule needs at least one phrase", "add the words agents write", PHRASES
        )
    seen: set[str] = set()
    for phrase in out:
        if _norm(phrase) in seen:
            raise EditError(f'"{phrase}" is listed twice', "keep one of them", PHRASES)
        seen.add(_norm(phrase))
    return out


def _check_new_id(folder: Path, rule_id: str) -> None:
    if not KEBAB_ID.match(rule_id):
        raise EditError(
            f'"{rule_id}" is not a usable rule id',
            "write it in lower case with dashes, e.g. rude-greeting",
            NEW_ID,
        )
    if rule_id in (p.stem for p in rule_files(folder)):
        raise EditError(
            f'a rule "{rule_id}" already exists',
            "choose another id, or add phrases to that rule",
            NEW_ID,
        )


# -- checks on what a lead typed -------------------------------------------------------------


def _rule_file(settings: Settings, rule_id: str) -> Path:
    files = {p.stem: p for p in rule_files(Path(settings.phrasebook))}
    if rule_id in files:
        return files[rule_id]
    raise EditError(
        f'no rule "{rule_id}" in the phrasebook{did_you_mean(rule_id, files)}',
        "use a rule id from the phrasebook folder (a file name without .yaml)",
        RULE,
    )


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise EditError(
            f'unknown language "{lang}"{did_you_mean(lang, LANGUAGES)}',
            f"use one of: {', '.join(LANGUAGES)}",
            LANG,
        )


def _phrase(phrase: str, field: str) -> str:
    phrase = phrase.strip()
    if not phrase:
        raise EditError("the phrase is empty", "type the words agents write, e.g. beats me", field)
    if len(phrase) > MAX_PHRASE_CHARS:
        raise EditError(
            f"the phrase is {len(phrase)} characters long",
            f"keep phrases under {MAX_PHRASE_CHARS} characters: the few words that are always wrong",
            field,
        )
    if "\n" in phrase or "\r" in phrase:
        raise EditError("a phrase must be one line", "add each phrase on its own", field)
    return phrase


def _text(text: str, what: str, field: str, *, one_line: bool = False) -> str:
    text = " ".join(text.split()) if one_line else text.strip()
    if not text:
        raise EditError(f"the {what} is empty", f"write the {what}", field)
    return text


def _norm(item: Any) -> str:
    """Compare phrases as a lead would: case, spacing and apostrophes aside."""
    if isinstance(item, dict) and len(item) == 1:
        item = next(iter(item))
    return same_words(str(item))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# -- reading and verifying -------------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise EditError(f"cannot read {path}: {err}", "check the file, then try again") from None


def _parsed(text: str, path: Path) -> Document:
    try:
        return parse(text)
    except YamlError as err:
        raise EditError(
            f"{_name(path)}:{err.line}: {err.message}",
            "fix the file first (`phrasebot lint` shows every problem)",
        ) from None


def _verify(text: str, expected: Any, path: Path) -> None:
    """Never hand out a text that YAML does not read back as exactly what was meant."""
    try:
        doc = parse(text)
    except YamlError:
        raise _unsafe(path) from None
    if doc.value != expected or doc.duplicates:
        raise _unsafe(path)


def _name(path: Path) -> str:
    """A file as a lead finds it in the phrasebook folder: dont-know.yaml, meaning/dont-know.yaml."""
    return f"{bank.FOLDER}/{path.name}" if path.parent.name == bank.FOLDER else path.name


def _unsafe(path: Path) -> EditError:
    return EditError(
        f"the edit to {_name(path)} could not be made safely in its current layout",
        "make this edit by hand in the file, then run `phrasebot lint`",
    )
