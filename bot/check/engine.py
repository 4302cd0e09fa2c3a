"""Check a draft against a compiled phrasebook: the one engine behind every door.

Engine() compiles rules, exceptions and cues into one Matcher; Engine.check() masks Slack
mrkdwn, tokenizes, runs the matcher once, then drops matches that an exception covers or a
cue cancels ("soon ... by 3 pm"), and builds the findings and the rewrite.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from bot.check import family, nlp
from bot.check.matcher import Match, Matcher
from bot.check.meaning import Meaning
from bot.check.mrkdwn import prose
from bot.check.quotes import inside, quoted_spans
from bot.check.review import Review
from bot.check.rewrite import rewrite
from bot.check.scan import Keep, Label, Scan
from bot.check.scope import Clock, Cues, Spans
from bot.check.typos import Typos
from bot.check.units import units
from bot.model import Finding, Level, Phrase, Phrasebook, Report, Rule, Settings
from bot.phrasebook.safe_regex import compile_pattern
from bot.problems import Problem

MAX_PHRASE_TOKENS = 12
MAX_REWRITE_PASSES = 8
TYPO_MEMO = 200_000  # (form, language) pairs whose misspelling verdict is remembered


class Engine:
    """A phrasebook compiled for matching; cheap to call, safe to share between threads."""

    def __init__(
        self,
        phrasebook: Phrasebook,
        settings: Settings | None = None,
        meaning: Meaning | None = None,
    ) -> None:
        self.phrasebook = phrasebook
        self.settings = settings or Settings()
        self.meaning = meaning  # the meaning tier, when the bank is compiled and it is on
        self.rules = {r.id: r for r in phrasebook.rules if _enabled(r, self.settings)}
        self.problems: list[Problem] = []
        self._levels = {rid: _level(r, self.settings) for rid, r in self.rules.items()}
        # A rule's own cues, then the context every rule shares (reported speech, ...).
        self._unless = {rid: (*r.unless, *phrasebook.context) for rid, r in self.rules.items()}
        self._patterns = {c.name: [compile_pattern(p) for p in c.patterns] for c in phrasebook.cues}
        self._matcher = Matcher(self._filler_keys())
        self._phrase_words: list[tuple[str, str]] = []
        self._compile()
        self._typos = Typos(self._phrase_words)
        self._typo_memo: dict[tuple[str, str], tuple[str, ...]] = {}
        self._review = (
            Review(meaning, self.rules, self._levels, self._unless, self._patterns)
            if meaning is not None
            else None
        )

    # -- building ------------------------------------------------------------------------

    def _filler_keys(self) -> set[str]:
        """Fillers match on their exact form: every text token carries an "=form" key."""
        return {
            key
            for lang, words in self.phrasebook.fillers.items()
            for word in words
            for key in nlp.phrase_keys(word, lang)[:1]
        }

    def _compile(self) -> None:
        languages = set(self.settings.languages)
        seen: dict[tuple[str, tuple[str | int, ...]], tuple[str, Phrase]] = {}
        for rule in self.rules.values():
            for kind, phrases in (("rule", rule.phrases), ("except", rule.exceptions)):
                for phrase in phrases:
                    if phrase.lang not in languages:
                        continue
                    keys = self._add(kind, rule.id, phrase, rule.file)
                    if keys and kind == "rule":
                        self._note_duplicate(seen, rule, phrase, keys)
        for cue in self.phrasebook.cues:
            for phrase in cue.phrases:
                self._add("cue", cue.name, phrase, f"{self.phrasebook.path}/_language.yaml")

    def _add(self, kind: str, name: str, phrase: Phrase, file: str) -> tuple[str | int, ...] | None:
        """Compile one phrase (every wording of a family) into the matcher; its first keys."""
        try:
            variants = family.expand(phrase.text)
        except family.FamilyError as err:
            where = f' (at "{phrase.text[err.column :][:12]}")' if err.column else ""
            self._problem(
                file, phrase, name, f'phrase "{phrase.text}": {err.message}{where}', err.fix
            )
            return None
        first: tuple[str | int, ...] | None = None
        for variant in variants:
            keys = self._keys(variant, phrase.lang)
            if not keys:
                self._problem(
                    file,
                    phrase,
                    name,
                    f'phrase "{phrase.text}" has no words to match',
                    "write words, not only punctuation",
                )
                return None
            words = sum(isinstance(k, str) for k in keys)
            if words > MAX_PHRASE_TOKENS:
                self._problem(
                    file,
                    phrase,
                    name,
                    f'phrase "{variant.text}" is {words} words long',
                    f"keep phrases to {MAX_PHRASE_TOKENS} words; list the key part only",
                )
                return None
            self._matcher.add(keys, Label(kind, name, phrase, len(keys) == 1))
            if kind == "rule":
                self._phrase_words += [
                    (w, phrase.lang) for run in variant.runs for w in run.split()
                ]
            first = first or tuple(keys)
        return first

    @staticmethod
    def _keys(variant: family.Variant, lang: str) -> list[str | int]:
        forms = variant.lemma or len(variant.runs) > 1
        keys: list[str | int] = []
        for i, run in enumerate(variant.runs):
            run_keys = nlp.phrase_keys(run, lang, forms=forms)
            if not run_keys:
                return []
            if i:
                keys.append(variant.gaps[i - 1])
            keys.extend(run_keys)
        return keys

    def _problem(self, file: str, phrase: Phrase, name: str, message: str, fix: str) -> None:
        self.problems.append(Problem(file, phrase.line, name, message, fix, phrase.column))

    def _note_duplicate(
        self,
        seen: dict[tuple[str, tuple[str | int, ...]], tuple[str, Phrase]],
        rule: Rule,
        phrase: Phrase,
        keys: tuple[str | int, ...],
    ) -> None:
        script = "cyr" if phrase.lang in ("uk", "ru") else phrase.lang
        first = seen.setdefault((script, keys), (rule.id, phrase))
        if first[1] is phrase:
            return
        other, earlier = first
        where = (
            "twice in this rule"
            if other == rule.id
            else f'also by rule "{other}" (line {earlier.line})'
        )
        self.problems.append(
            Problem(
                rule.file,
                phrase.line,
                rule.id,
                f'phrase "{phrase.text}" ({phrase.lang}) is listed {where}',
                "keep it in one rule only",
                phrase.column,
            )
        )

    # -- checking ------------------------------------------------------------------------

    def check(
        self,
        text: str,
        *,
        min_level: Level | None = None,
        skip: Collection[str] = (),
        budget: float | None = None,
        meaning: bool = True,
    ) -> Report:
        """Check one draft; on any string it raises nothing but CheckTooSlow.

        Findings below min_level (a channel's, on top of the settings') or of a rule in `skip`
        (the ones an agent muted) are left out here, once, before the rewrite is made. With a
        budget (seconds), a check still running past it is cut off with CheckTooSlow, naming
        the rule it was working on. meaning=False leaves the meaning tier out.
        """
        clock = Clock(budget)
        keep = Keep(max(min_level or Level.INFO, self.settings.min_level), skip, clock)
        scan = self._scan(text, keep)
        findings = scan.findings
        if meaning and self._review is not None and scan.tokens is not None:
            findings = self._review.review(text, scan, keep)
        rewritten = self._rewrite(text, findings, keep)
        return Report(text, scan.lang, findings, rewritten, scan.tokens)

    def unit_texts(self, text: str) -> list[str]:
        """What the meaning tier reads of a draft: its sentences, quoted text left out."""
        scan = self._scan(text, Keep(Level.INFO, (), Clock(None)))
        if scan.tokens is None:
            return []
        return [u.text for u in units(scan.visible, scan.tokens, Spans(scan.tokens, scan.walls))]

    def _rewrite(self, text: str, findings: tuple[Finding, ...], keep: Keep) -> str:
        """Replace findings from the last one back, checking again after each replacement.

        A replacement can settle an earlier finding ("we'll get back to you soon" becomes
        "... by [time]", which answers "we'll get back to you" too), so each pass re-checks.
        A draft with more findings than passes is rewritten in one go, keeping it linear.
        """
        whole = [f for f in findings if f.how == "similar" and f.replace_with]
        if whole:  # whole sentences first; the phrase findings are found again in the result
            text = rewrite(text, whole)
            findings = self._scan(text, keep).findings
        findings = tuple(f for f in findings if f.how == "phrase")
        if len(findings) < 2 or len(findings) > MAX_REWRITE_PASSES:
            return rewrite(text, findings)  # one cannot settle another; many: stay linear
        for _ in range(MAX_REWRITE_PASSES):
            if not findings:
                return text
            keep.clock.tick()
            text = rewrite(text, findings[-1:])
            findings = self._scan(text, keep).findings
        return rewrite(text, findings)

    def _scan(self, text: str, keep: Keep) -> Scan:
        """The draft's language, its phrase findings, and what the meaning tier reads."""
        if not text or text.isspace():
            return Scan("en", ())
        safe = _safe(text)
        visible = prose(safe)
        lang = nlp.detect(visible.text)
        cyrillic = lang if lang in ("uk", "ru") else nlp.detect_cyrillic(visible.text)
        tokens = nlp.tokenize(visible.text, cyrillic=cyrillic)
        walls = _walls(tokens, visible.hidden)  # no phrase is matched across hidden markup
        stops = _walls(tokens, visible.stops) if visible.through else walls  # nor a sentence read
        keys = self._with_typos(tokens)
        matches = self._matcher.find(keys, walls, [b != 0 for b in tokens.breaks])
        keep.clock.tick()
        findings = self._findings(text, safe, tokens, stops, matches, keep, lang)
        return Scan(lang, findings, tokens, stops, visible.text, safe, matches)

    def _with_typos(self, tokens: nlp.Tokens) -> list[tuple[str, ...]]:
        """Each token's keys, plus a phrase word's keys where the token misspells one."""
        keys = tokens.keys
        memo = self._typo_memo
        langs = tokens.langs
        out: list[tuple[str, ...]] | None = None
        for i, own in enumerate(keys):
            if not own:
                continue
            extra = memo.get((own[0], langs[i]))
            if extra is None:  # a word not seen yet: most are not a misspelt phrase word
                form = own[0]
                extra = self._typos.extra(form[1:], langs[i]) if form[:1] == "=" else ()
                if len(memo) < TYPO_MEMO:
                    memo[(form, langs[i])] = extra
            if extra:
                out = out if out is not None else list(keys)
                out[i] = (*own, *extra)
        return out if out is not None else keys

    def _findings(
        self,
        text: str,
        safe: str,  # the text with lone surrogates replaced, one for one
        tokens: nlp.Tokens,
        walls: list[bool],
        matches: list[Match],
        keep: Keep,
        draft_lang: str = "en",
    ) -> tuple[Finding, ...]:
        exceptions: dict[str, list[Match]] = defaultdict(list)
        cues: dict[str, list[Match]] = defaultdict(list)
        candidates: list[Match] = []
        for m in matches:
            label = m.label
            assert isinstance(label, Label)
            if label.kind == "rule":
                if self._levels[label.name] >= keep.min_level and label.name not in keep.skip:
                    candidates.append(m)
            else:
                (exceptions if label.kind == "except" else cues)[label.name].append(m)
        if not candidates:  # most drafts: skip building the sentence index
            return ()
        sentences = Spans(tokens, walls)
        quoted = inside(quoted_spans(safe), [tokens.starts[m.first] for m in candidates])
        candidates = [m for m, q in zip(candidates, quoted, strict=True) if not q]
        found = Cues(cues, self._patterns, safe, tokens)  # RE2 takes no lone surrogates
        kept = []
        for m in candidates:
            label = m.label
            assert isinstance(label, Label)
            rule = self.rules[label.name]
            keep.clock.tick(rule)
            if any(_overlap(m, e) for e in exceptions[rule.id]):
                continue
            if label.single and _looks_like_a_name(text, tokens, m.first, sentences):
                continue
            if any(
                found.near(u.cue, *sentences.scope(u.scope, m.first, m.last), m, rule, keep.clock)
                for u in self._unless[rule.id]
            ):
                continue
            kept.append(m)
        return tuple(self._finding(text, tokens, m, draft_lang) for m in _best(kept))

    def _finding(self, text: str, tokens: nlp.Tokens, m: Match, draft_lang: str) -> Finding:
        label = m.label
        assert isinstance(label, Label)
        rule = self.rules[label.name]
        start, end = tokens.starts[m.first], tokens.ends[m.last]
        lang = tokens.langs[m.first]
        if lang == "en" and draft_lang != "en":  # "ASAP", "100%" amid Russian words
            lang = _amid(text, tokens, m) or lang
        if lang not in rule.better_wording:
            lang = label.phrase.lang
        # A phrase's own wording is in its language. Matched among words of another (Ukrainian
        # and Russian share words; "100%" amid Russian), a clause rule takes its wording in that
        # language; a span rule just drops the words ("Мы 100% вернём" -> "Мы вернём").
        own = label.phrase.replace_with
        replace = rule.replace
        if own is None:
            replace_with = rule.replace_with.get(lang, "")
        elif label.phrase.lang == lang or lang not in rule.replace_with:
            replace_with = own
            if replace == "clause":
                replace = "own"  # a phrase's own wording is a drop-in, unless words precede it
        else:
            replace_with = rule.replace_with[lang] if replace == "clause" else ""
        return Finding(
            rule=rule.id,
            level=self._levels[rule.id],
            start=start,
            end=end,
            match=text[start:end],
            message=rule.message,
            why=rule.why,
            better_wording=rule.better_wording_for(lang),
            replace_with=replace_with,
            lang=lang,
            alternatives=rule.alternatives,
            replace=replace,
        )


