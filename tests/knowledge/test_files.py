"""Reading known fixes from YAML and Markdown files, and the problems a lead is told about."""

from pathlib import Path

import pytest

from bot.knowledge import files as kbfiles
from bot.model import Fix
from bot.problems import Problem
from tests.conftest import DATA, ROOT

BROKEN = DATA / "knowledge" / "broken"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [line_form(p) for p in kbfiles.read_file(path).problems]


def line_form(p: Problem) -> str:
    """A problem as file:line, rule, message and fix: what these tests pin (the column and the
    quoted line are pinned in test_problems_point_at_the_column_and_quote_the_line)."""
    return f"{p.file}:{p.line}: {p.rule}: {p.message}" + (f"\n  fix: {p.fix}" if p.fix else "")


# -- entries that read well -------------------------------------------------------------------


def test_a_yaml_list_gives_every_entry_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "router.yaml",
        "# Routers.\n"
        "- id: router-red\n"
        "  title: Router light is red\n"
        "  lang: en\n"
        "  tags: [router, light]\n"
        "  problem: The light turned red.\n"
        "  fix: |\n"
        "    Unplug it.\n"
        "    Wait 30 seconds.\n"
        "  alternatives: [Send a technician]\n"
        "  links: [https://help.example.com/router]\n"
        "- id: router-slow\n"
        "  title: Router is slow\n"
        "  fix: Move it off the floor.\n",
    )
    result = kbfiles.read_file(path)
    assert result.readable
    assert result.problems == ()
    assert result.fixes == (
        Fix(
            id="router-red",
            title="Router light is red",
            fix="Unplug it.\nWait 30 seconds.",
            problem="The light turned red.",
            lang="en",
            tags=("router", "light"),
            alternatives=("Send a technician",),
            links=("https://help.example.com/router",),
            file=str(path),
            line=2,
        ),
        Fix(
            id="router-slow",
            title="Router is slow",
            fix="Move it off the floor.",
            file=str(path),
            line=12,
        ),
    )


def test_markdown_front_matter_is_the_entry_and_the_body_its_fix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "reader.md",
        "---\n"
        "id: reader-frozen\n"
        "title: Reader frozen on the logo\n"
        "lang: uk\n"
        "tags: [reader, frozen]\n"
        "alternatives:\n"
        "  - Send a replacement.\n"
        "---\n"
        "1. Hold the power button.\n"
        "2. Wait.\n",
    )
    assert kbfiles.read_file(path) == kbfiles.FileResult(
        fixes=(
            Fix(
                id="reader-frozen",
                title="Reader frozen on the logo",
                fix="1. Hold the power button.\n2. Wait.",
                lang="uk",
                tags=("reader", "frozen"),
                alternatives=("Send a replacement.",),
                file=str(path),
                line=2,
            ),
        ),
        problems=(),
        readable=True,
    )


def test_markdown_with_windows_line_endings_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"---\r\nid: crlf-entry\r\ntitle: Title\r\n---\r\nStep one.\r\nStep two.\r\n")
    (fix,) = kbfiles.read_file(path).fixes
    assert (fix.id, fix.title, fix.fix, fix.line) == (
        "crlf-entry",
        "Title",
        "Step one.\nStep two.",
        2,
    )


def test_a_single_tag_may_be_written_without_brackets(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "- id: one-tag\n  title: T\n  fix: F\n  tags: router\n")
    assert kbfiles.read_file(path).fixes[0].tags == ("router",)


def test_an_empty_file_has_no_entries_and_no_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.yaml", "# nothing yet\n")
    assert kbfiles.read_file(path) == kbfiles.FileResult((), (), True)


# -- problems in one entry --------------------------------------------------------------------

