import re

import pytest
import spacy

from bot.check import nlp


def keys_of(text: str) -> list[tuple[str, ...]]:
    return nlp.tokenize(text).keys


@pytest.mark.parametrize(
    "typed",
    [
        "I don't know",
        "I do not know",
        "I dont know",
        "I don’t know",
        "I DON'T KNOW",
        "i didn't know",
        "I knew",
    ],
)
def test_english_forms_share_the_phrase_lemmas(typed: str) -> None:
    want = nlp.phrase_keys("I don't know", "en")
    tokens = keys_of(typed)
    got = [k for token in tokens for k in token]
    assert "know" in got and "i" in got
    if "not" in typed.lower() or "n't" in typed.lower() or "nt" in typed.lower():
        assert all(any(w in t for t in tokens) for w in want)


def test_thats_without_apostrophe_is_that_is() -> None:
    assert nlp.phrase_keys("that's your fault", "en") == nlp.phrase_keys("that is your fault", "en")
    assert "be" in keys_of("Thats your fault")[1]


def test_one_word_phrases_match_the_exact_form() -> None:
    assert nlp.phrase_keys("guaranteed", "en") == ["=guaranteed"]
    assert "=guaranteed" not in keys_of("money-back guarantee")[-1]


@pytest.mark.parametrize("typed", ["не знаю", "не знала", "не знаємо", "Не знали"])
def test_ukrainian_inflections_share_a_lemma(typed: str) -> None:
    phrase = nlp.phrase_keys("не знаю", "uk")
    tokens = keys_of(typed)
    assert all(p in t for p, t in zip(phrase, tokens, strict=True))


def test_cyrillic_words_carry_russian_lemmas_too() -> None:
    assert nlp.phrase_keys("не знаю", "ru")[1] in keys_of("не знала")[1]


@pytest.mark.parametrize("typed", ["ואין לי מושג", "שאין לי מושג", "אין לי מושג"])
def test_hebrew_prefix_letters_are_stripped(typed: str) -> None:
    phrase = nlp.phrase_keys("אין לי מושג", "he")
    assert all(p in t for p, t in zip(phrase, keys_of(typed), strict=True))


@pytest.mark.parametrize("form", ["יודע", "יודעת", "יודעים", "יודעות"])
def test_hebrew_gender_and_number_fold(form: str) -> None:
    phrase = nlp.phrase_keys("לא יודע", "he")
    assert phrase[1] in keys_of(f"לא {form}")[1]


def test_armenian_punctuation_does_not_glue_to_words() -> None:
    tokens = nlp.tokenize("Չգիտեմ։ Ինչո՞ւ՝ ասացի")
    words = [
        ("Չգիտեմ։ Ինչո՞ւ՝ ասացի")[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)
    ]
    assert words[:2] == ["Չգիտեմ", "։"]
    assert "=ինչու" in tokens.keys[2]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I don't know", "en"),
        ("Я не знаю, що робити", "uk"),
        ("Я не знаю, что делать", "ru"),
        ("אין לי מושג", "he"),
        ("Չգիտեմ", "hy"),
        ("12345 !!!", "en"),
        ("", "en"),
    ],
)
def test_detects_the_main_language(text: str, lang: str) -> None:
    assert nlp.detect(text) == lang


def test_mixed_drafts_are_tokenized_per_script() -> None:
    text = "Hi Dana, אין לי מושג, sorry. Не знаю."
    tokens = nlp.tokenize(text)
    assert {"en", "he", "uk"} <= set(tokens.langs)
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)][:3] == [
        "Hi",
        "Dana",
        ",",
    ]


def test_sentence_and_clause_breaks() -> None:
    tokens = nlp.tokenize("Sure, thanks. Next\nLine")
    assert tokens.breaks == [0, nlp.CLAUSE, 0, nlp.SENTENCE, 0, nlp.SENTENCE, 0]


def test_a_title_s_full_stop_ends_no_sentence() -> None:
    tokens = nlp.tokenize("See Dr. Patel. Done")
    assert tokens.breaks == [0, 0, 0, 0, nlp.SENTENCE, 0]


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("Next\nline", [0, 0]),  # a hard-wrapped sentence goes on
        ("Next \r\n line", [0, 0]),
        ("Next\nLine", [0, nlp.SENTENCE, 0]),  # a capital starts a new one
        ("Next\n\nline", [0, nlp.SENTENCE, 0]),  # so does a blank line
        ("Next\n- line", [0, nlp.SENTENCE, nlp.CLAUSE, 0]),  # and a bullet
        ("עוד\nשורה", [0, nlp.SENTENCE, 0]),  # no case: cannot tell, a line break ends it
    ],
)
def test_a_single_line_break_goes_on_only_before_a_small_letter(
    text: str, breaks: list[int]
) -> None:
    assert nlp.tokenize(text).breaks == breaks


