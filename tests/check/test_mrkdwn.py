import pytest

from bot.check.mrkdwn import prose


def visible(draft: str) -> str:
    """The prose left visible, with runs of blanks folded so tables stay readable."""
    return " ".join(prose(draft).text.split())


@pytest.mark.parametrize(
    ("draft", "left"),
    [
        ("Use `I don't know` here", "Use here"),
        ("```\nI don't know\n```\nok", "ok"),
        ("see <https://x.io/i-dont-know|the guide>", "see the guide"),
        ("see <https://x.io/i-dont-know>", "see"),
        ("hi <@U012AB3CD> and <#C123|general>", "hi and"),
        ("<!here> calm down", "calm down"),
        ("by Thursday :soon: :white_check_mark:", "by Thursday"),
        ("> I don't care\nfixed it", "fixed it"),
        ("&gt; I don't care\nfixed it", "fixed it"),
        ("*bold* _italic_ ~strike~", "bold italic strike"),
        ("at 10:14 this morning: see 12:30:45", "at 10:14 this morning: see 12:30:45"),
        ("`unclosed I don't know", "`unclosed I don't know"),
        ("a `x\ny` b", "a `x y` b"),
    ],
)
def test_hides_what_is_not_the_agents_prose(draft: str, left: str) -> None:
    assert visible(draft) == left


def test_keeps_length_so_offsets_point_into_the_draft() -> None:
    draft = "Hi <@U1>, `code` then <https://a.b|label> :wave:\n> quoted\nend"
    result = prose(draft)
    assert len(result.text) == len(draft)
    assert result.text.index("label") == draft.index("label")
    assert result.text.index("end") == draft.index("end")


def test_reports_hidden_spans_in_order() -> None:
    draft = "a `b` c :d: e"
    assert prose(draft).hidden == ((2, 5), (8, 11))


@pytest.mark.parametrize(
    "junk", ["`" * 40_000, "```" * 13_000, ":a" * 20_000, "<" * 40_000, ">\n" * 20_000]
)
def test_hostile_mrkdwn_is_handled(junk: str) -> None:
    assert len(prose(junk).text) == len(junk)
