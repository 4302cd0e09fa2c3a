"""A lead's regex, made safe to run on every draft: refused at lint, or run in linear time.

Plain phrases are the norm; a cue may carry a regex for shapes phrases cannot say ("17:00",
"3pm"). Every pattern runs on RE2 (google-re2), whose matching time is linear in the text
whatever the pattern, so no pattern can stall a check, nested and adjacent repeats included.
What RE2 cannot run is refused at lint with the construct named: backreferences, lookarounds,
conditional groups. Patterns are still tried on single short tokens only.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # the parser `re` itself runs
from typing import Any, Protocol

import re2

MAX_PATTERN = 100
_FORBIDDEN = {
    sre_parse.GROUPREF: "backreferences",
    sre_parse.GROUPREF_EXISTS: "conditional groups",
    sre_parse.ASSERT: "lookahead or lookbehind",
    sre_parse.ASSERT_NOT: "lookahead or lookbehind",
}


class Pattern(Protocol):
    def search(self, text: str) -> Any: ...


def problem_with(pattern: Any) -> str | None:
    """Say what is wrong with a pattern, or None when it is safe to use."""
    if not isinstance(pattern, str) or not pattern:
        return "a pattern must be non-empty text"
    if len(pattern) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters"
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as err:
        return f"not a valid regex ({err})"
    found = _walk(list(parsed))
    if found:
        return found
    try:
        re2.compile(pattern)
    except re2.error as err:
        return f"not supported by the linear-time engine (RE2): {err}"
    return None


def compile_pattern(pattern: str) -> Pattern:
    """A pattern that problem_with() accepted, compiled for RE2's linear-time matching."""
    compiled: Pattern = re2.compile(pattern)
    return compiled


def _walk(items: list[tuple[Any, Any]]) -> str | None:
    """The first construct RE2 cannot run, named for a lead."""
    for op, arg in items:
        if op in _FORBIDDEN:
            return f"{_FORBIDDEN[op]} are not allowed"
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            found = _walk(list(arg[2]))
        elif op is sre_parse.BRANCH:
            found = next((p for b in arg[1] if (p := _walk(list(b)))), None)
        elif op is sre_parse.SUBPATTERN:
            found = _walk(list(arg[3]))
        else:
            found = None
        if found:
            return found
    return None
