"""calc sheets: annotate a file with each line's result, and check those results later."""

import os
import stat
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import Calculator
from calculator.errors import render
from calculator.sheets import CheckFailed, SheetResult, annotate_text, check_text, is_markdown, write_in_place

SHEET = """\
food = 300 * 2
rent = 1200   # per month
# a comment line

food + rent  # => 999
monthly = 12 / (rent - rent)
monthly * 2
rent / 4; rent // 7 ; 2^100
f(x) = x^2  # => stale
f(19)
pi
"""

ANNOTATED = """\
food = 300 * 2                # => 600
rent = 1200   # per month     # => 1200
# a comment line

food + rent                   # => 1800
monthly = 12 / (rent - rent)  # => error: Cannot divide by zero
monthly * 2                   # => error: unknown name 'monthly'
rent / 4; rent // 7 ; 2^100   # => 1267650600228229401496703205376
f(x) = x^2
f(19)                         # => 361
pi                            # => 3.14159265358979
"""


def annotate(text, *, exact=False, markdown=False):
    return annotate_text(text, Calculator(exact=exact), markdown=markdown)


def check(text, *, exact=False, markdown=False):
    return check_text(text, Calculator(exact=exact), markdown=markdown)


def failures(result):
    """Each failure as (line, column, end_column, message)."""
    return [(error.line, error.column, error.end_column, error.message) for error, _ in result.failures]


# -- annotate -------------------------------------------------------------------------------------


def test_annotates_a_sheet_in_one_aligned_column():
    assert annotate(SHEET) == ANNOTATED


def test_annotating_twice_gives_the_same_text():
    assert annotate(ANNOTATED) == ANNOTATED


def test_the_annotation_column_follows_the_widest_annotated_line():
    assert annotate("1\nlonger_name = 2\n\n# a comment wider than every line of code\n") == (
        "1                # => 1\nlonger_name = 2  # => 2\n\n# a comment wider than every line of code\n"
    )


def test_a_line_shows_its_last_value_or_its_first_error():
    text = "a = 2; a * 3\nb = 1; f(x) = x\n1/0; 2; sqrt(-1)\n2; nothing\n"
    assert annotate(text) == (
        "a = 2; a * 3      # => 6\n"
        "b = 1; f(x) = x   # => 1\n"
        "1/0; 2; sqrt(-1)  # => error: Cannot divide by zero\n"
        "2; nothing        # => error: unknown name 'nothing'\n"
    )


def test_a_stale_annotation_is_replaced_whatever_its_spacing_and_content():
    text = "2 + 2#=>5\n3 # rent #   =>   7 # more\n4 # => 1 # => 2\n"
    assert annotate(text) == "2 + 2     # => 4\n3 # rent  # => 3\n4         # => 4\n"


def test_blank_and_comment_only_lines_are_never_changed():
    text = "   \n# => 5   \n\t# note  \n;\n"
    assert annotate(text) == text


def test_a_definition_only_line_is_left_unannotated():
    assert annotate("g(x, y) = x * y   \ng(6, 7)\n") == "g(x, y) = x * y   \ng(6, 7)  # => 42\n"
    assert annotate("g(x) = x # => g(x)\n") == "g(x) = x\n"


def test_a_failing_definition_shows_its_error():
    assert annotate("sin(x) = 2\n") == "sin(x) = 2  # => error: cannot assign to the builtin function 'sin'\n"


def test_exact_mode_annotates_fractions():
    assert annotate("7/4\n0.1 + 0.2\n6/3\n", exact=True) == "7/4        # => 7/4\n0.1 + 0.2  # => 3/10\n6/3        # => 2\n"


def test_line_ends_bom_and_a_missing_final_newline_are_kept():
    text = "\ufeffx = 1\r\n\r\n# note\r\nx + 1\ny = 3"
    assert annotate(text) == "\ufeffx = 1  # => 1\r\n\r\n# note\r\nx + 1  # => 2\ny = 3  # => 3"


def test_the_session_carries_on_from_the_calculator_given():
    calc = Calculator()
    calc.evaluate("base = 40")
    assert annotate_text("base + 2\nans * 2\n", calc) == "base + 2  # => 42\nans * 2   # => 84\n"
    assert calc.variables == {"base": 40}


