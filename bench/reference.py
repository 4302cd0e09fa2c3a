"""The bare spaCy reference for bench_cli.py: what any tool must do to read these drafts at all.

    .venv/bin/python bench/reference.py drafts.jsonl > out.jsonl

Reads {"id", "text"} lines, tokenizes and lemmatizes each draft with the blank pipeline of its
language (spaCy's English lookup lemmatizer, pymorphy3 for uk and ru, the tokenizer alone for he
and hy, which have no lemmatizer), and writes {"id", "tokens"} lines: the floor phrasebot's
`check --jsonl` is measured against, in the same run, on the same drafts.
"""

from __future__ import annotations

import json
import re
import sys

import spacy
from spacy.lookups import load_lookups

SCRIPTS = (
    ("hy", re.compile(r"[\u0531-\u0587]")),
    ("he", re.compile(r"[\u05D0-\u05EA]")),
    ("cyr", re.compile(r"[\u0400-\u04FF]")),
)
UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")


def language(text: str) -> str:
    for lang, pattern in SCRIPTS:
        if pattern.search(text):
            if lang == "cyr":
                return "uk" if UK_ONLY.search(text) else "ru"
            return lang
    return "en"


def pipelines() -> dict[str, object]:
    en = spacy.blank("en")
    lemmas = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    out: dict[str, object] = {"en": (en, lambda t: lemmas.get(t.norm_, t.norm_))}
    for lang in ("uk", "ru"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3_lookup"})
        nlp.initialize()
        out[lang] = (nlp, lambda t: t.lemma_)
    for lang in ("he", "hy"):
        out[lang] = (spacy.blank(lang), lambda t: t.norm_)
    return out


def main() -> int:
    made = pipelines()
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            nlp, lemma = made[language(row["text"])]  # type: ignore[misc]
            doc = nlp(row["text"])
            tokens = [lemma(t) for t in doc]
            sys.stdout.write(json.dumps({"id": row["id"], "tokens": tokens}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