def test_a_phrase_verb_keeps_its_person() -> None:
    phrase = nlp.phrase_keys("не знаю", "uk")
    assert (
        phrase[1] not in keys_of("не знаєте")[1]
    )  # "you don't know?" is a question, not an admission
    assert phrase[1] in keys_of("не знали")[1]  # past tense has no person


@pytest.mark.parametrize(
    ("phrase", "lang", "same", "other"),
    [
        ("нам все одно", "uk", "Нам все одно", "Ми все одно нічого не можемо"),
        ("мне все равно", "ru", "Мне всё равно", "Я все равно проверю"),
    ],
)
def test_a_phrase_pronoun_keeps_its_case(phrase: str, lang: str, same: str, other: str) -> None:
    first = nlp.phrase_keys(phrase, lang)[0]  # "we don't care" is not "we anyway"
    assert first in nlp.tokenize(same, cyrillic=lang).keys[0]
    assert first not in nlp.tokenize(other, cyrillic=lang).keys[0]


def test_english_lookup_fixes() -> None:
    assert "do" in keys_of("doesn't")[0]
    assert nlp.phrase_keys("as I said", "en")[0] == "as"


def test_armenian_article_folds_on_both_sides() -> None:
    phrase = nlp.phrase_keys("ընկերության քաղաքականություն", "hy")
    tokens = keys_of("ընկերության քաղաքականությունը")
    assert all(p in t for p, t in zip(phrase, tokens, strict=True))


def test_fold_leaves_a_plain_draft_alone() -> None:
    text = "Hi! I don't know, sorry."
    folded, origin = nlp.fold(text)
    assert folded is text and origin is None


def test_fold_keeps_the_length_unless_it_removes_invisible_characters() -> None:
    assert nlp.fold("не\u00a0знаю\tчому\u2011то, don\u2019t\u2028X") == (
        "не знаю чому-то, don't\nX",
        None,
    )
    assert nlp.fold("\u200fab\u00adc\u200d d") == ("abc d", [1, 2, 4, 6, 7])


def test_token_offsets_point_into_the_text_given() -> None:
    text = "\u200fאין\u200f לי מושג"
    tokens = nlp.tokenize(text)
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == [
        "אין",
        "לי",
        "מושג",
    ]
    text = "kn\u00adow it"
    tokens = nlp.tokenize(text)
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == [
        "kn\u00adow",
        "it",
    ]


def test_spaces_are_not_tokens_line_breaks_are() -> None:
    assert [k[0] for k in nlp.tokenize("a \u00a0 \u200b b\n\nC").keys] == [
        "=a",
        "=b",
        "=\n\n",
        "=c",
    ]


@pytest.mark.parametrize("lang", ["en", "uk", "ru", "he", "hy"])
def test_apostrophe_and_hyphen_look_alikes_fold_alike_in_every_language(lang: str) -> None:
    for word in ("ab\u2019cd", "ab\u02bccd", "ab`cd", "ab\u2032cd"):
        assert nlp.phrase_keys(word, lang) == nlp.phrase_keys("ab'cd", lang)
    for word in ("ab\u2010cd", "ab\u2011cd", "ab\u2212cd"):
        assert nlp.phrase_keys(word, lang) == nlp.phrase_keys("ab-cd", lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "i don't know, we'll get back to you asap. see https://x.co/a?b=1 :-) e-mail us"),
        ("en", "can't, won't, y'all, mr. smith's 5p.m. call (u.s. office) -- 10% off!"),
        ("uk", "я не знаю, зв'яжемося пізніше. дякую!"),
        ("ru", "не знаю, свяжемся позже… т.е. завтра."),
        ("he", "אני לא יודע, נחזור אליך בקרוב."),
        ("hy", "չգիտեմ․ կզանգենք ավելի ուշ։ ինչու՞"),
    ],
)
def test_the_tokenizer_splits_as_spacys_blank_pipeline_does(lang: str, text: str) -> None:
    reference = spacy.blank(lang).tokenizer
    if lang == "hy":  # the same extra punctuation nlp gives Armenian
        defaults = spacy.util.get_lang_class("hy").Defaults
        extra = [re.escape(p) for p in nlp._HY_PUNCT]
        reference.prefix_search = spacy.util.compile_prefix_regex(
            [*defaults.prefixes, *extra]
        ).search
        reference.suffix_search = spacy.util.compile_suffix_regex(
            [*defaults.suffixes, *extra]
        ).search
    ours = nlp._tokenizer(lang)
    assert [(t.norm_, t.idx) for t in ours(text)] == [(t.norm_, t.idx) for t in reference(text)]


def test_a_character_that_grows_when_lowered_leaves_the_rest_lower_case() -> None:
    tokens = nlp.tokenize("İstanbul: I DON'T KNOW")  # "İ".lower() is two characters
    assert [k[0] for k in tokens.keys][-3:] == ["=do", "=not", "=know"]
    assert tokens.ends[-1] == len("İstanbul: I DON'T KNOW")
