"""Lead edits to the phrasebook from Slack: text edits that keep comments, checked before going live.

An edit changes the file's text line by line (YAML is never dumped again, so comments and layout
stay), is parsed back and compared with what was meant, is checked like `phrasebot lint` on a
scratch copy of the phrasebook, and only then is written atomically and hot-reloaded. An edit
with problems writes nothing and returns the problems, naming the real files.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import json
import os
import re
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot import config
from bot.coach import Coach
from bot.model import KEBAB_ID, LANGUAGES, LEVEL_NAMES, Settings
from bot.phrasebook.load import MAX_PHRASE_CHARS
from bot.phrasebook.verify import build
from bot.problems import Problem, did_you_mean
from bot.yamlfile import Document, YamlError, parse

_LOCK = threading.Lock()  # one edit at a time: check, write and reload see the same files
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_TYPED = re.compile(  # plain scalars YAML would read as something other than text
    r"^(~|null|true|false|yes|no|on|off|y|n|<<|=|[-+]?\.?\d[\d_:.,eE+-]*|[-+]?\.(inf|nan))$"
    r"|^\d{4}-\d\d?-\d\d?",
    re.IGNORECASE,
)
_NULLS = ("~", "null", "Null", "NULL")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_WIDTH = 96  # wrap `why` like the shipped rule files
_REMOVE = object()  # a rules.yaml entry that switching on takes away


class EditError(Exception):
    """The edit cannot be made as asked; `message` says why and `fix` what to do instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message}\n  fix: {fix}")
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Change:
    """New full text per file, checked by check() and written by apply(); nothing is on disk yet."""

    files: dict[Path, str]
    action: str  # add-phrase, add-exception, add-rule, rule-off, rule-on
    rule: str
    detail: str  # what changed, for the audit log: 'en: "no worries"'
    # Each file's text when the change was made (None: no such file yet). apply() refuses the
    # change if a file moved on since, so two leads (or a git pull) never undo each other.
    base: dict[Path, str | None] = field(default_factory=dict)


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
    suggestion: str,
    instead: str,
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
        )
    listed = _phrases(phrases)
    value: dict[str, Any] = {
        "level": level.lower(),
        "message": _text(message, "message", one_line=True),
        "why": _text(why, "why", one_line=True),
        "suggestion": {lang: _text(suggestion, "suggestion")},
        "instead": {lang: _text(instead, "instead")},
        "phrases": {lang: listed},
        "examples": {lang: _examples(bad_examples, good_examples)},
    }
    text = _rule_text(rule_id, value, lang)
    path = folder / f"{rule_id}.yaml"
    _verify(text, value, path)
    shown = ", ".join(_quoted(p) for p in listed)
    return Change(
        {path: text}, "add-rule", rule_id, f"{lang}: {shown} ({level.lower()})", {path: None}
    )


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
    text, eol = _unix(raw)
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
        raise EditError(f"{rule_id} is already {state}", "nothing to change")
    new = _switched(current, on)
    expected = {k: v for k, v in rules.items() if k != rule_id}
    if new is not _REMOVE:
        expected[rule_id] = new
    edited = _set_rules_entry(text, rule_id, new, expected)
    _verify_rules(edited, data, expected, path)
    action = "rule-on" if on else "rule-off"
    detail = f"{path.name}: {'on' if on else 'off'}"
    return Change({path: _native(edited, eol)}, action, rule_id, detail, {path: raw})


# -- checking and applying -------------------------------------------------------------------


