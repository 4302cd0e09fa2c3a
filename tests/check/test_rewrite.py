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


def test_overlapping_findings_replace_once() -> None:
    text = "No way, that's impossible."
    a = finding(text, "No way, that's", "x")
    b = finding(text, "that's impossible", "y")
    assert rewrite(text, [a, b]) == "X impossible."


def test_text_outside_findings_is_untouched() -> None:
    text = "  Spaces   stay,  idk  "
    assert (
        rewrite(text, [finding(text, "idk", "let me check")]) == "  Spaces   stay,  let me check  "
    )