ENTRY_PROBLEMS = [
    pytest.param(
        "- id: router-red\n  title: Router light is red\n",
        1,
        'router-red: missing "fix"\n  fix: add `fix:` (the steps that solve it)',
        id="missing-fix",
    ),
    pytest.param(
        "- id: router-red\n  fix: Unplug it.\n",
        1,
        'router-red: missing "title"\n'
        "  fix: add `title:` (a short title in the words people search for)",
        id="missing-title",
    ),
    pytest.param(
        "- title: Router light is red\n  fix: Unplug it.\n",
        1,
        '-: missing "id"\n  fix: add `id:` (a unique kebab-case id, e.g. router-red-light)',
        id="missing-id",
    ),
    pytest.param(
        "- id: router-red\n  title: '  '\n  fix: Unplug it.\n",
        1,
        'router-red: missing "title"\n'
        "  fix: add `title:` (a short title in the words people search for)",
        id="blank-title",
    ),
    pytest.param(
        "- id: router-red\n  title: T\n  fix: F\n  alternative: [Call back]\n",
        4,
        'router-red: unknown key "alternative" (did you mean "alternatives"?)\n'
        "  fix: use: id, title, lang, tags, problem, fix, alternatives, links",
        id="unknown-key",
    ),
    pytest.param(
        "- id: Router_Red\n  title: T\n  fix: F\n",
        1,
        'Router_Red: id "Router_Red" is not kebab-case\n  fix: use lower-case words joined by -',
        id="not-kebab-case",
    ),
    pytest.param(
        "- id: router-red\n  title: T\n  fix: F\n  lang: ukr\n",
        4,
        'router-red: unknown lang "ukr" (did you mean "uk"?)\n  fix: use en, uk, he…',
        id="unknown-lang",
    ),
    pytest.param(
        "- id: router-red\n  title: T\n  fix: F\n  tags: {router: 1}\n",
        4,
        "router-red: tags must be a list of text\n  fix: write `tags: [one, two]`",
        id="tags-mapping",
    ),
    pytest.param(
        "- id: router-red\n  title: T\n  fix: F\n  links: [[a, b]]\n",
        4,
        "router-red: links must be a list of text\n  fix: write `links: [one, two]`",
        id="links-nested",
    ),
    pytest.param(
        "- id: router-red\n  title: T\n  fix: F\n  problem: [red, light]\n",
        4,
        "router-red: problem must be text\n  fix: write problem: as one line or a | block",
        id="problem-list",
    ),
    pytest.param(
        "- just a sentence\n",
        1,
        "-: an entry must be a mapping\n  fix: write `- id: …` then `title: …`",
        id="not-a-mapping",
    ),
]


@pytest.mark.parametrize(("text", "line", "expected"), ENTRY_PROBLEMS)
def test_an_entry_problem_is_reported_with_file_line_and_fix(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = write(tmp_path, "entries.yaml", text)
    assert problems_of(path) == [f"{path}:{line}: {expected}"]


@pytest.mark.parametrize(("text", "line", "expected"), ENTRY_PROBLEMS)
def test_an_entry_with_a_problem_is_left_out(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = write(tmp_path, "entries.yaml", text)
    assert kbfiles.read_file(path).fixes == ()


def test_the_good_entries_beside_a_bad_one_are_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.yaml",
        "- id: first-good\n  title: T\n  fix: F\n"
        "- id: bad\n  title: T\n"
        "- id: second-good\n  title: T\n  fix: F\n",
    )
    result = kbfiles.read_file(path)
    assert [f.id for f in result.fixes] == ["first-good", "second-good"]
    assert [p.line for p in result.problems] == [4]


def test_a_text_longer_than_the_limit_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", f"- id: long-one\n  title: T\n  fix: {'x' * 20_001}\n")
    assert problems_of(path) == [
        f"{path}:3: long-one: fix is longer than 20000 characters\n  fix: split the entry"
    ]


def test_a_key_written_twice_in_an_entry_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "- id: twice\n  title: First\n  title: Second\n  fix: F\n")
    assert problems_of(path) == [
        f'{path}:3: twice: "title" is written twice\n  fix: keep one of them'
    ]


# -- files that cannot be read ----------------------------------------------------------------


def test_a_yaml_syntax_error_makes_the_file_unreadable_and_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "- id: one\n  title: T\n  fix: F\n- id: two\n  title: [oops\n")
    result = kbfiles.read_file(path)
    assert (result.readable, result.fixes) == (False, ())
    assert [line_form(p) for p in result.problems] == [
        f"{path}:6: -: not valid YAML: did not find expected ',' or ']'\n"
        "  fix: fix the YAML syntax on that line"
    ]


def test_a_tab_indent_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "- id: one\n  title: T\n\tfix: F\n")
    (problem,) = kbfiles.read_file(path).problems
    assert (problem.file, problem.line, problem.rule) == (str(path), 3, "-")
    assert problem.message.startswith("not valid YAML: ")


