"""Generate a large phrasebook: thousands of rule files with 2-4-word phrases in five languages."""

from __future__ import annotations

import json
import random
import shutil
from functools import cache
from pathlib import Path
from typing import cast

from bot.check import nlp
from bot.check.matcher import Matcher

LANGUAGES = ("en", "uk", "ru", "he", "hy")
Label = tuple[str, str]  # (lang, phrase)

# Phrases start with a few common words, so the trie's first level is crowded.
FIRST_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("I", "we", "you", "it", "this", "that", "our", "your", "they", "the"),
    "uk": ("я", "ми", "ви", "це", "наш", "ваш", "вони", "він", "вона", "цей"),
    "ru": ("я", "мы", "вы", "это", "наш", "ваш", "они", "он", "она", "этот"),
    "he": ("אני", "אנחנו", "אתה", "את", "זה", "הם", "שלנו", "שלך", "היא", "הוא"),
    "hy": ("ես", "մենք", "դուք", "սա", "դա", "նրանք", "մեր", "Ձեր", "նա", "այս"),
}


def _words(text: str) -> tuple[str, ...]:
    """A vocabulary written as one space-separated string."""
    return tuple(text.split())


WORDS: dict[str, tuple[str, ...]] = {
    "en": _words(
        "can't will won't should never always refund order account payment card charge "
        "policy system team manager ticket issue problem bug error delay delivery courier "
        "parcel invoice plan price fee discount support help fix check handle escalate "
        "promise guarantee apologise blame understand explain cancel close reopen wait "
        "again later soon maybe probably unfortunately not your our their my fault "
        "decision rule process request complaint"
    ),
    "uk": _words(
        "не можу можемо буде ніколи завжди повернення замовлення рахунок оплата картка "
        "списання правила система команда менеджер заявка проблема помилка затримка доставка "
        "кур'єр посилка ціна знижка підтримка допомога виправити перевірити скасувати чекати "
        "пізніше скоро можливо мабуть на жаль ваша наша провина рішення процес скарга "
        "обіцяти гарантувати пояснити зрозуміти закрити відкрити"
    ),
    "ru": _words(
        "не могу можем будет никогда всегда возврат заказ счёт оплата карта списание "
        "правила система команда менеджер заявка проблема ошибка задержка доставка курьер "
        "посылка цена скидка поддержка помощь исправить проверить отменить ждать позже "
        "скоро возможно наверное к сожалению ваша наша вина решение процесс жалоба "
        "обещать гарантировать объяснить понять закрыть открыть"
    ),
    "he": _words(
        "לא יכול יכולה נוכל תמיד אף פעם החזר הזמנה חשבון תשלום כרטיס חיוב מדיניות מערכת "
        "צוות מנהל פנייה בעיה תקלה שגיאה עיכוב משלוח שליח חבילה חשבונית מחיר הנחה תמיכה "
        "עזרה לתקן לבדוק לבטל לחכות אחר כך בקרוב אולי כנראה לצערי אשמה החלטה תהליך תלונה "
        "להבטיח להסביר להבין לסגור לפתוח"
    ),
    "hy": _words(
        "չեմ կարող ենք երբեք միշտ վերադարձ պատվեր հաշիվ վճարում քարտ գանձում "
        "կանոններ համակարգ թիմ մենեջեր հայտ խնդիր սխալ ուշացում առաքում առաքիչ ծանրոց "
        "գին զեղչ աջակցություն օգնություն ուղղել ստուգել չեղարկել սպասել հետո շուտով "
        "գուցե հավանաբար ցավոք մեղք որոշում գործընթաց բողոք խոստանալ բացատրել հասկանալ "
        "փակել բացել"
    ),
}

SUGGESTION = {
    "en": "Say what you will do next.",
    "uk": "Скажіть, що ви зробите далі.",
    "ru": "Скажите, что вы сделаете дальше.",
    "he": "אמרו מה תעשו עכשיו.",
    "hy": "Ասեք, թե ինչ եք անելու հիմա։",
}
INSTEAD = {
    "en": "here is what I will do",
    "uk": "ось що я зроблю",
    "ru": "вот что я сделаю",
    "he": "הנה מה שאעשה",
    "hy": "ահա թե ինչ կանեմ",
}


