"""Searching the known fixes: recall on the shipped base, folding, typos, synonyms."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import lexical
from bot.knowledge.search import KnowledgeBase
from bot.model import Hit
from tests.conftest import DATA, ROOT

SHIPPED = ROOT / "knowledge"
SMALL_KB = DATA / "knowledge" / "small"
QUERIES = [
    json.loads(line)
    for line in (DATA / "kb-queries.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
# Unanswerable queries the search still answers; see the xfail reason.
KNOWN_NOISE = {"чи можна взяти термінал в оренду на один день для ярмарку"}


@pytest.fixture(scope="module")
def shipped() -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(SHIPPED, ":memory:")
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def small() -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(SMALL_KB, ":memory:")
    yield kb
    kb.close()


def found(kb: KnowledgeBase, query: str, limit: int = 5) -> list[str]:
    return [h.fix.id for h in kb.search(query, limit)]


def shipped_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8").lower() for p in SHIPPED.iterdir() if p.is_file()
    )


# -- the shipped base and its queries ---------------------------------------------------------


def test_the_shipped_base_opens_without_problems(shipped: KnowledgeBase) -> None:
    assert shipped.problems == []
    assert len(shipped) >= 30


def test_recall_at_3_on_the_shipped_queries(shipped: KnowledgeBase) -> None:
    answerable = [q for q in QUERIES if q["expect"]]
    missed = [
        (q["id"], found(shipped, q["query"], 3))
        for q in answerable
        if not set(found(shipped, q["query"], 3)) & set(q["expect"])
    ]
    assert len(answerable) >= 15
    assert 1 - len(missed) / len(answerable) >= 0.9, missed


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(
            q["query"],
            id=q["id"],
            marks=[
                pytest.mark.xfail(reason="answered with uk-fees-explained at ~0.38", strict=True)
            ]
            if q["query"] in KNOWN_NOISE
            else [],
        )
        for q in QUERIES
        if not q["expect"]
    ],
)
def test_an_unanswerable_query_finds_nothing(shipped: KnowledgeBase, query: str) -> None:
    assert shipped.search(query) == []


def test_results_are_best_first_with_scores_in_0_1(shipped: KnowledgeBase) -> None:
    for q in QUERIES:
        scores = [h.score for h in shipped.search(q["query"])]
        assert scores == sorted(scores, reverse=True), q["id"]
        assert all(0 < s <= 1 for s in scores), q["id"]


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_the_limit_is_respected(shipped: KnowledgeBase, limit: int) -> None:
    assert len(found(shipped, "reader", 5)) == 5  # more than any limit here
    assert len(shipped.search("reader", limit)) == limit


def test_get_returns_an_entry_by_id(shipped: KnowledgeBase) -> None:
    fix = shipped.get("payout-late")
    assert fix is not None
    assert (fix.id, fix.title, fix.file) == (
        "payout-late",
        "Payout has not arrived in the bank",
        str(SHIPPED / "payouts.yaml"),
    )


@pytest.mark.parametrize("fix_id", ["no-such-id", "", "PAYOUT-LATE", "payout-late "])
def test_get_returns_none_for_an_unknown_id(shipped: KnowledgeBase, fix_id: str) -> None:
    assert shipped.get(fix_id) is None


# -- how words are folded ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["счет не пришел", "СЧЁТ НЕ ПРИШЁЛ", "счёт"])
def test_russian_yo_and_ye_are_one_letter(small: KnowledgeBase, query: str) -> None:
    assert found(small, query) == ["ru-bill-missing"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("לעדכון", "he-firmware-update-stuck"),  # title: עדכון
        ("העדכון נתקע", "he-firmware-update-stuck"),
        ("ההצמדה", "he-contactless-not-working"),  # title: בהצמדה
        ("לסיסמה", "he-login-problems"),  # tags: סיסמה
    ],
)
def test_hebrew_prefix_letters_are_folded(
    shipped: KnowledgeBase, query: str, expected: str
) -> None:
    assert found(shipped, query)[0] == expected


@pytest.mark.parametrize("query", ["המודם", "למודם", "במודם"])
def test_hebrew_prefixes_find_a_bare_word(small: KnowledgeBase, query: str) -> None:
    assert found(small, query) == ["he-modem-reset"]


@pytest.mark.parametrize("query", ["café barista", "CAFÉ BARISTA", "cafe barista", "Cafe Barista"])
def test_case_and_diacritics_do_not_matter(shipped: KnowledgeBase, query: str) -> None:
    assert found(shipped, query)[0] == "add-staff-member"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chargebak", "chargeback-dispute"),  # a letter missing
        ("contactlesss", "contactless-not-working"),  # a letter too many
        ("prjnter not printing", "printer-not-printing"),  # a letter wrong
    ],
)
def test_a_one_letter_typo_still_finds_the_entry(
    shipped: KnowledgeBase, query: str, expected: str
) -> None:
    assert found(shipped, query)[0] == expected


# -- synonyms ---------------------------------------------------------------------------------


def test_a_shipped_synonym_finds_entries_that_use_another_word(shipped: KnowledgeBase) -> None:
    assert "reimburse" not in shipped_text()  # only synonyms.yaml links it to "refund"
    assert found(shipped, "reimbursement")[:2] == ["issue-refund", "refund-not-arrived"]


def test_a_synonym_word_is_not_corrected_into_another_word(shipped: KnowledgeBase) -> None:
    assert "modem" not in shipped_text()  # synonyms.yaml: [router, modem, hub, gateway]
    assert found(shipped, "modem")[:1] == ["reader-no-connection"]  # not "mode": pos-integration


def test_a_synonym_of_nothing_in_the_base_finds_nothing(shipped: KnowledgeBase) -> None:
    assert found(shipped, "telly") == []  # [tv, television, telly]; not "tell"


@pytest.mark.parametrize("query", ["technician", "engineer", "installer"])
def test_a_synonym_set_adds_no_unrelated_lemma(shipped: KnowledgeBase, query: str) -> None:
    assert "chargeback-dispute" not in found(shipped, query)


def test_a_team_synonym_file_makes_a_new_word_findable(
    shipped: KnowledgeBase, tmp_path: Path
) -> None:
    assert shipped.search("gizmo") == []
    copy = Path(shutil.copytree(SHIPPED, tmp_path / "knowledge"))
    (copy / "_synonyms.yaml").write_text("en:\n  - [terminal, gizmo]\n", encoding="utf-8")
    kb = KnowledgeBase(copy, tmp_path / "index.sqlite")
    assert kb.problems == []
    assert found(kb, "gizmo won't turn on")[0] == "reader-wont-turn-on"
    kb.close()


def test_a_team_synonym_edit_takes_effect_on_refresh(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(SMALL_KB, tmp_path / "kb"))
    kb = KnowledgeBase(copy, ":memory:")
    assert found(kb, "gizmo") == ["card-reader-frozen"]
    (copy / "_synonyms.yaml").write_text("en:\n  - [router, gizmo]\n", encoding="utf-8")
    kb.refresh()
    assert found(kb, "gizmo") == ["router-red-light"]
    kb.close()


def test_what_the_base_says_of_a_word_is_forgotten_when_an_entry_changes(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(SMALL_KB, tmp_path / "kb"))
    kb = KnowledgeBase(copy, ":memory:", meaning=False)
    assert found(kb, "scanner beeps") == ["printer-paper-jam"]  # "beeps"; "scanner" is unknown
    (copy / "scanner.yaml").write_text(
        "- id: scanner-beeps\n  title: Barcode scanner beeps\n"
        "  problem: The scanner beeps twice and reads nothing.\n  fix: Charge it.\n",
        encoding="utf-8",
    )
    kb.refresh()
    fresh = KnowledgeBase(copy, ":memory:", meaning=False)
    assert found(kb, "scanner beeps")[0] == "scanner-beeps"
    assert kb.search("scanner beeps loudly") == fresh.search("scanner beeps loudly")  # scores too
    kb.close()
    fresh.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "en: [unclosed\n",
            "{path}:2: -: not valid YAML: did not find expected ',' or ']'\n"
            "  fix: fix the YAML on that line",
        ),
        (
            "en:\n  - gizmo\n",
            "{path}:2: -: a synonym set must be a list of words\n"
            "  fix: write e.g. `- [engineer, technician]` under a language",
        ),
        (
            "- [reader, gizmo]\n",
            "{path}:1: -: synonyms must be grouped by language\n  fix: write `en:` first",
        ),
    ],
)
def test_a_broken_team_synonym_file_is_reported(tmp_path: Path, text: str, expected: str) -> None:
    copy = Path(shutil.copytree(SMALL_KB, tmp_path / "kb"))
    path = copy / "_synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    kb = KnowledgeBase(copy, ":memory:")
    assert [str(p) for p in kb.problems] == [expected.format(path=path)]
    assert len(kb) == 5
    kb.close()


@pytest.mark.parametrize("floor", [0.3, 0.5, 0.8])
def test_a_floor_fetches_fewer_candidates_and_loses_no_hit_that_reaches_it(
    shipped: KnowledgeBase, floor: float
) -> None:
    messages = [q["query"] for q in QUERIES] + [
        "Hi, thanks for waiting. The card reader is charged but the screen stays black and the"
        " customer at the till is waiting, my manager says the printer is fine though",
        "We can't refund it, sorry. The payout was on hold because the bank asked for documents.",
    ]
    fewer = 0
    for text in messages:
        reaching = [h.fix.id for h in shipped.search(text, 24, words_only=True) if h.score >= floor]
        with_floor = shipped.search(text, 24, words_only=True, floor=floor)
        assert sorted(reaching) == sorted(h.fix.id for h in with_floor if h.score >= floor), text
        query = shipped._prepare(text)
        forms = lexical.retrieval_forms(query)
        needed = lexical.needed_forms(query, floor)
        index = shipped._index
        fewer += len(index.candidates(forms, 24, needed)) < len(index.candidates(forms, 24))
    assert fewer >= len(messages) // 4


def test_counts_past_the_memo_limit_are_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = KnowledgeBase(SMALL_KB, ":memory:", meaning=False)
    index = kb._index
    assert index.counts(["router", "printer"]) == {"router": 2, "printer": 2}
    monkeypatch.setattr("bot.knowledge.index.MEMO", 1)  # the next new form clears the memo
    assert index.counts(["router", "paper", "printer"]) == {"router": 2, "paper": 2, "printer": 2}
    kb.close()


# -- queries that are not questions -----------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="empty"),
        pytest.param("  \n\t ", id="whitespace"),
        pytest.param("\x00\x01\x7f\ufffd\ufffd", id="binary"),
        pytest.param("?!… --- ///", id="punctuation"),
        pytest.param("a" * 200_000, id="one-huge-word"),
    ],
)
def test_a_query_without_words_finds_nothing(shipped: KnowledgeBase, query: str) -> None:
    assert shipped.search(query) == []


def test_a_lone_surrogate_in_a_query_does_not_raise(shipped: KnowledgeBase) -> None:
    # What argv and JSON ("\\udcff") give for bytes that are not UTF-8.
    assert found(shipped, "printer \udcff") == found(shipped, "printer")


def test_a_huge_query_returns_hits_without_raising(shipped: KnowledgeBase) -> None:
    query = "the card reader won't turn on and the screen stays black. " * 3500
    assert len(query) > 200_000
    hits = shipped.search(query)
    assert all(isinstance(h, Hit) and 0 < h.score <= 1 for h in hits)
    assert hits[0].fix.id == "reader-wont-turn-on"


# -- by meaning too (the real encoder) --------------------------------------------------------


@pytest.fixture(scope="module")
def hybrid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The shipped base searched by words and meaning, its vectors built up front."""
    folder = tmp_path_factory.mktemp("hybrid")
    kb = KnowledgeBase(SHIPPED, folder / "index.sqlite", meaning=True, background=False)
    kb.build()
    assert kb.by_meaning
    yield kb
    kb.close()


