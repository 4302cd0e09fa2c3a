import pytest

from bot import Coach
from bot.check.mrkdwn import prose


def test_a_link_label_is_read_in_its_place(coach: Coach) -> None:
    draft = (
        "Усі умови є в <https://shop.example.ua/help/returns|довідці про повернення>,"
        " але якщо зручніше — оформлю повернення за вас."
    )
    assert coach.engine.unit_texts(draft) == [
        "Усі умови є в довідці про повернення , але якщо зручніше — оформлю повернення за вас."
    ]


@pytest.mark.parametrize(
    ("draft", "sentences"),
    [
        ("hi <@U123> I have no idea :smile: sorry", ["hi", "I have no idea", "sorry"]),
        ("Run `reset --all` then wait", ["Run", "then wait"]),
        ("> I have no idea\nLet me check.", ["Let me check."]),
    ],
)
def test_other_hidden_markup_still_ends_a_sentence(
    coach: Coach, draft: str, sentences: list[str]
) -> None:
    assert coach.engine.unit_texts(draft) == sentences


def test_prose_names_the_link_parts_a_sentence_reads_across() -> None:
    seen = prose("See <https://a.example/x|the page> and <@U1> now :wave:")
    assert seen.through == ((4, 25), (33, 34))
    assert seen.stops == tuple(h for h in seen.hidden if h not in seen.through)
    assert len(seen.stops) == 2  # the mention and the emoji
