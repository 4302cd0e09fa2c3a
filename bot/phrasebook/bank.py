"""The meaning bank: phrasebook/meaning/<rule>.yaml, sentences that teach the meaning tier a rule.

Each file is named after its rule and holds `bad:` (ways of saying what the rule forbids) and
`good:` (harmless sentences that sound close), each per language:

    bad:
      en:
        - No clue what happened to your parcel.
    good:
      en:
        - The courier said he had no idea where it went.

One more file, `harmless.yaml`, belongs to no rule: it holds only `good:`, everyday sentences
agents send that break no rule ("I'm checking your account logs now."), so the tier knows what
an ordinary reply sounds like and does not take one for the nearest rule.

Files whose name starts with "_" (the shipped vectors) are not banks. Every problem is collected:
a file for a rule that does not exist, an unknown key or language, a sentence that is not text,
too long, or listed twice, or as both bad and good.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.model import Sample
from bot.phrasebook.reader import Reader, read_yaml, same_words, shown
from bot.problems import Problem, did_you_mean

FOLDER = "meaning"
SEED_FILE = "_vectors.npz"  # the shipped bank's vectors, so a new install embeds nothing
SIDES = ("bad", "good")
HARMLESS = "harmless"  # the file of everyday sentences that break no rule (good: only)
MAX_SAMPLE_CHARS = 400
# The comment every bank opens with (a lead's first sample from Slack makes a file with it).
HEADER = """\
# What {rule} means, in sentences: the meaning tier learns the rule from them and flags a
# draft's sentence that sounds like a bad one more than like any good one.
# bad: sentences that mean what the rule forbids, worded as many ways as agents do.
# good: harmless sentences that sound close (reported speech, a refusal with an
# alternative, a time made concrete...). Add a missed sentence to bad, a false alarm to good.
"""


def bank_files(folder: Path, overlay: Mapping[str, str] | None = None) -> list[Path]:
    """The bank files of a phrasebook folder (its meaning/ folder), in order."""
    here = folder / FOLDER
    found = set(here.glob("*.y*ml")) if here.is_dir() else set()
    found |= {Path(p) for p in overlay or () if Path(p).parent == here}
    return sorted(
        p
        for p in found
        if p.suffix in (".yaml", ".yml")
        and not p.name.startswith(("_", "."))
        and (p.is_file() or str(p) in (overlay or {}))
    )


def load(
    folder: Path, rule_ids: tuple[str, ...], overlay: Mapping[str, str] | None = None
) -> tuple[tuple[Sample, ...], list[Problem]]:
    """Every sample of every bank file, and all their problems."""
    samples: list[Sample] = []
    problems: list[Problem] = []
    for path in bank_files(folder, overlay):
        found, trouble = _load_file(path, rule_ids, overlay)
        samples += found
        problems += trouble
    return tuple(samples), problems


def _load_file(
    path: Path, rule_ids: tuple[str, ...], overlay: Mapping[str, str] | None
) -> tuple[list[Sample], list[Problem]]:
    rule = path.stem
    doc, problems = read_yaml(path, rule, overlay)
    if doc is None:
        return [], problems
    r = Reader(str(path), doc, rule)
    if rule == HARMLESS and rule not in rule_ids:
        sides: tuple[str, ...] = ("good",)
        data = r.mapping(doc.value or {}, (), "a meaning bank")
        r.unknown_keys(data, (), SIDES, "use good:")
        if "bad" in data:
            r.problem(
                ("bad",),
                "harmless.yaml holds sentences that break no rule: it has no bad:",
                "move each bad sentence to meaning/<rule>.yaml of the rule it breaks",
                key=True,
            )
    elif rule not in rule_ids:
        r.problem(
            (),
            f'no rule "{rule}" for this meaning bank{did_you_mean(rule, rule_ids)}',
            "name the file after a rule file of the phrasebook",
        )
        return [], r.problems
    else:
        sides = SIDES
        data = r.mapping(doc.value or {}, (), "a meaning bank")
        r.unknown_keys(data, (), SIDES, "use bad: and good:")
    samples: list[Sample] = []
    seen: dict[str, tuple[str, int]] = {}
    for side in sides:
        for lang, items in r.per_language(data.get(side) or {}, (side,), side).items():
            if not isinstance(items, list):
                r.problem((side, lang), f"{side} ({lang}) must be a list", "one `- ` line each")
                continue
            for i, text in enumerate(items):
                where = (side, lang, i)
                sample = _sample(r, text, where, rule, lang, side == "bad", seen)
                if sample:
                    samples.append(sample)
    return samples, r.problems


def _sample(
    r: Reader,
    text: object,
    where: tuple[str | int, ...],
    rule: str,
    lang: str,
    bad: bool,
    seen: dict[str, tuple[str, int]],
) -> Sample | None:
    if not isinstance(text, str) or not text.strip():
        r.problem(where, f"a sample must be a sentence, got {shown(text)}", "write it as text")
        return None
    if len(text) > MAX_SAMPLE_CHARS:
        r.problem(
            where,
            f"sample is {len(text)} characters long",
            f"keep samples to one sentence, under {MAX_SAMPLE_CHARS} characters",
        )
        return None
    line = r.doc.line(*where)
    key = same_words(text)
    if key in seen:
        side, first = seen[key]
        r.problem(
            where,
            f'sample "{text.strip()}" is listed twice (first as {side} on line {first})',
            "keep one of them",
        )
        return None
    seen[key] = ("bad" if bad else "good", line)
    return Sample(rule, text.strip(), lang, bad, r.file, line)