def test_by_meaning_recall_at_3_on_the_shipped_queries(hybrid: KnowledgeBase) -> None:
    answerable = [q for q in QUERIES if q["expect"]]
    missed = [
        (q["id"], found(hybrid, q["query"], 3))
        for q in answerable
        if not set(found(hybrid, q["query"], 3)) & set(q["expect"])
    ]
    # The confidence is fitted on five bases, three of them written blind and hard: to leave
    # their unanswerable questions unanswered it also leaves a few of these (4 of 39).
    assert 1 - len(missed) / len(answerable) >= 0.85, missed


@pytest.mark.parametrize("query", [q["query"] for q in QUERIES if not q["expect"]])
def test_by_meaning_an_unanswerable_query_finds_nothing(hybrid: KnowledgeBase, query: str) -> None:
    assert hybrid.search(query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("card machine won't switch on", "reader-wont-turn-on"),  # the README's example
        ("money from yesterday never showed up in my bank", "payout-late"),
    ],
)
def test_by_meaning_a_paraphrase_finds_its_entry_first(
    hybrid: KnowledgeBase, query: str, expected: str
) -> None:
    assert found(hybrid, query)[0] == expected


def test_by_meaning_a_hit_says_why_it_matched_and_its_language(hybrid: KnowledgeBase) -> None:
    hit = hybrid.search("терминал не включается")[0]  # Russian: the base has Ukrainian
    assert (hit.fix.id, hit.fix.lang, hit.meaning) == ("uk-reader-wont-turn-on", "uk", True)
    assert hit.words == ("термінал",)


def test_by_meaning_scores_are_best_first_in_0_1(hybrid: KnowledgeBase) -> None:
    for q in QUERIES:
        scores = [h.score for h in hybrid.search(q["query"])]
        assert scores == sorted(scores, reverse=True), q["id"]
        assert all(0 < s <= 1 for s in scores), q["id"]
