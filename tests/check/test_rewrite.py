import pytest

from bot.check.rewrite import rewrite
from bot.model import Finding, Level


def finding(text: str, match: str, instead: str) -> Finding:
    start = text.index(match)
    return Finding(
        "r", Level.WARNING, start, start + len(match), match, "m", "w", "s", instead, "en"
    )


@pytest.mark.parametrize(
    ("text", "match", "instead", "want"),
    [
        (
            "Honestly I don't know why.",
            "I don't know",
            "let me find out",
            "Honestly let me find out why.",
        ),
        ("I don't know why.", "I don't know", "let me find out", "Let me find out why."),
        ("Fine. idk why.", "idk", "let me find out", "Fine. Let me find out why."),
        ("It will be done soon.", "soon", "by [time]", "It will be done by [time]."),
        ("Whatever, see you then.", "Whatever", "", "See you then."),
        ("It's done, guaranteed.", "guaranteed", "", "It's done."),
        ("Yes, whatever, fine.", "whatever", "", "Yes, fine."),
        ("Done guaranteed!", "guaranteed", "", "Done!"),
        # other spaces and invisible characters count as a space, and only inside the span go
        ("Obviously\u00a0it works.", "Obviously", "", "It works."),
        ("It obviously\u202fworks.", "obviously", "", "It works."),
        ("Yes,\u00a0whatever,\u00a0fine.", "whatever", "", "Yes,\u00a0fine."),
        ("\u200fWhatever, see you.", "Whatever", "", "\u200fSee you."),
        ("Fine.\u00a0idk why.", "idk", "let me find out", "Fine.\u00a0Let me find out why."),
        ("Fine.\u200f idk why.", "idk", "let me find out", "Fine.\u200f Let me find out why."),
    ],
)
def test_replaces_and_keeps_the_draft_reading_naturally(
    text: str, match: str, instead: str, want: str
) -> None:
    assert rewrite(text, [finding(text, match, instead)]) == want


def test_overlapping_findings_are_never_spliced_the_wider_one_stays() -> None:
    text = "No way, that's impossible."
    a = finding(text, "No way, that's", "x")
    b = finding(text, "that's impossible", "y")
    assert rewrite(text, [a, b]) == "No way, y."


def test_text_outside_findings_is_untouched() -> None:
    text = "  Spaces   stay,  idk  "
    assert (
        rewrite(text, [finding(text, "idk", "let me check")]) == "  Spaces   stay,  let me check  "
    )


def clause_finding(text: str, match: str, instead: str, replace: str = "clause") -> Finding:
    start = text.index(match)
    return Finding(
        "r",
        Level.WARNING,
        start,
        start + len(match),
        match,
        "m",
        "w",
        "s",
        instead,
        "en",
        replace=replace,
    )


@pytest.mark.parametrize(
    ("text", "match", "instead", "want"),
    [
        # a clause wording takes the whole clause, not just the words: no "… this get involved"
        (
            "You got it wrong, and if you keep this up our lawyers will get involved.",
            "our lawyers will",
            "I'll ask my team lead to review this",
            "You got it wrong, and I'll ask my team lead to review this.",
        ),
        # the clause ends at the phrase's own comma, and the next clause stays
        (
            "Chill, it's just a glitch.",
            "Chill,",
            "I understand this is frustrating",
            "I understand this is frustrating, it's just a glitch.",
        ),
        # a mention and mrkdwn marks bound the clause
        (
            "<@U1> _calm yourself_, the deploy is done.",
            "calm yourself",
            "I understand this is frustrating",
            "<@U1> _I understand this is frustrating_, the deploy is done.",
        ),
        # ", that …" belongs to the clause before it
        (
            "It is not our fault, that the courier is late.",
            "not our fault",
            "let me get this to the right team",
            "Let me get this to the right team.",
        ),
        # the wording's opening, already said just before, is said once
        (
            "Sadly, that's impossible.",
            "that's impossible",
            "sadly, that isn't possible, but here is what we can do: [option]",
            "Sadly, that isn't possible, but here is what we can do: [option].",
        ),
    ],
)
def test_clause_wordings_replace_their_clause(
    text: str, match: str, instead: str, want: str
) -> None:
    assert rewrite(text, [clause_finding(text, match, instead)]) == want


def test_a_span_keeps_the_comma_it_ended_on() -> None:
    text = "Relax, it's only a few dollars."
    got = rewrite(text, [finding(text, "Relax,", "I understand this is frustrating")])
    assert got == "I understand this is frustrating, it's only a few dollars."


def test_a_span_is_widened_to_whole_words() -> None:
    text = "Honestly, haven't a clue why it fails."
    got = rewrite(text, [finding(text, "n't a clue", "let me find out")])
    assert got == "Honestly, let me find out why it fails."


def test_a_span_takes_in_the_i_before_it() -> None:
    text = "Listen, I no idea where it is."
    assert rewrite(text, [finding(text, "no idea", "let me find out")]) == (
        "Listen, let me find out where it is."
    )


def test_the_same_wording_twice_in_a_sentence_is_put_in_once() -> None:
    text = "Hurry up, be quick, I have a queue."
    a = clause_finding(text, "Hurry up", "take your time")
    b = clause_finding(text, "be quick", "take your time")
    assert rewrite(text, [a, b]) == "Take your time, I have a queue."


