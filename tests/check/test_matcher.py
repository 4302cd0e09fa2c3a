from bot.check.matcher import Match, Matcher


def keys(*words: str) -> list[tuple[str, ...]]:
    return [(w,) for w in words]


def test_finds_phrases_and_single_words() -> None:
    m = Matcher()
    m.add(["do", "not", "know"], "a")
    m.add(["know"], "b")
    assert m.find(keys("i", "do", "not", "know")) == [Match("a", 1, 3), Match("b", 3, 3)]


def test_steps_over_at_most_two_fillers() -> None:
    m = Matcher(fillers={"really", "just"})
    m.add(["do", "not", "know"], "a")
    assert m.find(keys("do", "really", "just", "not", "know")) == [Match("a", 0, 4)]
    assert m.find(keys("do", "really", "just", "really", "not", "know")) == []


def test_other_words_break_a_phrase() -> None:
    m = Matcher(fillers={"really"})
    m.add(["do", "not", "know"], "a")
    assert m.find(keys("do", "not", "want", "to", "know")) == []


def test_walls_stop_a_phrase() -> None:
    m = Matcher()
    m.add(["do", "not", "know"], "a")
    assert m.find(keys("do", "not", "know"), walls=[False, False, True]) == []


def test_a_token_with_several_keys_matches_any() -> None:
    m = Matcher()
    m.add(["not", "know"], "a")
    assert m.find([("=not", "not"), ("=knew", "know")]) == [Match("a", 0, 1)]


def test_counts_what_it_holds() -> None:
    m = Matcher()
    for i in range(100):
        m.add(["w", str(i)], i)
    assert m.size == 100
    assert [x.label for x in m.find(keys("w", "42"))] == [42]


def test_pauses_are_bridged_around_a_filler_or_two_words_in() -> None:
    m = Matcher(fillers={"=honestly"})
    m.add(["me", "same"], "a")
    m.add(["for", "those", "who", "know"], "b")
    assert m.find([("me",), ("=,",), ("=honestly",), ("=,",), ("same",)]) == [Match("a", 0, 4)]
    assert m.find([("me",), ("=,",), ("same",)]) == []  # "No, way more": not "no way"
    assert m.find([("for",), ("those",), ("=,",), ("who",), ("know",)]) == [Match("b", 0, 4)]
    assert m.find([("for",), ("those",), ("=-",), ("who",), ("know",)]) == [Match("b", 0, 4)]