def test_a_file_that_is_not_a_list_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "id: router-red\ntitle: T\nfix: F\n")
    assert kbfiles.read_file(path) == kbfiles.FileResult(
        (),
        (
            Problem(
                str(path),
                1,
                "-",
                "a knowledge file must be a list of entries",
                "start each entry with `- id:`",
            ),
        ),
        False,
    )


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("- id: cafe\n  title: Café\n  fix: F\n".encode("latin-1"))
    result = kbfiles.read_file(path)
    assert result.readable is False
    assert [line_form(p) for p in result.problems] == [
        f"{path}:1: -: the file is not UTF-8 text\n  fix: save it as UTF-8"
    ]


def test_a_folder_that_does_not_exist_is_one_problem(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    assert kbfiles.load(folder) == (
        [],
        [
            Problem(
                str(folder),
                1,
                "-",
                "no such folder",
                "create it, or set knowledge: in rules.yaml",
            )
        ],
    )


# -- Markdown problems, with lines in the .md file -------------------------------------------

MARKDOWN_PROBLEMS = [
    pytest.param(
        "Just some notes.\n",
        1,
        "-: a Markdown entry needs YAML front matter\n"
        "  fix: start the file with ---, then id: and title: lines, then --- and the fix",
        id="no-front-matter",
    ),
    pytest.param(
        "---\nid: md-entry\ntitle: T\ntagz: [a]\n---\nBody.\n",
        4,
        'md-entry: unknown key "tagz" (did you mean "tags"?)\n'
        "  fix: use: id, title, lang, tags, problem, fix, alternatives, links",
        id="unknown-key",
    ),
    pytest.param(
        "---\nid: md-entry\ntitle: T\nlang: hebrew\n---\nBody.\n",
        4,
        'md-entry: unknown lang "hebrew"\n  fix: use en, uk, he…',
        id="unknown-lang",
    ),
    pytest.param(
        "---\nid: md-entry\ntitle: T\n---\n\n",
        2,
        'md-entry: missing "fix"\n  fix: add `fix:` (the steps that solve it)',
        id="empty-body",
    ),
    pytest.param(
        f"---\nid: md-entry\ntitle: T\n---\n{'x' * 20_001}\n",
        5,
        "md-entry: fix is longer than 20000 characters\n  fix: split the entry",
        id="long-body-names-the-body-line",
    ),
    pytest.param(
        "---\nid: md-entry\n- title\n---\nBody.\n",
        3,
        "-: not valid YAML: did not find expected key\n  fix: fix the front matter's YAML",
        id="bad-front-matter-yaml",
    ),
    pytest.param(
        "---\n- id\n- title\n---\nBody.\n",
        2,
        "-: the front matter must be key: value lines\n  fix: write `id: …`",
        id="front-matter-a-list",
    ),
]


@pytest.mark.parametrize(("text", "line", "expected"), MARKDOWN_PROBLEMS)
def test_a_markdown_problem_points_into_the_file(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = write(tmp_path, "note.md", text)
    assert problems_of(path) == [f"{path}:{line}: {expected}"]


def test_a_fix_key_in_markdown_front_matter_is_reported_with_a_fix_line(tmp_path: Path) -> None:
    path = write(tmp_path, "note.md", "---\nid: md-entry\ntitle: T\nfix: inline\n---\nBody.\n")
    (problem,) = kbfiles.read_file(path).problems
    assert problem.line == 4
    assert problem.fix != ""


# -- which files hold entries -----------------------------------------------------------------


def test_entry_files_skip_readme_underscore_and_dot_files(tmp_path: Path) -> None:
    names = [
        "README.md",
        "readme.md",
        "_synonyms.yaml",
        "_drafts/old.yaml",
        ".hidden/x.yaml",
        ".swap.yaml",
        "notes.txt",
        "terminal.yaml",
        "payouts.yml",
        "reset.md",
        "area/nested.yaml",
        "area/README.md",
    ]
    for name in names:
        write(tmp_path, name, "")
    found = [p.relative_to(tmp_path).as_posix() for p in kbfiles.entry_files(tmp_path)]
    assert found == ["area/nested.yaml", "payouts.yml", "reset.md", "terminal.yaml"]


def test_a_readme_in_the_folder_is_not_read_as_an_entry(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# How to write entries\n\nNo front matter here.\n")
    write(tmp_path, "_synonyms.yaml", "en:\n  - [reader, terminal]\n")
    write(tmp_path, "a.yaml", "- id: only-one\n  title: T\n  fix: F\n")
    fixes, problems = kbfiles.load(tmp_path)
    assert ([f.id for f in fixes], problems) == (["only-one"], [])


# -- across files -----------------------------------------------------------------------------


def entry(
    fix_id: str, file: str, line: int, fix: str = "F", alternatives: tuple[str, ...] = ()
) -> Fix:
    return Fix(id=fix_id, title="T", fix=fix, alternatives=alternatives, file=file, line=line)


def test_a_duplicate_id_across_files_names_both_places() -> None:
    problems = kbfiles.cross_check(
        [entry("router-red", "kb/a.yaml", 2), entry("router-red", "kb/b.yaml", 7)]
    )
    assert [line_form(p) for p in problems] == [
        "kb/b.yaml:7: router-red: duplicate id, first used at kb/a.yaml:2\n"
        "  fix: give one of the two entries another id"
    ]


def test_a_duplicate_id_in_one_file_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml", "- id: twice\n  title: T\n  fix: F\n- id: twice\n  title: U\n  fix: G\n"
    )
    _, problems = kbfiles.load(tmp_path)
    assert [line_form(p) for p in problems] == [
        f"{path}:4: twice: duplicate id, first used at {path}:1\n"
        "  fix: give one of the two entries another id"
    ]


def test_a_broken_reference_suggests_the_closest_id() -> None:
    problems = kbfiles.cross_check(
        [
            entry("payout-on-hold", "kb/a.yaml", 1),
            entry("payout-late", "kb/a.yaml", 9, fix="If it is held, see payout-hold."),
        ]
    )
    assert [line_form(p) for p in problems] == [
        'kb/a.yaml:9: payout-late: "see payout-hold" names no entry'
        ' (did you mean "payout-on-hold"?)\n'
        "  fix: use the id of an existing entry, or reword the reference"
    ]


def test_a_broken_reference_in_an_alternative_is_reported() -> None:
    problems = kbfiles.cross_check(
        [
            entry(
                "reader-dead",
                "kb/a.yaml",
                1,
                alternatives=("Take payments by link (see pay-link).",),
            )
        ]
    )
    assert [p.message for p in problems] == ['"see pay-link" names no entry']


@pytest.mark.parametrize(
    "text",
    [
        "See below for the steps.",
        "Wait until you see the green tick.",
        "If it is held, see payout-on-hold.",
        "If it is held, See `Payout-On-Hold`.",
    ],
)
def test_words_after_see_that_are_not_ids_or_are_known_ids_are_fine(text: str) -> None:
    fixes = [
        entry("payout-on-hold", "kb/a.yaml", 1),
        entry("payout-late", "kb/a.yaml", 9, fix=text),
    ]
    assert kbfiles.cross_check(fixes) == []


def test_lint_of_a_broken_base_reports_every_problem_with_a_fix_line() -> None:
    _, problems = kbfiles.load(BROKEN)
    assert len(problems) == 10
    assert all(p.fix for p in problems)
    assert all(
        line_form(p) == f"{p.file}:{p.line}: {p.rule}: {p.message}\n  fix: {p.fix}"
        for p in problems
    )


def test_the_shipped_base_has_no_problems() -> None:
    fixes, problems = kbfiles.load(ROOT / "knowledge")
    assert problems == []
    assert len(fixes) >= 30


def test_problems_point_at_the_column_and_quote_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml", "- id: router-red\n  title: Red light\n  fix: F\n  lang: eng\n"
    )
    assert [str(p) for p in kbfiles.read_file(path).problems] == [
        f'{path}:4:9: router-red: unknown lang "eng" (did you mean "en"?)\n'
        "  4 |   lang: eng\n"
        "    |         ^\n"
        "  fix: use en, uk, he…"
    ]


def test_a_markdown_problem_quotes_the_line_of_the_file_not_of_its_front_matter(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "note.md", "---\nid: a-note\ntitle: T\ntagz: [x]\n---\nSteps.\n")
    assert [str(p) for p in kbfiles.read_file(path).problems] == [
        f'{path}:4:1: a-note: unknown key "tagz" (did you mean "tags"?)\n'
        "  4 | tagz: [x]\n"
        "    | ^\n"
        "  fix: use: id, title, lang, tags, problem, fix, alternatives, links"
    ]
