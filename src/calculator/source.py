"""Lines and statements: where each statement of a text starts.

calc's grammar describes one statement. A line holds statements separated by ';' and may end in a
'#' comment (calc has no strings, so a '#' always starts one). Splitting here keeps each statement
independent: a syntax error in one does not hide the others, and each has its own source text.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Iterator, NamedTuple
else:
    from ._records import NamedTuple

__all__ = ["Statement", "split_lines", "split_statements"]


class Statement(NamedTuple):
    text: str  # the statement, without surrounding blanks
    line: int  # 1-based line number
    offset: int  # where the statement starts in its line (0-based)
    source_line: str  # the whole line, for carets


def split_lines(text: str) -> list[str]:
    """Lines split on \\n (a \\r before it is dropped). Other separators are not line breaks."""
    lines = text.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def split_statements(line: str, number: int = 1) -> Iterator[Statement]:
    """The non-blank statements of one line, with their offsets."""
    code = line.split("#", 1)[0]
    offset = 0
    for part in code.split(";"):
        stripped = part.strip(" \t")
        if stripped:
            yield Statement(stripped, number, offset + part.index(stripped[0]), line)
        offset += len(part) + 1