def check(change: Change, settings: Settings) -> list[Problem]:
    """Run the lint checks on a scratch copy with the change in place; real files stay as they are."""
    book = Path(settings.phrasebook)
    rules = Path(settings.path) if settings.path else None
    with tempfile.TemporaryDirectory(prefix="phrasebot-edit-") as tmp:
        root = Path(tmp).resolve()
        moves = [(root / "phrasebook", book)] + ([(root / "rules.yaml", rules)] if rules else [])
        if book.is_dir():
            shutil.copytree(book, root / "phrasebook")
        if rules and rules.is_file():
            shutil.copyfile(rules, root / "rules.yaml")
        for path, text in change.files.items():
            target = _scratch_path(path, moves)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        scratch, problems = config.load(root / "rules.yaml") if rules else (settings, [])
        _, more = build(replace(scratch, phrasebook=str(root / "phrasebook")))
    lines = {str(path): _lines_now(path, text) for path, text in change.files.items()}
    return [_on_disk(_real(p, moves), lines) for p in problems + more]


def apply(change: Change, coach: Coach) -> list[Problem]:
    """Check the change, write it atomically and reload; on any problem write nothing."""
    with _LOCK:
        problems = _stale(change) or check(change, coach.settings)
        if problems:
            return problems
        for path, text in change.files.items():
            try:
                _write_atomic(path, text)
            except OSError as err:
                fix = "check that the folder exists and the bot may write to it"
                return [Problem(str(path), 1, change.rule, f"cannot write: {err.strerror}", fix)]
        return coach.reload()


