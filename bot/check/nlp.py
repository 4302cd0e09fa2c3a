"""Tokens and match keys for the five languages; the only module that imports spaCy or pymorphy3.

Each token of a draft gets a small set of keys; a phrase token matches when its key is in the
set. Keys come in two kinds:

- "=form": the normalised surface form (lower case, n't -> not, ё -> е, Hebrew prefix letters
  stripped). Single-word phrases match on it, so "guaranteed" is not the noun "guarantee".
- "lemma": the dictionary form (en lookup table, uk/ru pymorphy3, a light Hebrew
  gender/number stem, the Armenian stem without its article). Words inside multi-word phrases
  match on it, so "не знаю" also catches "не знала" and "I don't know" catches "I didn't know".

Patterns and drafts go through the very same functions, so they are normalised alike; both are
folded first (fold(): invisible characters, Unicode spaces, hyphen and apostrophe variants).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pymorphy3
import spacy
from spacy.attrs import IDX, LENGTH, NORM
from spacy.tokenizer import Tokenizer
from spacy.vocab import create_vocab

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HEBREW = re.compile(r"[\u05D0-\u05EA]")
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_SCRIPTS = (("en", _LATIN), ("cyr", _CYRILLIC), ("he", _HEBREW), ("hy", _ARMENIAN))
_RUNS = tuple((lang, re.compile(p.pattern + "+")) for lang, p in _SCRIPTS)  # letters, by the run
_WORD = re.compile(r"\S+")
# spaCy's affix splitting is super-linear on one long whitespace-free run (40,000 emoji take
# minutes); nobody types a word this long, so such runs are blanked before tokenizing.
_LONG_RUN = re.compile(r"\S{64,}")

_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")

# Armenian punctuation that spaCy leaves glued to words.
_HY_PUNCT = ["։", "՝", "՜", "՛", "՞", "․"]
_HY_MARKS = str.maketrans("", "", "՜՛՞")  # emphasis and question marks sit inside words
_HE_NIQQUD = re.compile(r"[\u0591-\u05C7]")
_HE_PREFIXES = "ושהכלבמ"
_HE_SUFFIXES = ("ים", "ות", "ת", "ה", "י", "ו")
_HY_ARTICLES = ("ը", "ն")
_YO = str.maketrans({"ё": "е"})  # apostrophe look-alikes are folded before tokenizing
_EN_IS_AFTER = frozenset(["it", "that", "there", "here", "what", "who", "he", "she", "this"])
# A title's full stop ends no sentence: "Dr. Patel", "Mr. Smith", "St. John's".
_EN_TITLES = frozenset(["dr", "mr", "mrs", "ms", "mx", "prof", "st", "sr", "jr", "capt", "rev"])
# Where the English lookup table picks the wrong word for support prose ("does" -> "doe").
_EN_LEMMA_FIXES = {"does": "do", "as": "as", "us": "us"}
_PERSONS = ("1per", "2per", "3per")

# Breaks between tokens: phrases never span a sentence; cues look within a clause or sentence.
CLAUSE, SENTENCE = 1, 2
_SENTENCE_ENDS = frozenset(".!?։…;")
_CLAUSE_ENDS = frozenset(",:—–-՝")


@dataclass(frozen=True)
class Tokens:
    """A draft's tokens as parallel lists; offsets point into the text given to tokenize()."""

    starts: list[int]
    ends: list[int]
    keys: list[tuple[str, ...]]
    breaks: list[int]  # 0, CLAUSE or SENTENCE: what this token itself is
    langs: list[str]
    text: str = ""  # the text tokenized

    def __len__(self) -> int:
        return len(self.starts)


def script_language(text: str) -> str | None:
    """Name the language of a word by its first letter: en, cyr, he, hy, or None."""
    for lang, pattern in _SCRIPTS:
        if pattern.match(text):
            return lang
    return None


def detect(text: str) -> str:
    """Tell the main language of a draft: en, uk, ru, he or hy (en when there are no letters)."""
    counts = {lang: sum(map(len, run.findall(text))) for lang, run in _RUNS}
    best = max(counts, key=lambda lang: counts[lang])
    if not counts[best]:
        return "en"
    return _cyrillic_language(text) if best == "cyr" else best


