"""Detection boxes cover whole words (issue 16): never a comma or a space alone, never half a
word, so the release check never looks for a comma and a box never shows part of a name."""

from __future__ import annotations

from extraction.document import Box, Page
from redaction.pdf_text import find_term_boxes, read_text_in_boxes
from tests.api.disclosure_support import make_pdf

LINE = 12.0


def _page(lines: list[str]) -> Page:
    """A page with a 6 pt wide box per character, one line of text every 12 pt down."""
    text = "\n".join(lines)
    boxes: list[Box | None] = []
    for row, line in enumerate(lines):
        top = 700.0 - row * LINE
        boxes.extend(Box(72 + 6 * i, top - 10, 78 + 6 * i, top) for i in range(len(line)))
        if row < len(lines) - 1:
            boxes.append(None)  # the line break
    return Page(number=1, width=612, height=792, text=text, char_boxes=tuple(boxes))


def test_a_comma_that_wrapped_to_the_next_line_gets_no_box() -> None:
    page = _page(["Witness Marguerite Okonkwo", ", who was interviewed"])
    start = page.text.index("Marguerite")
    end = page.text.index(",") + 1  # the finding swept in the comma on the next line
    boxes = page.boxes_for_span(start, end)
    assert len(boxes) == 1
    assert boxes[0].y1 == 700.0  # the name's line only


def test_a_span_ending_in_spaces_and_punctuation_is_cut_to_its_words() -> None:
    page = _page(["Call 416-555-0199 ,  then"])
    start = page.text.index("416")
    [box] = page.boxes_for_span(start, page.text.index("then"))
    assert box.x0 == 72 + 6 * start
    # The comma on the same line stays in (it touches nothing readable); the spaces are not
    # boxed: the box ends at the comma, not at the spaces after it.
    assert box.x1 == 78 + 6 * page.text.index(",")


def test_a_span_inside_a_word_covers_the_whole_word() -> None:
    page = _page(["Officer Vasquez's notes"])
    start = page.text.index("asq")
    [box] = page.boxes_for_span(start, start + 3)
    assert box.x0 == 72 + 6 * page.text.index("Vasquez")
    assert box.x1 == 78 + 6 * (page.text.index("'") - 1)  # up to the apostrophe


def test_only_punctuation_or_whitespace_gets_no_box() -> None:
    page = _page(["Name: , ;  -"])
    assert page.boxes_for_span(page.text.index(","), len(page.text)) == []


def test_a_searched_term_inside_a_word_boxes_the_whole_word() -> None:
    """Search-and-redact of "Nov" covers "November", not three letters of it."""
    pdf = make_pdf([["The incident of November 14, 2026 at Novak's bar.", "Nov was a month."]])
    hits = find_term_boxes(pdf, "nov")
    texts = read_text_in_boxes(pdf, [(hit.page, hit.boxes[0]) for hit in hits])
    # (a box's padding may take in the apostrophe after a word: never half a word)
    assert [t.rstrip("'") for t in texts] == ["November", "Novak", "Nov"]
