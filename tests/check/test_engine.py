"""Matching semantics, pinned on the small test phrasebook (tests/data/phrasebook)."""

from pathlib import Path

import pytest

from bot.check.engine import Engine
from bot.coach import Coach
from bot.model import Level, Phrase, Phrasebook, Rule, RuleSetting, Settings
from bot.phrasebook.load import load
from bot.problems import CheckTooSlow
from tests.conftest import SMALL


def rules(engine: Engine, text: str) -> list[str]:
    return [f.rule for f in engine.check(text).findings]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("I don't know why.", ["dont-know"]),
        ("I really don't know why.", ["dont-know"]),
        ("Honestly, I just don't know.", ["dont-know"]),
        ("I dont know", ["dont-know"]),
        ("IDK, try again", ["dont-know"]),
        ("I don't want to know", []),
        ("Let me know!", []),
        ("Не знала, вибачте.", ["dont-know"]),
        ("Ми справді не знаємо.", ["dont-know"]),
        ("ואין לי מושג למה", ["dont-know"]),
        ("אני לא יודעת", ["dont-know"]),
        ("Չգիտեմ։", ["dont-know"]),
        ("Relax, it's fine.", ["calm"]),
        ("The Relax Plus plan is cheaper.", []),
        ("RELAX!", ["calm"]),
        ("Whatever, see you.", ["calm"]),
        ("Whatever you need.", []),
    ],
)
def test_matches_what_agents_type(small: Engine, text: str, want: list[str]) -> None:
    assert rules(small, text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("We'll get back to you soon.", ["vague", "vague"]),
        ("We'll get back to you by Friday 5 pm.", []),
        ("I'll message you as soon as I hear back, and by 3 pm at the latest.", []),
        ("It arrives tomorrow, and the refund comes soon.", ["vague"]),
        ("By 17:00 we'll get back to you.", []),
        ("Soon. Tomorrow I'll check.", ["vague"]),
    ],
)
def test_a_concrete_time_later_in_the_sentence_cancels_vague_timing(
    small: Engine, text: str, want: list[str]
) -> None:
    assert rules(small, text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Sorry, that's impossible.", ["refuse"]),
        ("That's impossible, but we can rebook you.", []),
        ("That's impossible. Instead, I've booked you a later slot.", []),
        ("I hear you, but that's impossible.", ["refuse"]),
    ],
)
def test_an_alternative_after_a_refusal_cancels_it(
    small: Engine, text: str, want: list[str]
) -> None:
    assert rules(small, text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Use `I don't know` as the answer.",
        "```\nI don't know\n```",
        "Read <https://help.example.net/i-dont-know|our article>.",
        ":no_idea: sent",
        "> I don't know\nI've fixed it.",
        "<@U123> said idk",
    ],
)
def test_never_fires_outside_the_agents_prose(small: Engine, text: str) -> None:
    assert rules(small, text) == [] or text.startswith("<@")


def test_mention_is_hidden_but_the_rest_is_checked(small: Engine) -> None:
    report = small.check("<@U123> idk")
    assert [(f.rule, f.match, f.start) for f in report.findings] == [("dont-know", "idk", 8)]


def test_a_link_label_is_checked(small: Engine) -> None:
    text = "See <https://x.io/a|I don't know>"
    [finding] = small.check(text).findings
    assert text[finding.start : finding.end] == "I don't know"


def test_a_phrase_is_not_stitched_across_hidden_parts(small: Engine) -> None:
    assert rules(small, "I don't `x` know") == []


def test_findings_carry_offsets_level_wording_and_language(small: Engine) -> None:
    text = "Привіт! Я не знаю."
    [f] = small.check(text).findings
    assert (f.rule, f.level, f.lang, text[f.start : f.end]) == (
        "dont-know",
        Level.WARNING,
        "uk",
        "не знаю",
    )
    assert (f.better_wording, f.replace_with) == ("Дозвольте, я з'ясую.", "дозвольте, я з'ясую")


def test_mixed_language_draft_gets_each_languages_wording(small: Engine) -> None:
    report = small.check("Sorry, idk. אין לי מושג.")
    assert [(f.match, f.lang) for f in report.findings] == [("idk", "en"), ("אין לי מושג", "he")]


def test_the_rewrite_checks_clean(small: Engine) -> None:
    report = small.check("We'll get back to you soon, idk when.")
    assert report.rewrite == "We'll get back to you by [time], let me find out when."
    assert small.check(report.rewrite).clean