def scalar(text: str, *, flow: bool = False) -> str:
    """Write text as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    return text if _plain_ok(text, flow) else _double_quoted(text)


# -- adding a phrase or an exception ----------------------------------------------------------


def _add_item(
    settings: Settings, rule_id: str, lang: str, phrase: str, section: str, action: str
) -> Change:
    path = _rule_file(settings, rule_id)
    _check_lang(lang)
    phrase = _phrase(phrase)
    raw = _read(path)
    text, eol = _unix(raw)
    data = _parsed(text, path).value
    present = _items(data, section, lang, path)
    if _norm(phrase) in {_norm(p) for p in present}:
        raise EditError(
            f'"{phrase}" is already in the {section} of {rule_id} ({lang})',
            "nothing to add; check a draft with it to see what fires",
        )
    edited = _with_item(text, section, lang, phrase)
    expected = copy.deepcopy(data)
    expected[section] = {**(data.get(section) or {}), lang: [*present, phrase]}
    _verify(edited, expected, path)
    detail = f"{lang}: {_quoted(phrase)}"
    return Change({path: _native(edited, eol)}, action, rule_id, detail, {path: raw})


def _items(data: Any, section: str, lang: str, path: Path) -> list[Any]:
    """The items of section/lang as a list, so the expected result can be computed."""
    block = data.get(section) if isinstance(data, dict) else None
    items = block.get(lang) if isinstance(block, dict) else None
    if not isinstance(data, dict) or (block is not None and not isinstance(block, dict)):
        raise EditError(
            f"{path.name}: {section} is not laid out as a rule file's should be",
            "run `phrasebot lint` and fix the file first",
        )
    if items is None:
        return []
    return [items] if isinstance(items, str) else list(items) if isinstance(items, list) else []


def _with_item(text: str, section: str, lang: str, phrase: str) -> str:
    """Add `- phrase` under section/lang, making the language key or the section if need be."""
    lines = text.split("\n")
    top = _find_key(lines, 0, len(lines), 0, section)
    if top is None:
        return "\n".join(
            _new_section(lines, [f"{section}:", f"  {lang}:", f"    - {scalar(phrase)}"])
        )
    _open_block(lines, top)
    end = _body_end(lines, top, 0)
    child = _child_indent(lines, top, end)
    key = _find_key(lines, top + 1, end, child, lang)
    if key is None:
        step = _item_step(lines, top, end, child)
        lines[end:end] = [f"{' ' * child}{lang}:", f"{' ' * (child + step)}- {scalar(phrase)}"]
    else:
        _append(lines, key, child, phrase)
    return "\n".join(lines)


def _append(lines: list[str], key: int, indent: int, phrase: str) -> None:
    """Append to the list at lines[key]: a block list, a flow list or a single phrase."""
    start, stop = _value_span(lines[key])
    value = lines[key][start:stop]
    end = _body_end(lines, key, indent)
    if value in ("", *_NULLS):
        lines[key] = _set_value(lines[key], "")
        items = [i for i in range(key + 1, end) if _is_content(lines[i])]
        at = _indent(lines[items[0]]) if items else indent + 2
        lines.insert(end, f"{' ' * at}- {scalar(phrase)}")
    elif value.startswith("["):
        _append_flow(lines, key if value.endswith("]") else end - 1, scalar(phrase, flow=True))
    elif value[0] not in _INDICATORS:  # `en: one phrase` becomes a list of two
        lines[key] = _set_value(lines[key], "")
        lines[key + 1 : key + 1] = [f"{' ' * (indent + 2)}- {x}" for x in (value, scalar(phrase))]
    else:
        raise EditError(
            "this list is written in a form the editor cannot extend",
            "write it as one `- phrase` per line, then try again",
        )


def _append_flow(lines: list[str], close: int, item: str) -> None:
    """Insert an item before the closing bracket of a flow list."""
    line = lines[close]
    stop = _comment_at(line)
    if not line[:stop].endswith("]"):
        raise EditError(
            "this list does not end where expected",
            "write it as one `- phrase` per line, then try again",
        )
    head = line[: stop - 1].rstrip()
    joined = (
        f"{head}{item}"
        if head.endswith("[")
        else f"{head}{'' if head.endswith(',') else ','} {item}"
    )
    lines[close] = joined + line[stop - 1 :]


def _new_section(lines: list[str], block: list[str]) -> list[str]:
    """Put a new top-level section before `examples:` (and its comments), else at the end."""
    at = _find_key(lines, 0, len(lines), 0, "examples")
    if at is None:
        last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
        lines[last + 1 : last + 1] = ["", *block] if last >= 0 else block
        return lines if lines[-1] == "" else [*lines, ""]
    while at > 0 and lines[at - 1].startswith("#"):
        at -= 1  # a comment right above `examples:` is about the examples
    lead = [""] if at > 0 and lines[at - 1].strip() else []
    lines[at:at] = [*lead, *block, ""]
    return lines


def _open_block(lines: list[str], top: int) -> None:
    """Turn `section: {}` or an empty `section:` into a block mapping that can take keys."""
    start, stop = _value_span(lines[top])
    value = lines[top][start:stop]
    if value in ("{}", *_NULLS):
        lines[top] = _set_value(lines[top], "")
    elif value:
        raise EditError(
            "this section is written on one line, which the editor cannot extend",
            "write it as one `key:` per line, then try again",
        )


# -- rules.yaml ------------------------------------------------------------------------------


def _is_off(value: Any) -> bool:
    return (
        value is False
        or value == "off"
        or (isinstance(value, dict) and value.get("off") in (True, "off"))
    )


def _switched(current: Any, on: bool) -> Any:
    """The entry after switching: a level is kept alongside off, so on brings it back."""
    if on:
        kept = {k: v for k, v in current.items() if k != "off"} if isinstance(current, dict) else {}
        return kept.get("level") if list(kept) == ["level"] else kept or _REMOVE
    if current is None:
        return False
    if isinstance(current, dict):
        return {**current, "off": True}
    return {"level": current, "off": True}


def _render(value: Any) -> str:
    if value is False:
        return "off"
    if isinstance(value, bool):
        return "true"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{scalar(str(k), flow=True)}: {_render(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, str):
        return scalar(value, flow=True)
    raise EditError(f"cannot write {value!r} in rules.yaml", "fix the rule's entry by hand")


def _set_rules_entry(text: str, rule_id: str, new: Any, expected: dict[str, Any]) -> str:
    """Set, change or remove `rule-id: …` under `rules:`, touching no other line."""
    lines = text.split("\n")
    top = _find_key(lines, 0, len(lines), 0, "rules")
    if top is None:
        return "\n".join(_new_section(lines, ["rules:", f"  {rule_id}: {_render(new)}"]))
    start, stop = _value_span(lines[top])
    if lines[top][start:stop] not in ("", "{}", *_NULLS):  # a flow mapping: write it out as a block
        entries = [f"  {scalar(k)}: {_render(v)}" for k, v in expected.items()]
        lines[top] = _set_value(lines[top], "" if entries else "{}")
        lines[top + 1 : top + 1] = entries
        return "\n".join(lines)
    lines[top] = _set_value(lines[top], "")
    end = _body_end(lines, top, 0)
    child = _child_indent(lines, top, end)
    key = _find_key(lines, top + 1, end, child, rule_id)
    if key is None:
        lines.insert(end, f"{' ' * child}{rule_id}: {_render(new)}")
    elif new is _REMOVE:
        del lines[key : _body_end(lines, key, child)]
    elif _body_end(lines, key, child) > key + 1:  # a block mapping under the id: one line now
        lines[key : _body_end(lines, key, child)] = [f"{' ' * child}{rule_id}: {_render(new)}"]
    else:
        lines[key] = _set_value(lines[key], _render(new))
    if not any(_is_content(line) for line in lines[top + 1 : _body_end(lines, top, 0)]):
        lines[top] = _set_value(lines[top], "{}")  # back to how an empty rules: was written
    return "\n".join(lines)


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
    lines = [
        f"# {rule_id}: added from Slack. phrasebook/README.md explains every key; edit freely.",
        f"level: {value['level']}",
        f"message: {scalar(value['message'])}",
        *_why_lines(value["why"]),
        "",
        "suggestion:",
        f"  {lang}: {scalar(value['suggestion'][lang])}",
        "",
        "# What the rewrite puts in place of the flagged words.",
        "instead:",
        f"  {lang}: {scalar(value['instead'][lang])}",
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
        return [f"why: {_double_quoted(why)}"]
    wrapped = textwrap.wrap(why, _WIDTH, break_long_words=False, break_on_hyphens=False)
    return ["why: >-", *(f"  {line}" for line in wrapped)]


def _examples(bad: Sequence[str], good: Sequence[str]) -> dict[str, list[str]]:
    if not bad:
        raise EditError(
            "a new rule needs at least one bad example",
            "add a sentence an agent might send that the rule must flag",
        )
    sides = {"bad": [_text(x, "an example") for x in bad]}
    if good:
        sides["good"] = [_text(x, "an example") for x in good]
    return sides


def _phrases(phrases: Sequence[str]) -> list[str]:
    out = [_phrase(p) for p in phrases]
    if not out:
        raise EditError("a new rule needs at least one phrase", "add the words agents write")
    seen: set[str] = set()
    for phrase in out:
        if _norm(phrase) in seen:
            raise EditError(f'"{phrase}" is listed twice', "keep one of them")
        seen.add(_norm(phrase))
    return out


def _check_new_id(folder: Path, rule_id: str) -> None:
    if not KEBAB_ID.match(rule_id):
        raise EditError(
            f'"{rule_id}" is not a usable rule id',
            "write it in lower case with dashes, e.g. rude-greeting",
        )
    if rule_id in _rule_ids(folder):
        raise EditError(
            f'a rule "{rule_id}" already exists',
            "choose another id, or add phrases to that rule",
        )


# -- checks on what a lead typed -------------------------------------------------------------


def _rule_ids(folder: Path) -> list[str]:
    return sorted(
        p.stem
        for p in folder.glob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and not p.name.startswith((".", "_"))
    )


def _rule_file(settings: Settings, rule_id: str) -> Path:
    folder = Path(settings.phrasebook)
    for suffix in (".yaml", ".yml"):
        path = folder / f"{rule_id}{suffix}"
        if KEBAB_ID.match(rule_id) and path.is_file():
            return path
    raise EditError(
        f'no rule "{rule_id}" in the phrasebook{did_you_mean(rule_id, _rule_ids(folder))}',
        "use a rule id from the phrasebook folder (a file name without .yaml)",
    )


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise EditError(
            f'unknown language "{lang}"{did_you_mean(lang, LANGUAGES)}',
            f"use one of: {', '.join(LANGUAGES)}",
        )


def _phrase(phrase: str) -> str:
    phrase = phrase.strip()
    if not phrase:
        raise EditError("the phrase is empty", "type the words agents write, e.g. beats me")
    if len(phrase) > MAX_PHRASE_CHARS:
        raise EditError(
            f"the phrase is {len(phrase)} characters long",
            f"keep phrases under {MAX_PHRASE_CHARS} characters: the few words that are always wrong",
        )
    if "\n" in phrase or "\r" in phrase:
        raise EditError("a phrase must be one line", "add each phrase on its own")
    return phrase


def _text(text: str, what: str, *, one_line: bool = False) -> str:
    text = " ".join(text.split()) if one_line else text.strip()
    if not text:
        raise EditError(f"the {what} is empty", f"write the {what}")
    return text


def _norm(item: Any) -> str:
    """Compare phrases as a lead would: case, spacing and apostrophes aside."""
    if isinstance(item, dict) and len(item) == 1:
        item = next(iter(item))
    return " ".join(str(item).replace("’", "'").split()).casefold()


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# -- lines of YAML text ----------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _find_key(lines: list[str], start: int, stop: int, indent: int, key: str) -> int | None:
    """The line of `key:` at exactly this indentation between start and stop."""
    name = re.escape(key)
    pattern = re.compile(rf"^ {{{indent}}}(?:{name}|\"{name}\"|'{name}')[ \t]*:(?:[ \t]|$)")
    return next((i for i in range(start, stop) if pattern.match(lines[i])), None)


def _body_end(lines: list[str], key: int, indent: int) -> int:
    """One past the last content line of the value of lines[key] (trailing comments excluded)."""
    end = key + 1
    for i in range(key + 1, len(lines)):
        line = lines[i]
        if not _is_content(line):
            continue
        deeper = _indent(line) > indent
        if not deeper and not (_indent(line) == indent and re.match(r"-(\s|$)", line.lstrip())):
            break
        end = i + 1
    return end


def _child_indent(lines: list[str], top: int, end: int) -> int:
    return next((_indent(lines[i]) for i in range(top + 1, end) if _is_content(lines[i])), 2)


def _item_step(lines: list[str], top: int, end: int, child: int) -> int:
    """How far this file indents `- item` past its language key (2 in the shipped files)."""
    for i in range(top + 1, end):
        if re.match(r"\s*-\s", lines[i]):
            return max(_indent(lines[i]) - child, 0)
    return 2


def _value_span(line: str) -> tuple[int, int]:
    """Where the inline value of a `key: value  # comment` line starts and ends."""
    colon = re.match(r"^\s*(?:\"[^\"]*\"|'[^']*'|[^:#]*?)[ \t]*:", line)
    start = colon.end() if colon else 0
    stop = _comment_at(line)
    while start < stop and line[start] in " \t":
        start += 1
    return start, max(start, stop)


def _comment_at(line: str) -> int:
    """Where trailing whitespace and a comment begin; quotes only open at the start of a token."""
    quote, prev, i = "", " ", 0
    while i < len(line):
        char = line[i]
        if quote:
            escaped = char == "\\" and quote == '"'
            doubled = char == quote == "'" and line[i + 1 : i + 2] == "'"
            if escaped or doubled:  # the next character is part of the quoted text
                i += 1
            elif char == quote:
                quote = ""
        elif char == "#" and prev in " \t":
            return len(line[:i].rstrip())
        elif char in "'\"" and prev in " \t[{,":
            quote = char
        prev, i = char, i + 1
    return len(line.rstrip())


def _set_value(line: str, value: str) -> str:
    """Replace a key line's inline value, keeping its comment in the same column if it fits."""
    start, stop = _value_span(line)
    head = line[:start].rstrip()
    head = f"{head} {value}" if value else head
    rest = line[stop:]
    if not rest.strip():
        return head
    column = stop + len(rest) - len(rest.lstrip())
    return head + " " * max(column - len(head), 1) + rest.lstrip()


