"""Typesetting text into a PDF: long words are cut into lines that hold every character once."""

from __future__ import annotations

from extraction.readers.typeset import _FONT_CANDIDATES, _font, _wrap


def test_a_word_of_two_megabytes_is_cut_into_lines_that_rejoin_to_it() -> None:
    """The old cut re-measured and re-copied the whole remaining word for each line: a 10 MB
    text file without a space ran past the parse time limit. Every line must fit, and the
    lines must give back the word."""
    font = _font(_FONT_CANDIDATES, "Helvetica")
    word = "Ab9-" * 125_000
    lines = _wrap(f"before {word} after", font, 468.0)
    assert lines[0] == "before"
    assert lines[-1].endswith("after")
    rebuilt = "".join(lines[1:-1]) + lines[-1].removesuffix(" after")
    assert rebuilt == word
    assert max(len(line) for line in lines) <= 400