def _amid(text: str, tokens: nlp.Tokens, m: Match) -> str | None:
    """The language of the words on both sides of a match, when it is one and not English."""
    near = set()
    for i in (m.first - 1, m.first - 2, m.last + 1, m.last + 2):
        if 0 <= i < len(tokens.starts) and text[tokens.starts[i] : tokens.ends[i]].isalpha():
            near.add(tokens.langs[i])
    return near.pop() if len(near) == 1 and "en" not in near else None


def _safe(text: str) -> str:
    """Replace lone surrogates (undecodable bytes) one for one, so offsets stay true."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in text)


def _walls(tokens: nlp.Tokens, hidden: tuple[tuple[int, int], ...]) -> list[bool]:
    """walls[i]: a hidden span (code, a mention, a quoted line) lies just before token i."""
    walls = [False] * len(tokens)
    if not hidden:
        return walls
    h = 0
    for i in range(1, len(tokens)):
        gap_start, gap_end = tokens.ends[i - 1], tokens.starts[i]
        while h < len(hidden) and hidden[h][1] <= gap_start:
            h += 1
        if h < len(hidden) and hidden[h][0] < gap_end:
            walls[i] = True
    return walls


def _looks_like_a_name(text: str, tokens: nlp.Tokens, i: int, spans: Spans) -> bool:
    """A capitalised single word inside a sentence is likely a product or a name."""
    name = nlp.fold_word(text[tokens.starts[i] : tokens.ends[i]])
    if not (name[:1].isupper() and name[1:2].islower()):
        return False
    return any(
        text[tokens.starts[j] : tokens.ends[j]][:1].isalnum()
        for j in range(spans.sentence_start(i), i)
    )


def _overlap(a: Match, b: Match) -> bool:
    return a.first <= b.last and b.first <= a.last


def _rule_of(m: Match) -> str:
    label = m.label
    assert isinstance(label, Label)
    return label.name


def _best(matches: Iterable[Match]) -> list[Match]:
    """Per rule, keep the longest of overlapping matches; order by position."""
    by_rule: dict[str, list[Match]] = defaultdict(list)
    for m in sorted(matches, key=lambda m: (m.first, -(m.last - m.first))):
        kept = by_rule[_rule_of(m)]
        if kept and _overlap(kept[-1], m):
            if m.last - m.first > kept[-1].last - kept[-1].first:
                kept[-1] = m
            continue
        kept.append(m)
    return sorted((m for ms in by_rule.values() for m in ms), key=lambda m: (m.first, m.last))


def _enabled(rule: Rule, settings: Settings) -> bool:
    setting = settings.rules.get(rule.id)
    return not (setting and setting.off)


def _level(rule: Rule, settings: Settings) -> Level:
    setting = settings.rules.get(rule.id)
    return setting.level if setting and setting.level else rule.level