def test_settings_turn_rules_off_change_levels_and_filter(small: Engine) -> None:
    book, _ = load(SMALL)
    assert book is not None
    settings = Settings(
        rules={"calm": RuleSetting(off=True), "vague": RuleSetting(level=Level.ERROR)},
        min_level=Level.WARNING,
    )
    engine = Engine(book, settings)
    assert rules(engine, "Relax, soon.") == ["vague"]
    assert rules(Engine(book, Settings(min_level=Level.ERROR)), "idk") == []
    assert rules(Engine(book, Settings(languages=("en",))), "не знаю") == []


def test_clean_and_empty_drafts(small: Engine) -> None:
    for text in ("", "   \n", "Thanks, all sorted!"):
        report = small.check(text)
        assert report.clean and report.rewrite == text


# -- characters a reader does not see, or sees as the same --------------------------------


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Я не\u00a0знаю.", "не\u00a0знаю"),  # no-break space
        ("Я не\u202fзнаю.", "не\u202fзнаю"),  # narrow no-break space
        ("\u200fאין לי מושג", "אין לי מושג"),  # a right-to-left mark before Hebrew
        ("אין\u200f לי\u200f מושג\u200f.", "אין\u200f לי\u200f מושג"),
        ("I don't kn\u200dow.", "I don't kn\u200dow"),  # a zero-width joiner in a word
        ("I don't kno\u00adw.", "I don't kno\u00adw"),  # a soft hyphen joins, never splits
        ("I\u200b don't\u2060 know", "I\u200b don't\u2060 know"),
        ("I \u2066don't\u2069 know", "I \u2066don't\u2069 know"),
        ("\ufeffI don't know", "I don't know"),
        ("I don't\tknow.", "I don't\tknow"),
        ("I don't  know.", "I don't  know"),
        ("I don\u2032t know.", "I don\u2032t know"),  # a prime for the apostrophe
        ("I don't\nknow why.", "I don't\nknow"),  # a hard-wrapped line goes on
        ("I don't\r\nknow why.", "I don't\r\nknow"),
    ],
)
def test_invisible_and_look_alike_characters_do_not_hide_a_phrase(
    small: Engine, text: str, match: str
) -> None:
    [f] = small.check(text).findings
    assert f.rule == "dont-know"
    assert (text[f.start : f.end], f.match) == (match, match)


@pytest.mark.parametrize("text", ["I don't\nKnow why.", "I don't\n\nknow why.", "I don't\n- know"])
def test_a_line_break_before_a_capital_a_bullet_or_a_blank_line_still_ends_the_sentence(
    small: Engine, text: str
) -> None:
    assert rules(small, text) == []


def test_the_rewrite_keeps_the_invisible_characters_outside_the_flagged_span(
    small: Engine,
) -> None:
    assert small.check("\u200fאין לי מושג.").rewrite == "\u200fתן לי לבדוק."
    assert (
        small.check("Ok\u00a0\u200b, idk\u200d.").rewrite
        == "Ok\u00a0\u200b, let me find out\u200d."
    )


def test_a_cue_pattern_sees_the_folded_token(small: Engine) -> None:
    assert rules(small, "We'll fix it soon, by 17:0\u00ad0.") == []


def follow_up_engine() -> Engine:
    rule = Rule(
        id="follow-up",
        level=Level.INFO,
        message="m",
        why="w",
        better_wording={"en": "b"},
        replace_with={"en": "b"},
        phrases=(Phrase("a follow-up", "en"),),
    )
    return Engine(Phrasebook((rule,)))


@pytest.mark.parametrize(
    "hyphen", ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2015", "\u2212"]
)
def test_hyphen_variants_inside_a_phrase_word(hyphen: str) -> None:
    text = f"Send a follow{hyphen}up today."
    [f] = follow_up_engine().check(text).findings
    assert text[f.start : f.end] == f"a follow{hyphen}up"


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("Chop\u2011chop!", "hurry-up", "Chop\u2011chop"),
        ("Ответим когда\u2011нибудь.", "vague-timeline", "когда\u2011нибудь"),
        ("Կպատասխանենք ինչ\u2010որ պահի։", "vague-timeline", "ինչ\u2010որ պահի"),
        ("Наші юристи зв\u2032яжуться з вами.", "legal-threat", "Наші юристи зв\u2032яжуться"),
    ],
)
def test_the_shipped_hyphenated_and_apostrophe_phrases(
    coach: Coach, text: str, rule: str, match: str
) -> None:
    assert (rule, match) in [(f.rule, f.match) for f in coach.check(text).findings]