def test_an_annotation_never_pushes_a_line_over_the_length_limit():
    from calculator.limits import Limits

    limits = Limits(max_input_length=12)
    text = "x = 10^9  \n"  # 10 characters: the annotation makes 24
    once = annotate_text(text, Calculator(limits=limits))
    assert once == "x = 10^9  # => 1000000000\n"
    assert annotate_text(once, Calculator(limits=limits)) == once
    assert failures(check_text(once, Calculator(limits=limits))[0]) == []


# -- check ----------------------------------------------------------------------------------------


def test_an_annotated_sheet_passes_its_check():
    result, outcomes = check(ANNOTATED)
    assert (result.checks, result.failures, result.ok) == (8, [], True)
    assert [o.kind for o in outcomes] == [
        "assignment", "assignment", "value", "error", "error", "value", "value", "value", "definition", "value", "value"
    ]
    # The two errors were expected: nothing to report.
    assert result.unexpected_errors(outcomes) == []
    assert result.summary() == "8 checks, 0 failed"


def test_mismatches_are_errors_at_their_line_and_statement():
    text = (
        "x = 19\n"
        "y = 3; x^2 - 1           # => 361\n"
        "  1/0                    # => 3\n"
        "x                        # => error\n"
        "sqrt(-1)                 # => error: Cannot divide\n"
        "g(t) = t                 # => 5\n"
        "x * 2\n"
        "x                        # => 19\n"
    )
    result, outcomes = check(text)
    assert result.checks == 6
    assert failures(result) == [
        (2, 8, 15, "expected 361, got 360"),
        (3, 3, 6, "expected 3, got error: Cannot divide by zero"),
        (4, 1, 2, "expected error, got 19"),
        (5, 1, 9, "expected error: Cannot divide, got error: sqrt(-1) is undefined: x must be >= 0"),
        (6, 1, 9, "expected 5, got no value (a definition)"),
    ]
    assert all(isinstance(error, CheckFailed) and error.code == "check-failed" for error, _ in result.failures)
    assert [line for _, line in result.failures][:2] == ["y = 3; x^2 - 1           # => 361", "  1/0                    # => 3"]
    # The errors of lines 3 and 5 are named by their failures ("got error: ..."): each is
    # reported once, as the failure, not a second time as an ordinary error.
    assert result.unexpected_errors(outcomes) == []
    assert result.summary() == "6 checks, 5 failed"


def test_a_failure_renders_with_its_caret():
    result, _ = check("a = 1\nb = 2\nc = 3\nsqrt(a + b + c + 355) - 0  # => 361\n")
    error, line = result.failures[0]
    assert render(error, line, "sheet.calc") == (
        "sheet.calc:4:1: error: expected 361, got 19.0\n"
        "    4 | sqrt(a + b + c + 355) - 0  # => 361\n"
        "      | ^"
    )


def test_ints_and_fractions_compare_exactly():
    text = "255  # => 0xff\n1000  # => 1_000\n7/4  # => 1.75\n7/4  # => 7/4\n1/3  # => 0.3333\n2^70  # => 1.1805916207174113e+21\n"
    result, _ = check(text, exact=True)
    assert failures(result) == [
        (5, 1, 4, "expected 0.3333, got 1/3"),
        (6, 1, 5, "expected 1.1805916207174113e+21, got 1180591620717411303424"),
    ]


def test_booleans_compare_with_booleans_only():
    text = "1 < 2  # => true\n1 > 2  # => false\n1 < 2  # => 1\n1 > 2  # => 0\n7 - 6  # => true\n1 > 2  # => true\n"
    for exact in (False, True):
        result, _ = check(text, exact=exact)
        assert result.checks == 6
        assert failures(result) == [
            (3, 1, 6, "expected 1, got true"),
            (4, 1, 6, "expected 0, got false"),
            (5, 1, 6, "expected true, got 1"),
            (6, 1, 6, "expected true, got false"),
        ]