def detect_cyrillic(text: str) -> str:
    """Tell uk from ru for the Cyrillic words of a draft (uk when there are none)."""
    return _cyrillic_language(text) if _CYRILLIC.search(text) else "uk"


def _cyrillic_language(text: str) -> str:
    uk, ru = len(_UK_ONLY.findall(text)), len(_RU_ONLY.findall(text))
    if uk != ru:
        return "uk" if uk > ru else "ru"
    words = [w.lower() for w in re.findall(r"[\u0400-\u04FF']+", fold(text)[0])[:30]]
    uk_known = sum(_morph("uk").word_is_known(w) for w in words)
    ru_known = sum(_morph("ru").word_is_known(w) for w in words)
    return "ru" if ru_known > uk_known else "uk"


def tokenize(text: str, cyrillic: str = "uk") -> Tokens:
    """Split a draft into tokens, each with its match keys, in one or more script runs.

    The text is folded first (fold(): spaces, joiners, bidi marks, hyphens, apostrophes);
    token offsets are mapped back, so they still point into `text`. Spaces are not tokens, line
    breaks are (they end a sentence).
    """
    folded, origin = fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a few characters change length when lowered (İ): not those
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in folded)
    lowered = _LONG_RUN.sub(lambda m: " " * len(m.group()), lowered)
    starts: list[int] = []
    ends: list[int] = []
    keys: list[tuple[str, ...]] = []
    breaks: list[int] = []
    langs: list[str] = []
    for run_start, run_end, script in _runs(lowered):
        lang = cyrillic if script == "cyr" else script
        doc = _tokenizer(lang)(lowered[run_start:run_end])
        rows = doc.to_array([NORM, IDX, LENGTH]).tolist()
        strings = doc.vocab.strings
        known = _BY_HASH.setdefault(script, {})
        if len(known) > _BY_HASH_MAX:
            known.clear()
        previous = ""
        for norm_hash, idx, length in rows:
            found = known.get(norm_hash)
            if found is None:
                found = known[norm_hash] = _hash_info(strings[norm_hash], script)
            norm, token_keys, kind = found
            if token_keys is None:
                continue  # a second space, one left where a joiner was, a lone Armenian mark
            start = run_start + idx
            starts.append(start)
            ends.append(start + length)
            if norm in _EN_AFTER_WORD and script == "en":
                if norm == "." and previous in _EN_TITLES:
                    kind = 0  # "Mr." ends no sentence
                elif norm != "." and previous in _EN_IS_AFTER:
                    token_keys, kind = ("=is", "be"), 0  # "it's", "that s"
            keys.append(token_keys)
            breaks.append(kind)
            langs.append(lang)
            previous = norm
    if origin is not None:  # characters were removed: map offsets back to the text given
        starts = [origin[s] for s in starts]
        ends = [origin[e - 1] + 1 for e in ends]
    return Tokens(starts, ends, keys, breaks, langs, text)


def phrase_keys(phrase: str, lang: str, *, forms: bool = False) -> list[str]:
    """Turn a phrase as a lead wrote it into the keys the matcher looks for.

    A one-word phrase matches its exact form, unless `forms` asks for every form of the word
    (a `~word` phrase, or one run of words in a phrase with a gap)."""
    lowered = fold(phrase)[0].lower()
    script = "cyr" if lang in ("uk", "ru") else lang
    doc = _tokenizer(lang)(lowered)
    norms = [t.norm_ for t in doc if not t.is_space]
    if script == "en":
        norms = [
            "is" if n in ("'s", "s") and i and norms[i - 1] in _EN_IS_AFTER else n
            for i, n in enumerate(norms)
        ]
    if len(norms) == 1 and not forms:
        return ["=" + _surface(norms[0], script)]
    return [_lemma(n, script, lang) for n in norms]


