"""Data problems carry a code and values; every code reads in every language from the catalogs."""

from __future__ import annotations

import ast
import re
import string

import pytest

from partnership import comtrade_api, i18n
from partnership.i18n import catalog, error_text, problem_text
from partnership.io.problems import MAX_PROBLEMS, MESSAGES, DataError, Problem, fail, problem
from tests.conftest import ROOT

SOURCES = [p for p in ROOT.glob("partnership/**/*.py") if p.name != "problems.py"]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def codes_in_source() -> tuple[set[str], set[str]]:
    """(codes passed as literals to problem()/fail(), other string literals of the modules that are codes):
    the second catches codes chosen in an expression (`code = "a" if … else "b"`, a dict of codes)."""
    literal, chosen = set(), set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("problem", "fail"):
                position = 0 if node.func.id == "problem" else 1
                if len(node.args) > position and isinstance(node.args[position], ast.Constant):
                    literal.add(node.args[position].value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in MESSAGES:
                chosen.add(node.value)
    return literal, chosen


def test_codes_are_found_in_the_source_and_every_one_is_known():
    literal, _ = codes_in_source()
    assert len(literal) > 40
    assert literal - set(MESSAGES) == set()


def test_every_code_is_raised_somewhere():
    literal, chosen = codes_in_source()
    used = literal | chosen | {f"api_{reason}" for reason in comtrade_api.REASONS}
    assert set(MESSAGES) - used == set()


def test_no_module_builds_a_problem_without_a_code():
    for path in SOURCES:
        assert not re.search(r"\bProblem\(", path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_every_code_has_a_text_in_every_language_with_the_message_placeholders(lang):
    texts = catalog(lang)
    for code, message in MESSAGES.items():
        key = f"problem.{code}"
        assert key in texts, f"{lang}: {key}"
        assert fields(texts[key]) <= fields(message), f"{lang}: {key} uses a value the problem does not have"
        assert fields(texts[key]) == fields(catalog("en")[key]), f"{lang}: {key}"


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_every_code_translates_with_its_values(lang):
    for code, message in MESSAGES.items():
        values = {
            name: (2048 if name.endswith("_bytes") else 12345 if name in ("rows", "limit", "chars") else "x")
            for name in fields(message)
        }
        made = problem(code, 3, "year", **values)
        text = problem_text(made, lang)
        assert text and "{" not in text, (lang, code)


def test_the_english_message_is_made_from_the_values():
    made = problem("too_many_rows", rows=120000, limit=100000)
    assert made.message == "the file has 120,000 rows; the limit is 100,000"
    assert (made.code, made.values) == ("too_many_rows", {"rows": 120000, "limit": 100000})
    assert problem("file_too_large", size_bytes=3 * 1024 * 1024, limit_bytes=1000).message == (
        "the file is 3.0 MB; the limit is 1,000 bytes"
    )


def test_values_are_written_the_readers_way():
    made = problem("too_many_rows", rows=120000, limit=100000)
    assert problem_text(made, "ru") == "строк данных в файле: 120\u00a0000; предел — 100\u00a0000"
    assert problem_text(made, "en") == "the file has 120,000 data rows; the limit is 100,000"
    size = problem("file_too_large", size_bytes=3 * 1024 * 1024 + 1024 * 512, limit_bytes=1000)
    assert problem_text(size, "ru") == "размер файла — 3,5 МБ, а предел — 1\u00a0000 байт"


def test_unknown_code_falls_back_to_the_english_message():
    assert problem_text(Problem(2, "x", "something new"), "ru") == "something new"
    assert problem_text(Problem(2, "x", "something new", "no_such_code", {}), "kk") == "something new"


def test_error_text_names_file_place_and_problem_in_the_language():
    error = DataError("trade.csv", [problem("value_required", 2, "year"), problem("empty_file")])
    assert error_text(error, "en") == "trade.csv: row 2, column 'year': a value is required; the file is empty"
    assert error_text(error, "ru") == "trade.csv: строка 2, столбец «year»: ячейка не может быть пустой; файл пустой"
    assert str(error) == "trade.csv: row 2, column 'year': a value is required; the file is empty"


def test_error_text_cuts_long_lists_like_the_english_message():
    error = DataError("f.csv", [problem("value_required", r, "year") for r in range(2, MAX_PROBLEMS + 7)])
    assert error_text(error, "en").endswith("; … and 5 more")
    assert error_text(error, "ru").endswith("; … и ещё 5")


def test_fail_is_one_problem():
    error = fail("f.csv", "no_column_names", 1)
    assert [(p.row, p.column, p.code) for p in error.problems] == [(1, None, "no_column_names")]
    assert str(error) == "f.csv: row 1: the first row holds no column names"


def test_api_errors_carry_their_reason_as_code():
    error = comtrade_api.ComtradeApiError("https://x", "timeout", "read timed out")
    assert [(p.code, p.values) for p in error.problems] == [("api_timeout", {"detail": "read timed out"})]
    assert str(error) == "https://x: timeout: read timed out"
