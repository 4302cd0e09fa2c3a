"""The meaning tier's say on a draft the phrase tier has read.

Review drops a phrase finding whose sentence reads as harmless (it leans to the good samples),
and adds a finding for a sentence that means what a rule forbids in words no phrase lists
("how": "similar"), unless the rule's own cues or the shared context cancel it there. Such a
finding replaces its whole sentence with the rule's better wording (the first such finding of
a sentence; a phrase finding in the same sentence goes with it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from bot.check.matcher import Match
from bot.check.meaning import MAX_UNITS, Meaning, Verdict
from bot.check.scan import Keep, Label, Scan
from bot.check.scope import Cues, Spans
from bot.check.units import Unit, units
from bot.model import Finding, Level, Rule, Unless
from bot.phrasebook.safe_regex import Pattern


class Review:
    """The meaning tier bound to a compiled phrasebook's rules, levels and cues."""

    def __init__(
        self,
        meaning: Meaning,
        rules: Mapping[str, Rule],
        levels: Mapping[str, Level],
        unless: Mapping[str, Sequence[Unless]],
        patterns: Mapping[str, list[Pattern]],
    ) -> None:
        self.meaning = meaning
        self.rules = rules
        self._levels = levels
        self._unless = unless
        self._patterns = patterns
        self._never_vetoed = {rid for rid, rule in rules.items() if not rule.veto}
        # A sentence that already says what the rule offers instead ("I understand this is
        # frustrating, …") has taken its advice: the rule does not flag it by meaning.
        self._offered = {
            rule.id: tuple(w.casefold() for w in rule.replace_with.values() if len(w) >= 8)
            for rule in rules.values()
        }

    def review(self, text: str, scan: Scan, keep: Keep) -> tuple[Finding, ...]:
        """The meaning tier's say: drop phrase findings whose sentence reads as harmless, and
        add sentences that mean what a rule forbids in words no phrase lists."""
        assert scan.tokens is not None
        meaning = self.meaning
        spans = Spans(scan.tokens, scan.walls)
        found = units(scan.visible, scan.tokens, spans)
        found = _within_budget(found, scan.findings)
        keep.clock.tick()
        verdicts = meaning.judge([u.text for u in found])
        keep.clock.tick()
        out: list[Finding] = []
        cues: list[Cues] = []  # built the first time a flagged sentence needs it
        # sentence -> the rules a phrase (or an exception) already speaks for there
        phrased: dict[int, set[str]] = defaultdict(set)
        at_of = [
            next((i for i, u in enumerate(found) if u.start <= f.start < u.end), None)
            for f in scan.findings
        ]
        # A sentence that breaks two rules in words is no harmless use of either: no veto there
        # ("Calm down, I already told you twice").
        rules_at: dict[int, set[str]] = defaultdict(set)
        for f, at in zip(scan.findings, at_of, strict=True):
            if at is not None:
                rules_at[at].add(f.rule)
        for f, at in zip(scan.findings, at_of, strict=True):
            verdict = _verdict_for(verdicts[at], f.rule) if at is not None else None
            alone = at is not None and len(rules_at[at]) < 2
            if (
                verdict is not None
                and alone
                and f.rule not in self._never_vetoed
                and meaning.vetoes(verdict)
            ):
                continue
            if at is not None:
                phrased[at].add(f.rule)
            out.append(f)
        for m in scan.matches:  # a lead's exception says the rule's words are harmless there
            label = m.label
            assert isinstance(label, Label)
            if label.kind == "except" and scan.tokens is not None:
                start = scan.tokens.starts[m.first]
                at = next((i for i, u in enumerate(found) if u.start <= start < u.end), None)
                if at is not None:
                    phrased[at].add(label.name)
        for at, unit in enumerate(found):
            flagged = [
                v
                for v in verdicts[at]
                if v.rule in self.rules
                and v.rule not in phrased[at]
                and self._levels[v.rule] >= keep.min_level
                and v.rule not in keep.skip
                and not any(w in unit.text.casefold() for w in self._offered[v.rule])
                and meaning.flags(unit.text, v)
                and not self._cancelled(v.rule, unit, scan, spans, cues, keep)
            ]
            flagged.sort(key=lambda v: -v.score)
            # The sentence is replaced whole even beside a phrase finding of another rule: the
            # phrase's wording alone left the rest of it to be flagged again ("As I said,
            # you should have…" became "To clarify, you should have…"); on both tune halves
            # rewrites clean on re-check went from 0.969 to 0.983.
            for n, v in enumerate(flagged):
                out.append(self._similar(text, unit, v, scan.lang, n == 0))
        return tuple(sorted(out, key=lambda f: (f.start, f.end)))

    def _cancelled(
        self, rule_id: str, unit: Unit, scan: Scan, spans: Spans, cues: list[Cues], keep: Keep
    ) -> bool:
        """Whether the rule's own cues, or the shared context, cancel it for this sentence.

        The sentence as a whole stands for the match: cues looked for "before" it are looked
        for anywhere in it ("the courier said he has no idea where it is")."""
        assert scan.tokens is not None
        if not cues:
            found: dict[str, list[Match]] = defaultdict(list)
            for m in scan.matches:
                label = m.label
                assert isinstance(label, Label)
                if label.kind == "cue":
                    found[label.name].append(m)
            cues.append(Cues(found, self._patterns, scan.safe, scan.tokens))
        rule = self.rules[rule_id]
        nowhere = Match(None, -1, -1)  # nothing in the sentence is the match itself
        for u in self._unless[rule_id]:
            scope = "sentence" if u.scope in ("before", "just-before") else u.scope
            lo, hi = spans.scope(scope, unit.first, unit.last)
            if cues[0].near(u.cue, lo, hi, nowhere, rule, keep.clock):
                return True
        return False

    def _similar(
        self, text: str, unit: Unit, verdict: Verdict, lang: str, drop_in: bool
    ) -> Finding:
        rule = self.rules[verdict.rule]
        wording = rule.better_wording_for(lang)
        # The whole sentence is replaced: by the rule's clause (it stands alone), or by the
        # sentence it offers agents when its replace_with only fits beside other words.
        clause = rule.replace_with.get(lang, "") if rule.replace == "clause" else ""
        whole = clause if len(clause.split()) >= 3 else wording  # not "To clarify."
        return Finding(
            rule=rule.id,
            level=self._levels[rule.id],
            start=unit.start,
            end=unit.end,
            match=text[unit.start : unit.end],
            message=rule.message,
            why=rule.why,
            better_wording=wording,
            replace_with=(whole or wording) if drop_in else "",
            lang=lang if lang in rule.better_wording else "en",
            alternatives=rule.alternatives,
            how="similar",
            like=verdict.like,
            replace="sentence",
        )


def _within_budget(found: list[Unit], findings: Sequence[Finding]) -> list[Unit]:
    """At most MAX_UNITS sentences: those holding a phrase finding (the veto reads them), then
    the first others. A chat message has a handful; a long file is read by its phrases."""
    if len(found) <= MAX_UNITS:
        return found
    held = [u for u in found if any(u.start <= f.start < u.end for f in findings)]
    rest = [u for u in found if u not in held]
    keep = {id(u) for u in (held + rest)[:MAX_UNITS]}
    return [u for u in found if id(u) in keep]


def _verdict_for(verdicts: list[Verdict], rule: str) -> Verdict | None:
    return next((v for v in verdicts if v.rule == rule), None)
