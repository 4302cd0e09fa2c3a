"""Edit YAML as text, line by line, so that comments, order and layout stay as a person wrote them.

YAML is never dumped again: each edit finds the lines it must touch by indentation and changes
only those. The callers parse the result back and compare it with what they meant
(bot.phrasebook.edit does), so a layout this module misreads is refused, never written.
"""

from __future__ import annotations

import re

from bot.problems import EditError
from bot.yamlfile import YamlError, parse

_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_TYPED = re.compile(  # plain scalars YAML would read as something other than text
    r"^(~|null|true|false|yes|no|on|off|y|n|<<|=|[-+]?\.?\d[\d_:.,eE+-]*|[-+]?\.(inf|nan))$"
    r"|^\d{4}-\d\d?-\d\d?",
    re.IGNORECASE,
)
_NULLS = ("~", "null", "Null", "NULL")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def scalar(text: str, *, flow: bool = False) -> str:
    """Write text as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    return text if _plain_ok(text, flow) else double_quoted(text)


def unix(raw: str) -> tuple[str, str]:
    """Edit with \\n line ends whatever the file uses; the second value restores them."""
    eol = "\r\n" if "\r\n" in raw else "\n"
    return raw.replace("\r\n", "\n"), eol


def native(text: str, eol: str) -> str:
    return text.replace("\n", eol) if eol != "\n" else text


def add_item(text: str, section: str, key: str, item: str) -> str:
    """Add `- item` under section/key, making the key or the section if need be."""
    lines = text.split("\n")
    top = _find_key(lines, 0, len(lines), 0, section)
    if top is None:
        return "\n".join(add_section(lines, [f"{section}:", f"  {key}:", f"    - {scalar(item)}"]))
    _open_block(lines, top)
    end = _body_end(lines, top, 0)
    child = _child_indent(lines, top, end)
    at = _find_key(lines, top + 1, end, child, key)
    if at is None:
        step = _item_step(lines, top, end, child)
        lines[end:end] = [f"{' ' * child}{key}:", f"{' ' * (child + step)}- {scalar(item)}"]
    else:
        _append(lines, at, child, item)
    return "\n".join(lines)


def set_entry(text: str, section: str, key: str, value: str | None, whole: dict[str, str]) -> str:
    """Set `key: value` under a top-level mapping (None removes it), touching no other line.

    `whole` is every entry the section should hold afterwards, rendered: a section written as
    a flow mapping on one line is written out as a block from it.
    """
    lines = text.split("\n")
    top = _find_key(lines, 0, len(lines), 0, section)
    if top is None:
        if value is None:
            return text
        return "\n".join(add_section(lines, [f"{section}:", f"  {key}: {value}"]))
    start, stop = _value_span(lines[top])
    if lines[top][start:stop] not in ("", "{}", *_NULLS):  # a flow mapping: write it as a block
        entries = [f"  {scalar(k)}: {v}" for k, v in whole.items()]
        lines[top] = _set_value(lines[top], "" if entries else "{}")
        lines[top + 1 : top + 1] = entries
        return "\n".join(lines)
    lines[top] = _set_value(lines[top], "")
    end = _body_end(lines, top, 0)
    child = _child_indent(lines, top, end)
    at = _find_key(lines, top + 1, end, child, key)
    if at is None:
        if value is not None:
            lines.insert(end, f"{' ' * child}{key}: {value}")
    elif value is None:
        del lines[at : _body_end(lines, at, child)]
    elif _body_end(lines, at, child) > at + 1:  # a block mapping under the key: one line now
        lines[at : _body_end(lines, at, child)] = [f"{' ' * child}{key}: {value}"]
    else:
        lines[at] = _set_value(lines[at], value)
    if not any(_is_content(line) for line in lines[top + 1 : _body_end(lines, top, 0)]):
        lines[top] = _set_value(lines[top], "{}")  # back to how an empty mapping is written
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


def add_section(lines: list[str], block: list[str]) -> list[str]:
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


def double_quoted(text: str) -> str:
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