@pytest.mark.parametrize(
    "line, passes",
    [
        # decimal places: the printed float rounds to the expectation's last digit
        ("pi  # => 3.1416", True),
        ("0.1 + 0.2  # => 0.3", True),
        ("2/3  # => 0.667", True),
        ("1/3  # => 0.34", False),
        # exponent forms: the same significant digits
        ("1.5e-7 * 1.01  # => 1.5e-07", True),
        ("2^0.5 * 1e20  # => 1.41421e+20", True),
        ("-1/3 * 1e-10  # => -3.33e-11", True),
        ("1.56e-7  # => 1.5e-07", False),
        # a tie at the last digit passes rounded either way
        ("0.125  # => 0.13", True),
        ("0.125  # => 0.12", True),
        ("0.125 + 1e-12  # => 0.13", True),
        ("0.125 + 1e-12  # => 0.12", False),
        # no point or exponent: the float nearest the expected value
        ("9/3  # => 3", True),
        ("1/4  # => 1/4", True),
        ("1/3  # => 1/3", True),
        ("2.6  # => 3", False),
    ],
)
def test_floats_match_the_digits_written(line, passes):
    result, _ = check(line)
    assert result.checks == 1
    assert result.ok is passes


def test_error_expectations():
    text = (
        "1/0  # => error\n"
        "1/0  # => error: divide by zero\n"
        "1/0  # => error:\n"
        "sqroot(2)  # => error: did you mean 'sqrt'?\n"
        "1/0  # => error: Divide\n"
        "1/1  # => error\n"
    )
    result, outcomes = check(text)
    assert result.checks == 6
    assert failures(result) == [
        (5, 1, 4, "expected error: Divide, got error: Cannot divide by zero"),
        (6, 1, 4, "expected error, got 1.0"),
    ]
    # line 5's error is named by its failure ("got error: ..."): not reported a second time
    assert [o.statement.line for o in result.expected_errors] == [1, 2, 3, 4, 5]
    assert result.unexpected_errors(outcomes) == []


def test_an_expectation_calc_cannot_read_is_a_failure_at_the_expectation():
    result, _ = check("x = 2  # => 2 +\n3  # =>\n4  # =>   four\n5  # => 1e99999999999\n")
    assert failures(result) == [
        (1, 13, 16, "cannot read the expected value '2 +': expected a number, name or '(' after '+'"),
        (2, 4, 8, "nothing to compare after '# =>'"),
        (3, 11, 15, "cannot read the expected value 'four': unknown name 'four'; did you mean 'floor'?"),
        (
            4, 9, 22,
            "cannot read the expected value '1e99999999999': the exponent 99999999999 is too large, over the "
            "max_digits limit of 100,000 (raise it with --max-digits N or Limits(max_digits=N))",
        ),
    ]


def test_comment_only_lines_carry_no_expectation():
    result, outcomes = check("# => 5\n   # => error\n\n")
    assert (result.checks, result.failures, outcomes) == (0, [], [])


def test_check_counts_one_check_per_line():
    result, outcomes = check("a = 1; b = 2; a + b  # => 3\n")
    assert (result.checks, failures(result), len(outcomes)) == (1, [], 3)


def test_results_of_several_files_add_up():
    total = SheetResult()
    total.add(check("1  # => 1\n")[0])
    assert total.summary() == "1 check, 0 failed"
    total.add(check("1  # => 2\n2  # => 2\n")[0])
    assert total.summary() == "3 checks, 1 failed"
    assert failures(total) == [(1, 1, 2, "expected 2, got 1")]


# -- Markdown -------------------------------------------------------------------------------------

MARKDOWN = """\
# Budget

Prose with `x = 1 # => 2` inline, untouched: 2 + 2

```calc
food = 300 * 2
rent = 1200  # => 1
```

```python
x = 1  # => not calc
print(x)
```

~~~calc extra words
total = food + rent
total / 12

1/0
~~~

````
```calc
not = a block of its own
```
````
"""

MARKDOWN_ANNOTATED = """\
# Budget

Prose with `x = 1 # => 2` inline, untouched: 2 + 2

```calc
food = 300 * 2  # => 600
rent = 1200     # => 1200
```

```python
x = 1  # => not calc
print(x)
```

~~~calc extra words
total = food + rent  # => 1800
total / 12           # => 150.0

1/0                  # => error: Cannot divide by zero
~~~

````
```calc
not = a block of its own
```
````
"""


def test_markdown_annotates_only_calc_blocks_each_aligned_on_its_own():
    assert annotate(MARKDOWN, markdown=True) == MARKDOWN_ANNOTATED
    assert annotate(MARKDOWN_ANNOTATED, markdown=True) == MARKDOWN_ANNOTATED