# -- folding ---------------------------------------------------------------------------------
# Pasted and phone-typed drafts carry characters a reader does not see, or sees as the same:
# no-break and narrow spaces, tabs, zero-width joiners and spaces, soft hyphens, bidi marks
# (Hebrew text often starts with U+200F), non-breaking hyphens, curly apostrophes. Each would
# split or glue tokens where the reader sees a space, a hyphen or an apostrophe. fold() maps
#
# - every Unicode space and the tab to " ", every line break (\r\n, \r, U+2028, ...) to "\n";
# - hyphens, the figure dash, the horizontal bar and the minus sign to "-" (spaCy itself splits
#   en and em dashes off and normalises them to "-");
# - apostrophe look-alikes (’ ‘ ʼ ` ′ ＇ ׳) to "'" and double quote ones (“ ” ″ ״) to '"', in
#   every language;
# - one line break that goes on with a small letter ("I don't\nknow", a hard-wrapped paste) to
#   " "; a line break before a capital, a digit, a bullet, markup or a caseless letter (Hebrew:
#   a wrap cannot be told from a new sentence), and a blank line, stay "\n": a sentence end;
# - zero-width characters, soft hyphens and bidi marks to nothing: inside a word they join
#   ("kn\u00adow" is "know"), next to one they vanish.
#
# All but the last keep the length. For removals fold() returns where each folded character
# came from, and tokenize() maps its offsets back. A plain draft costs one regex scan.

_SPACES = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_HYPHENS = "\u2010\u2011\u2012\u2015\u2212\ufe63\uff0d"
_APOSTROPHES = "\u2019\u2018\u02bc`\u2032\uff07\u05f3"  # ’ ‘ ʼ ` ′ ＇ and the Hebrew geresh ׳
_QUOTES = "\u201c\u201d\u2033\u05f4"  # “ ” ″ and the gershayim ״ (סופ״ש is סופ"ש)
_INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
# For the rewrite: what stands between words as a space would, and what a reader does not see.
SPACES = " " + _SPACES
INVISIBLE = _INVISIBLE

_MAP = str.maketrans(
    {
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_LINE_BREAKS, "\n"),
        **dict.fromkeys(_HYPHENS, "-"),
        **dict.fromkeys(_APOSTROPHES, "'"),
        **dict.fromkeys(_QUOTES, '"'),
    }
)
_MAPPED_CHARS = _SPACES + _LINE_BREAKS + _HYPHENS + _APOSTROPHES + _QUOTES
_ANY = re.compile(f"[\n{re.escape(_MAPPED_CHARS + _INVISIBLE)}]")
_MAPPED = re.compile(f"[{re.escape(_MAPPED_CHARS)}]+")
_HIDDEN = re.compile(f"[{_INVISIBLE}]+")
_CRLF = re.compile("\r(?=\n)")
# One line break between a line with words on it and a line starting with a letter.
_WRAP = re.compile(r"(?<=\S) *\n *(?=[^\W\d_])")


def fold(text: str) -> tuple[str, list[int] | None]:
    """The text as matching should see it, and where each of its characters came from.

    The second item is None when no character was removed: offsets into the folded text are
    then offsets into `text`. Otherwise folded[i] came from text[origin[i]].
    """
    if not _ANY.search(text):
        return text, None
    if "\r" in text:
        text = _CRLF.sub(" ", text)
    text = _MAPPED.sub(_mapped, text)
    origin: list[int] | None = None
    if _HIDDEN.search(text):
        origin = []
        pieces: list[str] = []
        pos = 0
        for m in _HIDDEN.finditer(text):
            origin.extend(range(pos, m.start()))
            pieces.append(text[pos : m.start()])
            pos = m.end()
        origin.extend(range(pos, len(text)))
        pieces.append(text[pos:])
        text = "".join(pieces)
    if "\n" in text:
        text = _WRAP.sub(_unwrap, text)
    return text, origin


def _mapped(m: re.Match[str]) -> str:
    return m.group().translate(_MAP)  # a run at a time: translating all of a long text is slower


def _unwrap(m: re.Match[str]) -> str:
    return " " * len(m.group()) if m.string[m.end()].islower() else m.group()


def fold_word(text: str) -> str:
    """One token's text as matching sees it (for patterns tried on single tokens)."""
    return fold(text)[0]