def test_a_sentence_wording_keeps_the_sentence_stop_but_asks_nothing() -> None:
    text = "Decide now: yes or no? Thanks."
    f = clause_finding(text, "Decide now: yes or no?", "take your time", "sentence")
    assert rewrite(text, [f]) == "Take your time. Thanks."


def test_a_phrase_own_wording_is_a_drop_in_unless_words_open_its_clause() -> None:
    text = "Next time, you should have read the terms."
    f = clause_finding(text, "you should have", "it helps to", "own")
    assert rewrite(text, [f]) == "Next time, it helps to read the terms."
    text = "There's nothing to be done, sorry."
    f = clause_finding(text, "nothing to be done", "here is what we can do: [option]", "own")
    assert rewrite(text, [f]) == "Here is what we can do: [option], sorry."


def test_a_draft_that_was_all_flagged_gets_the_rule_sentence() -> None:
    text = "Good riddance."
    assert rewrite(text, [finding(text, "Good riddance", "")]) == "s"


def test_a_clause_wording_is_said_once_in_neighbouring_sentences() -> None:
    text = "No chance. We don't do that."
    a = clause_finding(text, "No chance", "that isn't possible, but here is what we can do")
    b = clause_finding(text, "We don't do that", "that isn't possible, but here is what we can do")
    assert rewrite(text, [a, b]) == "That isn't possible, but here is what we can do."


def test_a_short_wording_may_come_back_in_the_next_sentence() -> None:
    text = "It ships soon. We refund soon."
    first, second = text.index("soon"), text.rindex("soon")
    a = finding(text, "soon", "by [time]")
    b = Finding("r", Level.WARNING, second, second + 4, "soon", "m", "w", "s", "by [time]", "en")
    assert first != second
    assert rewrite(text, [a, b]) == "It ships by [time]. We refund by [time]."


def test_mrkdwn_emphasis_stays_whole() -> None:
    text = "Nope, _absolutely_ not."
    f = clause_finding(text, "absolutely_ not", "that isn't possible")
    assert rewrite(text, [f]) == "Nope, _that isn't possible_."


def test_a_particle_opening_the_sentence_goes_with_the_span() -> None:
    text = "Та хз, що там з лічильником."
    assert rewrite(text, [finding(text, "хз", "дозвольте, я з'ясую")]) == (
        "Дозвольте, я з'ясую, що там з лічильником."
    )


def test_a_clause_in_a_link_label_stays_in_the_label() -> None:
    text = "<https://shop.example/returns|if you don't like it, there's the door> :wave:"
    f = clause_finding(text, "if you don't like it", "let me see what I can do")
    assert rewrite(text, [f]) == (
        "<https://shop.example/returns|let me see what I can do, there's the door> :wave:"
    )


def dropped(text: str, match: str) -> Finding:
    return finding(text, match, "")


@pytest.mark.parametrize(
    ("text", "cuts", "want"),
    [
        # a dropped sentence start capitalises the next word, never a letter of the next cut
        (
            "Whatever, idk why.",
            [("Whatever", ""), ("idk", "let me find out")],
            "Let me find out why.",
        ),
        ("Whatever, whatever, fine.", [("Whatever", ""), ("whatever", "")], "Fine."),
        # a dropped sentence takes all its stops and spaces with it
        ("Good riddance!!! See you", [("Good riddance", "")], "See you"),
        ("Good riddance… see you", [("Good riddance", "")], "See you"),
        ("Whatever,  see you then.", [("Whatever", "")], "See you then."),
        # an emoji code is not a colon to take away
        ("Good riddance. :wave:", [("Good riddance", "")], ":wave:"),
        ("Ok whatevs :wave:", [("whatevs", "")], "Ok :wave:"),
        ("Sure. Good riddance :smile: bye", [("Good riddance", "")], "Sure. :smile: bye"),
        # the agent's own repeated words stay as typed
        (
            "idk, out of stock anyway.",
            [("idk", "let me find out")],
            "Let me find out, out of stock anyway.",
        ),
        ("Whatever, well, well, that is odd.", [("Whatever", "")], "Well, well, that is odd."),
        # nothing left but marks: the rule's sentence
        ("\u200fGood riddance.", [("Good riddance", "")], "s"),
        ("*Good riddance.*", [("Good riddance", "")], "s"),
    ],
)
def test_what_a_removal_leaves_reads_right(
    text: str, cuts: list[tuple[str, str]], want: str
) -> None:
    findings = []
    at = 0
    for match, wording in cuts:
        start = text.index(match, at)
        at = start + len(match)
        findings.append(Finding("r", Level.WARNING, start, at, match, "m", "w", "s", wording, "en"))
    assert rewrite(text, findings) == want


def test_a_sentence_wording_ends_every_question_mark_with_a_full_stop() -> None:
    text = "Whatever?! Fine."
    f = clause_finding(text, "Whatever", "I want to get this right for you", "sentence")
    assert rewrite(text, [f]) == "I want to get this right for you. Fine."


def test_a_zero_width_finding_at_the_end_raises_nothing() -> None:
    f = Finding("r", Level.WARNING, 3, 3, "", "m", "w", "s", "x", "en")
    assert rewrite("idk", [f]) == "idkx"