def test_markdown_check_uses_the_markdown_line_numbers_and_one_session():
    text = MARKDOWN_ANNOTATED.replace("# => 1800", "# => 1900").replace("# => 600", "# => 600.0")
    result, outcomes = check(text, markdown=True)
    assert result.checks == 5
    assert failures(result) == [(16, 1, 20, "expected 1900, got 1800")]
    error, line = result.failures[0]
    assert render(error, line, "README.md") == (
        "README.md:16:1: error: expected 1900, got 1800\n"
        "   16 | total = food + rent  # => 1900\n"
        "      | ^"
    )
    assert [(o.statement.line, o.kind) for o in outcomes] == [
        (6, "assignment"), (7, "assignment"), (16, "assignment"), (17, "value"), (19, "error")
    ]


def test_markdown_fences():
    text = "```calc\n1\n```\n```  calc\n2\n````\n```calcium\n3\n```\n    ```calc\n4\n    ```\n~~~calc\n5\n"
    assert annotate(text, markdown=True) == (
        "```calc\n1  # => 1\n```\n```  calc\n2  # => 2\n````\n```calcium\n3\n```\n    ```calc\n4\n    ```\n~~~calc\n5  # => 5\n"
    )


def test_is_markdown():
    assert [is_markdown(p) for p in ("README.md", "docs/Guide.MARKDOWN", "sheet.calc", "md", "x.md.calc")] == [
        True, True, False, False, False
    ]


# -- writing in place -----------------------------------------------------------------------------


def test_write_in_place_replaces_the_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "sheet.calc"
    path.write_text("old\n")
    path.chmod(0o640)
    write_in_place(path, "x = 1  # => 1\r\n\u00e9\n")
    assert path.read_bytes() == "x = 1  # => 1\r\n\u00e9\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["sheet.calc"]


def test_write_in_place_follows_a_symbolic_link(tmp_path):
    (tmp_path / "real.calc").write_text("old\n")
    (tmp_path / "link.calc").symlink_to("real.calc")
    write_in_place(str(tmp_path / "link.calc"), "new\n")
    assert (tmp_path / "link.calc").is_symlink()
    assert (tmp_path / "real.calc").read_text() == "new\n"
    assert sorted(os.listdir(tmp_path)) == ["link.calc", "real.calc"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_write_in_place_leaves_the_original_when_it_fails(tmp_path, monkeypatch, failing):
    path = tmp_path / "sheet.calc"
    path.write_text("original\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left on device"):
        write_in_place(path, "new text\n")
    assert path.read_text() == "original\n"
    assert os.listdir(tmp_path) == ["sheet.calc"]  # the temporary file is gone


# -- annotate's output always passes check --------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "total", "rate"])
LITERALS = st.one_of(
    st.integers(-10**30, 10**30).map(str),
    st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False).map(str),
    st.tuples(st.integers(-999, 999), st.integers(1, 999)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.sampled_from(["pi", "e", "ans", "0xff", "1_000", "1e-7", "2.5e20", "f(3)"]),
)


@st.composite
def expressions(draw):
    terms = draw(st.lists(st.one_of(LITERALS, NAMES), min_size=1, max_size=3))
    operators = draw(st.lists(st.sampled_from([" + ", " - ", " * ", " / ", "^"]), min_size=len(terms) - 1, max_size=len(terms) - 1))
    text = terms[0]
    for operator, term in zip(operators, terms[1:]):
        text += operator + (f"({term})" if operator == "^" else term)
    return text


@st.composite
def statements(draw):
    kind = draw(st.sampled_from(["assign", "expression", "failing", "definition"]))
    if kind == "assign":
        return f"{draw(NAMES)} = {draw(expressions())}"
    if kind == "expression":
        return draw(expressions())
    if kind == "failing":
        return draw(st.sampled_from(["1/0", "nosuch + 1", "2x", "sqrt(-1)", "(1", "pi = 3", "10^10^10"]))
    return draw(st.sampled_from(["f(x) = x^2 + 1", "f(x) = x / 0"]))


@st.composite
def lines(draw):
    kind = draw(st.sampled_from(["statement", "statement", "statement", "blank", "comment"]))
    if kind == "blank":
        return draw(st.sampled_from(["", "  "]))
    if kind == "comment":
        return draw(st.sampled_from(["# a note", "  # => 12", "#"]))
    line = "; ".join(draw(st.lists(statements(), min_size=1, max_size=3)))
    tail = draw(st.sampled_from(["", "  # note", "  # => 999", " #=> error", "   "]))
    return line + tail


@st.composite
def sheets(draw):
    body = "\n".join(draw(st.lists(lines(), max_size=12)))
    if not draw(st.booleans()):
        return body, False
    return f"# Title\n\n```calc\n{body}\n```\n\nprose 1/0 # => 3\n\n```calc\nans\n```\n", True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.booleans())