def _runs(text: str) -> list[tuple[int, int, str]]:
    """Cut the text where the script changes between words; most drafts are one run."""
    present = [lang for lang, pattern in _SCRIPTS if pattern.search(text)]
    if len(present) <= 1:
        return [(0, len(text), present[0] if present else "en")]
    runs: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        letter = next((c for c in m.group() if c.isalpha()), "")
        script = script_language(letter) if letter else None
        if runs and (script is None or script == runs[-1][2]):
            runs[-1] = (runs[-1][0], m.end(), runs[-1][2])
        elif runs:
            runs[-1] = (runs[-1][0], m.start(), runs[-1][2])
            runs.append((m.start(), m.end(), script or "en"))
        else:
            runs.append((0, m.end(), script or "en"))
    if runs:
        runs[-1] = (runs[-1][0], len(text), runs[-1][2])
    return runs


def _break_kind(norm: str) -> int:
    if "\n" in norm or (norm and all(c in _SENTENCE_ENDS for c in norm)):
        return SENTENCE
    return CLAUSE if norm in _CLAUSE_ENDS else 0


_EN_AFTER_WORD = frozenset(["'s", "s", "."])  # tokens read by the word before them
_Info = tuple[str, tuple[str, ...] | None, int]  # a token's norm, keys (None: skip it), break
# Per script, the tokens seen so far by the hash of their spaCy norm: one dict lookup a token,
# where the norm's string and its keys would cost two calls.
_BY_HASH: dict[str, dict[int, _Info]] = {}
_BY_HASH_MAX = 200_000


def _hash_info(norm: str, script: str) -> _Info:
    """A token's norm, keys and break kind; no keys for a token that is no token of the draft."""
    if (norm.isspace() and "\n" not in norm) or (script == "hy" and not norm.translate(_HY_MARKS)):
        return norm, None, 0
    return (norm, *_token_info(norm, script))


@lru_cache(maxsize=200_000)
def _token_info(norm: str, script: str) -> tuple[tuple[str, ...], int]:
    """A token's keys and break kind, computed once per distinct word."""
    return _text_keys(norm, script), _break_kind(norm)


def _text_keys(norm: str, script: str) -> tuple[str, ...]:
    if script == "he":
        variants = _he_variants(norm)
        return tuple(dict.fromkeys(["=" + v for v in variants] + [_he_stem(v) for v in variants]))
    surface = _surface(norm, script)
    if script == "cyr":
        parses = [*_morph("uk").parse(surface)[:2], *_morph("ru").parse(surface)[:2]]
        return tuple(
            dict.fromkeys(["=" + surface, *(k for p in parses for k in _cyrillic_keys(p))])
        )
    if script == "hy":
        # Fold twice: a phrase word ending in ն is stemmed once, the draft's "…նը" needs two.
        return tuple(
            dict.fromkeys(["=" + surface, surface, _hy_stem(surface), _hy_stem(_hy_stem(surface))])
        )
    return tuple(dict.fromkeys(["=" + surface, _lemma(norm, script, "en")]))


def _surface(norm: str, script: str) -> str:
    if script == "he":
        return _HE_NIQQUD.sub("", norm)
    if script == "hy":
        return norm.translate(_HY_MARKS)
    return norm.translate(_YO)


def _lemma(norm: str, script: str, lang: str) -> str:
    surface = _surface(norm, script)
    if script == "en":
        return _EN_LEMMA_FIXES.get(surface) or str(_en_lemmas().get(surface, surface))
    if script == "cyr":
        return _cyrillic_keys(_morph(lang).parse(surface)[0])[-1]
    if script == "he":
        return _he_stem(surface)
    if script == "hy":
        return _hy_stem(surface)
    return surface


def _cyrillic_keys(parse: Any) -> list[str]:
    """The lemma, and for verbs the lemma with its person, last.

    A phrase verb with a person ("не знаю", 1st) matches only that person, so a question to the
    customer ("Не знаєте, де…?", 2nd) is not taken for the agent's own admission. Past-tense
    forms carry no person in uk/ru, so they count as every person ("не знала"). A personal
    pronoun keeps its case the same way: "нам все одно" (we don't care) is not "ми все одно"
    (we anyway).
    """
    lemma = str(parse.normal_form).replace("ё", "е")
    if parse.tag.POS == "NPRO" and parse.tag.case:
        return [lemma, f"{lemma}/{parse.tag.case}"]
    if parse.tag.POS != "VERB":
        return [lemma]
    if parse.tag.person:
        return [lemma, f"{lemma}/{parse.tag.person}"]
    if parse.tag.tense == "past":
        return [lemma, *(f"{lemma}/{person}" for person in _PERSONS)]
    return [lemma]