def phrase(lang: str, rng: random.Random) -> str:
    """A 2-4-word phrase: a common first word, then words from the vocabulary."""
    rest = rng.sample(WORDS[lang], rng.randint(1, 3))
    return " ".join([rng.choice(FIRST_WORDS[lang]), *rest])


def _script(lang: str) -> str:
    return "cyr" if lang in ("uk", "ru") else lang


@cache
def _keys(text: str, lang: str) -> tuple[str, ...]:
    """The phrase's match keys, computed once per phrase across retries."""
    return tuple(nlp.phrase_keys(text, lang))


def unique_phrases(count: int, rng: random.Random, avoid: set[Label]) -> dict[str, list[str]]:
    """`count` phrases per language whose match keys no other phrase has (uk and ru shared)."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        found: list[str] = []
        while len(found) < count:
            text = phrase(lang, rng)
            keys = (_script(lang), _keys(text, lang))
            if keys not in seen and (lang, text) not in avoid:
                seen.add(keys)
                found.append(text)
        out[lang] = found
    return out


def token_keys(texts: dict[str, list[str]]) -> list[list[tuple[str, ...]]]:
    """Each text's token keys, as the engine sees them."""
    return [
        nlp.tokenize(text, cyrillic=lang if lang in ("uk", "ru") else "uk").keys
        for lang, items in texts.items()
        for text in items
    ]


def firing(phrases: dict[str, list[str]], texts: list[list[tuple[str, ...]]]) -> set[Label]:
    """The (lang, phrase) pairs that the trie finds in any of the tokenized texts."""
    matcher = Matcher()
    for lang, items in phrases.items():
        for text in items:
            matcher.add(_keys(text, lang), (lang, text))
    return {cast(Label, m.label) for keys in texts for m in matcher.find(keys)}


def generated_phrases(
    count: int, seed: int, quiet_on: dict[str, list[str]]
) -> tuple[dict[str, list[str]], int]:
    """Phrases per language that do not fire on `quiet_on`; also how many were dropped."""
    tokenized = token_keys(quiet_on)
    avoid: set[Label] = set()
    while True:
        phrases = unique_phrases(count, random.Random(seed), avoid)
        hits = firing(phrases, tokenized)
        if not hits - avoid:
            return phrases, len(avoid)
        avoid |= hits


def rule_yaml(number: int, phrases: dict[str, str]) -> str:
    """One rule file's text; json.dumps gives valid double-quoted YAML scalars."""
    q = json.dumps
    lines = [
        "level: warning",
        f"message: {q(f'Generated rule {number}')}",
        f"why: {q('A benchmark rule: customers should not hear this.')}",
        "better_wording:",
        *(f"  {lang}: {q(SUGGESTION[lang], ensure_ascii=False)}" for lang in phrases),
        "replace_with:",
        *(f"  {lang}: {q(INSTEAD[lang], ensure_ascii=False)}" for lang in phrases),
        "phrases:",
        *(f"  {lang}: [{q(text, ensure_ascii=False)}]" for lang, text in phrases.items()),
    ]
    return "\n".join(lines) + "\n"


def write_phrasebook(
    real: Path, folder: Path, rules: int, seed: int, quiet_on: dict[str, list[str]]
) -> int:
    """Copy the real phrasebook into `folder`, add `rules` generated rules; return # dropped.

    Generated phrases that would fire on the `quiet_on` texts are replaced, so the big
    phrasebook flags what the shipped one flags and the comparison measures size alone.
    """
    for path in real.glob("*.y*ml"):
        shutil.copy(path, folder / path.name)
    per_lang, dropped = generated_phrases(rules, seed, quiet_on)
    for i in range(rules):
        texts = {lang: per_lang[lang][i] for lang in LANGUAGES}
        (folder / f"gen-{i:05d}.yaml").write_text(rule_yaml(i, texts), encoding="utf-8")
    return dropped