# -- reading, verifying, writing -------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise EditError(f"cannot read {path}: {err}", "check the file, then try again") from None


def _unix(raw: str) -> tuple[str, str]:
    """Edit with \\n line ends whatever the file uses; the second value restores them."""
    eol = "\r\n" if "\r\n" in raw else "\n"
    return raw.replace("\r\n", "\n"), eol


def _native(text: str, eol: str) -> str:
    return text.replace("\n", eol) if eol != "\n" else text


def _parsed(text: str, path: Path) -> Document:
    try:
        return parse(text)
    except YamlError as err:
        raise EditError(
            f"{path.name}:{err.line}: {err.message}",
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


def _unsafe(path: Path) -> EditError:
    return EditError(
        f"the edit to {path.name} could not be made safely in its current layout",
        "make this edit by hand in the file, then run `phrasebot lint`",
    )


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if (flow and any(c in text for c in ",[]{}")) or _TYPED.match(text):
        return False
    try:
        return bool(parse(f"[{text}]" if flow else f"- {text}").value == [text])
    except YamlError:
        return False


def _double_quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _stale(change: Change) -> list[Problem]:
    """Files that changed on disk since the change was prepared: applying would undo that."""
    problems = []
    for path, before in change.base.items():
        now = path.read_bytes().decode("utf-8", "replace") if path.exists() else None
        if now != before:
            problems.append(
                Problem(
                    str(path),
                    1,
                    change.rule,
                    "the file changed since this edit was prepared",
                    "make the edit again: it will start from the file as it is now",
                )
            )
    return problems


def _scratch_path(path: Path, moves: list[tuple[Path, Path]]) -> Path:
    """Where a changed file goes in the scratch copy: rules.yaml, or inside the phrasebook."""
    (scratch_book, book), *rest = moves
    for scratch, real in rest:
        if path == real:
            return scratch
    if path.is_relative_to(book):
        return scratch_book / path.relative_to(book)
    raise EditError(
        f"{path} is neither in the phrasebook folder nor rules.yaml",
        "edit phrasebook files and rules.yaml only",
    )


def _real(problem: Problem, moves: list[tuple[Path, Path]]) -> Problem:
    """Name the real file, not the scratch copy, in a problem."""
    file, message, fix = problem.file, problem.message, problem.fix
    for scratch, real in moves:
        old, new = str(scratch), str(real)
        file, message, fix = (
            file.replace(old, new),
            message.replace(old, new),
            fix.replace(old, new),
        )
    return replace(problem, file=file, message=message, fix=fix)


def _lines_now(path: Path, new: str) -> dict[int, int]:
    """Map each line of the changed text to the line it is on in the file now.

    A refused change is never written, so its problems must point into the file as it is; a
    line the change adds gets the place it would take.
    """
    old = path.read_bytes().decode("utf-8", "replace") if path.is_file() else new
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return {
        j1 + k + 1: i1 + k + 1 for _, i1, _, j1, j2 in matcher.get_opcodes() for k in range(j2 - j1)
    }


def _on_disk(problem: Problem, lines: dict[str, dict[int, int]]) -> Problem:
    moved = lines.get(problem.file, {}).get(problem.line, problem.line)
    return replace(problem, line=moved)


def _write_atomic(path: Path, text: str) -> None:
    """Replace the file in one step: a reader sees the old text or the new, never half of one."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(
        OSError
    ):  # the rename itself survives a crash once the folder is synced
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