@pytest.mark.parametrize("quote", ['"', "\u05f4", "\u201d"])
def test_the_gershayim_is_a_double_quote_in_a_hebrew_cue(coach: Coach, quote: str) -> None:
    text = f"נחזור אליך בקרוב, עד סופ{quote}ש."  # "by the weekend" is a concrete time
    assert "vague-timeline" not in [f.rule for f in coach.check(text).findings]


# -- the time budget -----------------------------------------------------------------------------


class _Ticks:
    """A monotonic clock that stands still for `still` readings, then jumps an hour on."""

    def __init__(self, still: int) -> None:
        self.readings = 0
        self.still = still

    def monotonic(self) -> float:
        self.readings += 1
        return 0.0 if self.readings <= self.still else 3600.0


def test_a_check_past_its_budget_is_cut_off_naming_the_rule_and_its_file(
    small: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Readings: the deadline is set, then the draft is read: the budget runs out on a rule.
    monkeypatch.setattr("bot.check.scope.time", _Ticks(still=2))

    with pytest.raises(CheckTooSlow) as cut:
        small.check("Honestly I don't know.", budget=5)

    assert cut.value.rule == "dont-know"
    assert cut.value.file.endswith("dont-know.yaml")
    assert str(cut.value) == (
        f"the check was cut off after 5 s, while rule dont-know ({cut.value.file})"
    )


def test_a_check_cut_off_while_reading_the_draft_names_no_rule(small: Engine) -> None:
    with pytest.raises(CheckTooSlow) as cut:
        small.check("Thanks, the refund is on its way.", budget=0)

    assert (cut.value.rule, cut.value.file) == ("", "")
    assert str(cut.value) == "the check was cut off after 0 s, while reading the draft"


def test_a_long_draft_runs_out_of_a_small_budget_instead_of_running_on(small: Engine) -> None:
    # 40,000 findings take far longer than a millisecond: the check stops instead of finishing.
    with pytest.raises(CheckTooSlow):
        small.check("I don't know, we'll get back to you soon. " * 20_000, budget=0.001)


def test_without_a_budget_nothing_is_cut_off(
    small: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.check.scope.time", _Ticks(still=0))

    assert rules(small, "I don't know.") == ["dont-know"]


def test_the_coach_gives_every_check_the_budget_of_rules_yaml(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(f"phrasebook: {SMALL}\ncheck_seconds: 0.5\n")
    coach = Coach(tmp_path / "rules.yaml")
    budgets = []
    engine = coach.engine
    real = engine.check

    def spy(text: str, **kw: object) -> object:
        budgets.append(kw["budget"])
        return real(text, **kw)  # type: ignore[arg-type]

    engine.check = spy  # type: ignore[method-assign]
    coach.check("I don't know.")

    assert budgets == [0.5]


# -- context every rule shares -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'The customer wrote: "I have no idea where my parcel is."',
        "«Не знаю», — відповів кур'єр, і поїхав.",
        "The courier said he has no idea where the parcel is.",
        "Клієнт каже, що не знає номера договору.",
        "Покупатель пишет, что не знает номер заказа.",
        "For customers who don't know their number, it's on the bill.",
        "Тим, хто не знає пароль, ми надсилаємо код.",
        "I would never tell you to calm down.",
        "Никто не говорит, что это ваша вина.",
    ],
)
def test_reported_quoted_relative_and_denied_words_are_not_flagged(coach: Coach, text: str) -> None:
    assert coach.check(text).findings == ()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I don't know, the courier said nothing.", "dont-know"),  # the report comes after
        ("Calm down, the customer said nothing wrong.", "calm-down"),
        ("As I told you, we can't.", "know-it-all"),  # the agent's own words: no third party
    ],
)
def test_the_agents_own_words_are_still_flagged(coach: Coach, text: str, rule: str) -> None:
    assert rule in {f.rule for f in coach.check(text).findings}


@pytest.mark.parametrize(
    ("draft", "rules"),
    [
        # a promise to find out turns "I don't know" into a next step, in every language
        ("I don't know yet, but I'll find out.", []),
        ("Поки що не знаю, але дізнаюся до обіду.", []),
        ("Пока не знаю, но выясню.", []),
        ("I don't know.", ["dont-know"]),
        # the queue, not the customer, calmed down; lawyers at work on a document
        ("The queue has calmed down since this morning.", []),
        ("Our lawyers will be updating the terms next month.", []),
        ("Our lawyers will contact you.", ["legal-threat"]),
    ],
)
def test_context_that_makes_the_words_harmless(coach: Coach, draft: str, rules: list[str]) -> None:
    assert [f.rule for f in coach.check(draft).findings] == rules