def test_annotated_text_passes_check_and_annotating_again_changes_nothing(sheet, exact):
    text, markdown = sheet
    annotated = annotate(text, exact=exact, markdown=markdown)
    result, _ = check(annotated, exact=exact, markdown=markdown)
    assert failures(result) == []
    assert annotate(annotated, exact=exact, markdown=markdown) == annotated


def test_a_huge_exponent_in_an_expectation_is_refused_quickly():
    started = time.perf_counter()
    result, _ = check("2  # => 2e-999999999999\n")
    assert time.perf_counter() - started < 1
    assert failures(result)[0][3].startswith("cannot read the expected value '2e-999999999999': the exponent")


# -- what calc shows, and the full value ------------------------------------------------------------


def test_annotating_with_digits_then_checking_with_them_is_clean():
    # 123.4 at 3 digits shows 123.0, whose written digits alone would ask for 123.0 ± 0.05
    sheet = "123.4\n2/3\n1e20/3\n0.1 + 0.2\n"
    for digits in (1, 3, 15, 17, "full", None):
        annotated = annotate_text(sheet, Calculator(digits=digits))
        result, _ = check_text(annotated, Calculator(digits=digits))
        assert failures(result) == [], (digits, annotated)
    result, _ = check_text("123.4  # => 123.0\n", Calculator())
    assert failures(result) == [(1, 1, 6, "expected 123.0, got 123.4")]


def test_a_failed_check_names_the_full_value_beside_the_shown_one():
    result, _ = check_text("0.1 + 0.2  # => 0.31\n7 // 2  # => 4\n", Calculator(digits=3))
    assert failures(result) == [(1, 1, 10, "expected 0.31, got 0.3 (full value 0.30000000000000004)"), (2, 1, 7, "expected 4, got 3")]


def test_a_sheet_annotated_with_rounded_floats_checks_clean_on_the_command_line():
    """The golden case display_annotate.out is what `calc --annotate` writes: check it."""
    from pathlib import Path

    from support import run_calc

    annotated = (Path(__file__).parent / "cases" / "display_annotate.out").read_text()
    assert "# => 0.3\n" in annotated and "# => 123456789012346.0\n" in annotated
    result = run_calc("--check", "-", input=annotated)
    assert (result.stdout, result.stderr, result.returncode) == (b"", b"10 checks, 0 failed\n", 0)


def test_check_accepts_the_text_calc_shows_and_the_digits_written():
    # rounded before its .0: the shown text matches, the digits written alone would not (unit 0.1)
    result, _ = check("123456789012345.67  # => 123456789012346.0\n1234567890123456.8  # => 1234567890123460.0\n")
    assert failures(result) == []
    result, _ = check("123456789012345.67  # => 123456789012346.1\n")
    assert failures(result) == [(1, 1, 19, "expected 123456789012346.1, got 123456789012346.0 (full value 123456789012345.67)")]
    # the same sheet checked with every digit shown: only the digits written count
    result, _ = check_text("123456789012345.67  # => 123456789012346.0\n", Calculator(digits="full"))
    assert failures(result) == [(1, 1, 19, "expected 123456789012346.0, got 123456789012345.67")]


def test_a_failed_check_by_default_names_the_full_value():
    result, _ = check("0.1 + 0.2  # => 0.31\n0.1 + 0.2 - 0.3  # => 0\n")
    assert failures(result) == [
        (1, 1, 10, "expected 0.31, got 0.3 (full value 0.30000000000000004)"),
        (2, 1, 16, "expected 0, got 5.55111512312578e-17 (full value 5.551115123125783e-17)"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_annotated_as_shown_checks_clean(x):
    annotated = annotate(f"{x!r}\n")
    assert annotated.endswith(f"# => {Calculator().format(x)}\n")
    result, _ = check(annotated)
    assert (result.checks, failures(result)) == (1, [])