def _he_variants(word: str) -> list[str]:
    """The word with up to three glued prefix letters (ו ש ה כ ל ב מ) taken off."""
    word = _HE_NIQQUD.sub("", word)
    variants = [word]
    for _ in range(3):
        head = variants[-1]
        if len(head) > 3 and head[0] in _HE_PREFIXES:
            variants.append(head[1:])
        else:
            break
    return variants


def _he_stem(word: str) -> str:
    """Fold Hebrew gender and number endings: יודע, יודעת, יודעים -> יודע."""
    for suffix in _HE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _hy_stem(word: str) -> str:
    if len(word) > 3 and word.endswith(_HY_ARTICLES):
        return word[:-1]
    return word


@cache
def _tokenizer(lang: str) -> Any:
    """spaCy's tokenizer for the language, as spacy.blank(lang) builds it, without the pipeline
    and its config around it (a third of the cost); every text it is given is lower case, so
    the exceptions spelt with capitals ("Don't", "Mr.") are left out (the rest of the cost).
    It follows spaCy's own tokenizer factory and create_vocab (not a documented API): after a
    spaCy upgrade, tests/check/test_nlp.py says whether it still splits as spacy.blank does."""
    defaults: Any = spacy.util.get_lang_class(lang).Defaults
    extra = [re.escape(p) for p in _HY_PUNCT] if lang == "hy" else []
    prefixes, suffixes = [*defaults.prefixes, *extra], [*defaults.suffixes, *extra]
    infixes = defaults.infixes
    return Tokenizer(
        create_vocab(lang, defaults),
        rules={k: v for k, v in defaults.tokenizer_exceptions.items() if k == k.lower()},
        prefix_search=spacy.util.compile_prefix_regex(prefixes).search if prefixes else None,
        suffix_search=spacy.util.compile_suffix_regex(suffixes).search if suffixes else None,
        infix_finditer=spacy.util.compile_infix_regex(infixes).finditer if infixes else None,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@cache
def _morph(lang: str) -> Any:
    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def _en_lemmas() -> dict[str, str]:
    """spaCy's English lookup lemmas, read as a plain dict (a spaCy Table hashes every key on
    load: four times slower, and a check's start-up waits for it)."""
    return dict(_lookup_table("en_lemma_lookup"))


def _lookup_table(name: str) -> Any:
    import gzip
    import json

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def clear_caches() -> None:
    """Forget every word's keys (benchmarks use it to measure a cold start)."""
    _token_info.cache_clear()
    _BY_HASH.clear()


def is_word(word: str, lang: str) -> bool:
    """Whether a lower-case word is a word of the language, as far as the dictionaries here
    know: the English lemma tables of spacy-lookups-data, pymorphy3's uk and ru dictionaries.
    Hebrew and Armenian have no dictionary here: every word counts as known."""
    if lang == "en":
        return word in _en_words()
    if lang in ("uk", "ru"):
        return bool(_morph(lang).word_is_known(word.replace("ё", "е")))
    return True


@cache
def _en_words() -> frozenset[str]:
    """Every English word form the lemma tables of spacy-lookups-data name (about 127,000;
    50 ms to load, once, the first time a draft has a word that looks like a misspelling)."""
    lookup = _en_lemmas()
    words: set[str] = {*lookup, *lookup.values()}
    for words_by_pos in _lookup_table("en_lemma_index").values():
        words.update(words_by_pos)
    for forms_by_pos in _lookup_table("en_lemma_exc").values():
        for form, lemmas in forms_by_pos.items():
            words.add(form)
            words.update(lemmas)
    return frozenset(w.lower() for w in words)


def word_keys(word: str, lang: str) -> tuple[str, ...]:
    """The keys a single phrase word is matched by: its exact form and its lemma."""
    return tuple(dict.fromkeys([*phrase_keys(word, lang), *phrase_keys(word, lang, forms=True)]))


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for a language, lower case, ё folded to е (read from the language's
    defaults: building a pipeline for them cost 40-150 ms a language)."""
    defaults: Any = spacy.util.get_lang_class(lang).Defaults
    return frozenset(w.lower().replace("ё", "е") for w in defaults.stop_words)
