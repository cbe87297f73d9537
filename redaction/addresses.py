"""Postal addresses in the shapes people write them, in any country: not one line of one style.

Three readings, each general to a kind of layout rather than to any document:
- a labelled address ("Address:", "Adresse :", "Home address") with the lines that follow it
  up to a blank line or the next label;
- an address block: two to six short consecutive lines with a street, unit or box line and a
  postal-code line (the envelope layout of every country's post);
- military post (US APO/FPO/DPO: "PSC 4355, Box 4187 / APO AP 28906", "USNS Name / FPO AE");
- a street written name first, as most of Europe and Latin America write it ("Skoanveien 226",
  "ul. Słowicza 10", "Via delle Coste 41", "Avda. Generalísimo 6"), known by the street words of
  those languages, or number first with a street word of another language ("106 Rue X").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from presidio_analyzer import LocalRecognizer, RecognizerResult

from redaction.patterns import DATE_REGEX, recognizer_result, territory_names

# Street words that end a street's name, by language (Germanic, Nordic, Dutch, Baltic,
# Finnish, Hungarian, Turkish), and those that open it (Romance, Slavic, Greek, French).
_SUFFIXES = (
    r"straße|strasse|str\.|gasse|weg|allee|platz|ring|damm|ufer|steig|stieg|chaussee|"
    r"vej|vejen|veien|vegen|vei|gata|gatan|gade|vägen|väg|stræde|stig|torget|torv|"
    r"laan|straat|gracht|plein|kade|dreef|singel|hof|"
    r"iela|gatvė|tänav|põik|maantee|puiestee|tee|katu|tie|polku|kuja|"
    r"utca|út|tér|sokak|sokağı|caddesi|bulvarı"
)
_PREFIXES = (
    r"ul\.|ulica|al\.|aleja|os\.|pl\.|plac|náměstí|nám\.|trg|"
    r"via|viale|vicolo|piazza|piazzale|corso|largo|strada|"
    r"calle|c/|avda\.|avenida|av\.|paseo|plaza|carrer|camino|carretera|ronda|travesía|"
    r"rua|travessa|praça|estrada|alameda|rodovia|"
    r"rue|avenue|boulevard|bd|chemin|allée|impasse|place|quai|route|"
    r"πλατεία|οδός|λεωφόρος|odos|leoforos"
)
_LINKERS = (
    r"(?:de|del|della|delle|dei|degli|di|da|do|dos|das|du|des|la|le|les|l['’]|d['’]|y|e|i|"
    r"van|von|der|den|het|ter|ten|al|el)"
)
_WORD = r"[^\W\d_][\w'’.\-]*"
# Words of a street's name, linked by particles: "delle Coste", "Cyro Schmutzer Franco".
_NAME_WORDS = rf"(?:(?:{_LINKERS})[ \t]+)*{_WORD}(?:[ \t]+(?:(?:{_LINKERS})[ \t]+)*{_WORD}){{0,4}}"
_NUMBER = r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?"
_UNIT = (
    r"(?:(?i:apt|apartment|unit|suite|ste|flat|room|rm|floor|fl|bldg|app|appartement|bureau|"
    r"local|piso|porta|étage|esc|box|po\s+box|p\.o\.\s*box|bp|cp|casilla)"
    r"(?:\.[ \t]*|[ \t]+|[ \t]*#[ \t]*)(?=[\w-]{0,5}\d)[\w-]{1,6})"
)

# The end of an envelope: a postal code, before or after the place, with an optional country.
_POSTCODE = (
    r"(?:[A-Z]{1,2}[- ]?)?\d{3,6}(?:[ -]\d{2,4})?(?:[ \t]+[A-Z]{2}(?![\w]))?"
    r"|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"  # Canada
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"  # UK
)
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’.\-])*"
# ", Grubbenvorst, Netherlands 04020", ", Pickering, ON L2R 9Z8": places of one to three words.
_PLACE_TAIL = (
    rf"(?:,[ \t]*{_CAPITALISED}(?:[ \t]+{_CAPITALISED}){{0,2}}){{1,3}}"
    # A numeric postal code of many countries; Canadian and UK codes are the postal-code
    # recognizer's, so they keep their own type.
    r"(?:,?[ \t]+\d{3,6}(?:[ -]\d{2,4})?)?(?![\w])"
)

NAME_FIRST = re.compile(
    rf"(?<![\w-])(?:\d{{1,6}}[ \t]+)?(?:"
    rf"(?:{_WORD}[ \t]+){{0,3}}{_WORD}(?i:{_SUFFIXES})"  # Augsburger Strasse, Höfðagata
    rf"|{_WORD}[ \t]+(?i:{_SUFFIXES})"
    rf"|(?i:{_PREFIXES})(?:(?<=[./])[ \t]*|[ \t]+){_NAME_WORDS}"
    rf")[ \t]*,?[ \t]+(?P<number>{_NUMBER})(?![\w/-])(?:,?[ \t]+{_UNIT}){{0,2}}(?:{_PLACE_TAIL})?",
)
# "la 3e Avenue", "the 5th Avenue": an ordinal before the street word is the street's name (a
# place), not a house number.
_ORDINAL = r"\d{1,3}(?i:e|er|re|ère|ème|è|st|nd|rd|th)"
NUMBER_FIRST = re.compile(
    rf"(?<![\w,.-])(?!{_ORDINAL}[ \t]+(?i:{_PREFIXES})(?![\w]))"
    rf"(?:\d{{1,6}}[ \t]+)?\d{{1,5}}[A-Za-z]?,?[ \t]+(?i:{_PREFIXES})[ \t]+"
    rf"{_NAME_WORDS}(?:,?[ \t]+{_UNIT}){{0,2}}"
    rf"(?:{_PLACE_TAIL})?"
)
# The street suffixes of USPS Publication 28 (appendix C1), the list North American addresses
# are written from, with their plural forms.
_USPS_SUFFIXES = (
    r"alley|annex|arcade|avenue|ave|bayou|beach|bend|bluffs?|bottom|boulevard|blvd|branch|"
    r"bridges?|brooks?|burgs?|bypass|camp|canyon|cape|causeway|centers?|centres?|circles?|"
    r"cliffs?|club|commons?|corners?|course|courts?|coves?|creek|crescent|crest|crossing|"
    r"crossroads?|curve|dale|dam|divide|drives?|dr|estates?|expressway|extensions?|falls?|"
    r"ferry|fields?|flats?|fords?|forest|forges?|forks?|fort|freeway|gardens?|gateway|glens?|"
    r"greens?|groves?|harbou?rs?|haven|heights|highway|hwy|hills?|hollow|inlet|islands?|isle|"
    r"junctions?|keys?|knolls?|lakes?|land|landing|lane|ln|lights?|loaf|locks?|lodge|loop|mall|"
    r"manors?|meadows?|mews|mills?|mission|motorway|mount|mountains?|neck|orchard|oval|"
    r"overpass|parks?|parkways?|pass|passage|path|pike|pines?|place|pl|plains?|plaza|points?|"
    r"ports?|prairie|radial|ramp|ranch|rapids?|rest|ridges?|river|roads?|rd|route|row|run|"
    r"shoals?|shores?|skyway|springs?|spurs?|squares?|station|stravenue|stream|streets?|st|"
    r"summit|terrace|throughway|trace|track|trafficway|trail|trailer|tunnel|turnpike|"
    r"underpass|unions?|valleys?|viaduct|views?|villages?|ville|vista|walks?|wall|ways?|wells?"
)
NUMBER_FIRST_EN = re.compile(
    rf"(?<![\w,.-])(?:\d{{1,6}}[ \t]+)?\d{{1,6}}[A-Za-z]?[ \t]+"
    rf"(?:[A-ZÀ-ÖØ-Þ\d][\w'’.\-]*[ \t]+){{1,4}}"
    rf"(?i:{_USPS_SUFFIXES})\.?(?![\w])(?:,?[ \t]+{_UNIT}){{0,2}}(?:{_PLACE_TAIL})?"
)
# A number, a street's name and the house number, then a unit or a place with a postal
# code or a country: "692 Kuuse 53 Apt. 641, Grubbenvorst", "9721 Dalmatinova 43 Apt. 678".
NUMBER_NAME_NUMBER = re.compile(
    rf"(?<![\w,.-])\d{{1,6}}[ \t]+(?:[^\W\d_][\w'’.\-]*[ \t]+){{1,3}}\d{{1,5}}[A-Za-z]?\.?"
    rf"(?:(?:,?[ \t]+{_UNIT}){{1,2}}(?:{_PLACE_TAIL})?|{_PLACE_TAIL})"
)
# "my new address is ...", "his address: ...", "The address of the shop is ...": the value
# to the end of its sentence or line.
ADDRESS_IN_SENTENCE = re.compile(
    r"(?i:\baddress(?:[ \t]+of[ \t]+[^,.;:\n]{1,40}?)?[ \t]+(?:is|was)|\baddress[ \t]*:|"
    r"\badresse(?:[ \t]+de[ \t]+[^,.;:\n]{1,40}?)?[ \t]+(?:est|était)|\badresse[ \t]*:)"
    # A full stop ends it, but not one before a number ("Apt. 678") or inside a word.
    r"[ \t]*(?P<value>\d(?:[^\n!?.]|\.(?=[ \t]*\d|\S)){3,80})"
)
MILITARY = re.compile(
    r"(?<![\w])(?:(?:PSC|CMR|Unit|UNIT)[ \t]+\d{3,5},?[ \t]+(?i:box)[ \t]+\d{2,5}"
    r"|(?:USNS|USNV|USS|USCGC)[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})"
    r"(?:[ \t]*,?[ \t]*\r?\n?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?:-\d{4})?)?"
    r"|(?<![\w])(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?:-\d{4})?"
    # The same written in lower case ("uscgc name\nfpo ae 44941", "psc 1234, box 56"): the
    # ship's name is taken only before its military post line.
    r"|(?<![\w])(?i:(?:(?:psc|cmr|unit)[ \t]+\d{3,5},?[ \t]+box[ \t]+\d{2,5}"
    r"|(?:usns|usnv|uss|uscgc)[ \t]+[^\W\d_][\w.'’-]*(?:[ \t]+[^\W\d_][\w.'’-]*){0,3})"
    r"[ \t]*,?[ \t]*\r?\n?[ \t]*)?(?i:apo|fpo|dpo)[ \t]+(?i:aa|ae|ap)[ \t]+\d{5}(?:-\d{4})?"
)
LABEL = re.compile(
    r"(?im)^[ \t]*(?:(?:home|mailing|postal|street|civic|residential|residence|billing|shipping|"
    r"current|permanent|business|work|office|last\s+known|forwarding)[ \t]+)?"
    r"(?:address|addr\.?|adresse(?:[ \t]+(?:postale|civique|du\s+domicile|domicile))?|domicile|"
    r"lieu\s+de\s+résidence)[ \t]*(?:\([^)\n]{0,30}\))?[ \t]*[:\-–][ \t]*"
)
POSTAL_LINE = re.compile(
    rf"(?:^|[ \t,])(?:{_POSTCODE})[ \t]*$|^[^\w\n]*(?:{_POSTCODE})[ \t]+[^\W\d_]"
)
# The first line of an envelope may close a sentence: "Meet me at 5100 Quadra 104".
_STREET_AT_LINE_END = (
    rf"(?<![\w,.-])\d{{1,6}}[A-Za-z]?[ \t]+[^\W\d_][\w'’.\-]*(?:[ \t]+[^\W\d_][\w'’.\-]*){{0,3}}"
    rf"(?:[ \t]+{_NUMBER})?(?<![^\W\d_]{{5}}\.)[ \t]*$"  # a sentence's full stop ends no street
)
STREET_LINE = re.compile(
    rf"^[^\w\n]*(?:{_NUMBER}[ \t,]+[^\W\d_]|{_UNIT}\b)|{NAME_FIRST.pattern}|{MILITARY.pattern}"
    rf"|{_STREET_AT_LINE_END}"
)
_NEXT_LABEL = re.compile(r"^[ \t]*[^\W\d_][\w .'/-]{0,25}:(?:[ \t]|$)")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, without its line break."""
    start = 0
    for match in re.finditer(r"\r?\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


_SENTENCE_INSIDE = re.compile(r"(?:[a-z]{2,}|\d{3,})[.!?][ \t]+[A-Z][a-z]")


def _short(line: str) -> bool:
    """A line that could belong to an envelope: short, and no sentence ends inside it."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= 70
        and len(stripped.split()) <= 9
        and not stripped.endswith(("?", "!"))
        and not _SENTENCE_INSIDE.search(stripped)
    )


def _first_alnum(text: str, start: int, end: int) -> int:
    for index in range(start, end):
        if text[index].isalnum():
            return index
    return end


def _last_alnum(text: str, start: int, end: int) -> int:
    for index in range(end, start, -1):
        if text[index - 1].isalnum() or text[index - 1] in ".)":
            return index
    return start


def address_spans(text: str) -> Iterator[tuple[int, int, float, str]]:
    """(start, end, score, reading) of every address in ``text``."""
    for match in MILITARY.finditer(text):
        yield match.start(), match.end(), 0.8, "military post"
    for match in NAME_FIRST.finditer(text):
        yield match.start(), match.end(), 0.6, "street, name first"
    for match in NUMBER_FIRST.finditer(text):
        yield match.start(), match.end(), 0.6, "street, number first"
    for match in NUMBER_FIRST_EN.finditer(text):
        yield match.start(), match.end(), 0.6, "street, number first"
    for match in NUMBER_NAME_NUMBER.finditer(text):
        # "On Tue, 3 Jun 2025, Complaints Intake wrote:" is a date and a sender, no street.
        if not _DATE_AT.match(text, match.start()):
            yield match.start(), match.end(), 0.6, "street, number first, house number after"
    for match in ADDRESS_IN_SENTENCE.finditer(text):
        value = match.group("value").rstrip(" \t.,;")
        if any(ch.isdigit() for ch in value) and len(value.split()) >= 2:
            yield match.start("value"), match.start("value") + len(value), 0.65, "address given"
    yield from _labelled(text)
    yield from _blocks(text)


def _labelled(text: str) -> Iterator[tuple[int, int, float, str]]:
    for match in LABEL.finditer(text):
        end_of_line = text.find("\n", match.end())
        end_of_line = len(text) if end_of_line < 0 else end_of_line
        start = _first_alnum(text, match.end(), end_of_line)
        end = end_of_line if start < end_of_line else match.end()
        taken = 1 if start < end_of_line else 0
        position = end_of_line + 1
        while taken < 6 and position < len(text):
            line_end = text.find("\n", position)
            line_end = len(text) if line_end < 0 else line_end
            line = text[position:line_end]
            if not _short(line) or _NEXT_LABEL.match(line):
                break
            if start >= end_of_line and taken == 0:
                start = _first_alnum(text, position, line_end)
            end = line_end
            taken += 1
            position = line_end + 1
        end = _last_alnum(text, start, end)
        value = text[start:end]
        if taken and any(ch.isdigit() for ch in value) and len(value.split()) >= 2:
            yield start, end, 0.7, "labelled address"


_MAX_RUN = 400


def _blocks(text: str) -> Iterator[tuple[int, int, float, str]]:
    """Envelope blocks: short consecutive lines, a street/unit line, a postal-code line. One
    blank line may stand before the last line when that line holds the postal code."""
    lines = [*_lines(text)]
    run: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        # A run of short lines may hold several envelopes one after another (a contact
        # list): ``_block_in`` reads each street line with the five lines after it.
        if _short(line) and len(run) < _MAX_RUN:
            run.append((start, end))
            continue
        if not line.strip() and run and index + 1 < len(lines):
            following = text[lines[index + 1][0] : lines[index + 1][1]]
            if _short(following) and _postal_line(following):
                continue
        yield from _block_in(text, run)
        run = [(start, end)] if _short(line) else []
    yield from _block_in(text, run)


_DATE_AT = re.compile(rf"(?i){DATE_REGEX}(?![\w/-])")
_DATE_LINE = re.compile(rf"(?i){DATE_REGEX}[ \t.]*$")
_UNIT_LINE = re.compile(rf"^[^\w\n]*{_UNIT}[ \t]*$")
_NEW_STREET = re.compile(rf"^[^\w\n]*{_NUMBER}[ \t,]+[^\W\d_]")


def _postal_line(line: str) -> bool:
    """A line that ends an envelope: a postal code, or a country (with or without a code)."""
    if _DATE_LINE.search(line) or _UNIT_LINE.match(line):
        return False
    if POSTAL_LINE.search(line):
        return True
    country = _COUNTRY_LINE.match(line)
    return country is not None and country.group("country").lower() in territory_names()


_COUNTRY_LINE = re.compile(
    r"^[^\w\n]*(?P<country>[^\W\d_][^\d\n(]{1,40}?)[ \t]*(?:\([^)\n]{1,20}\))?[ \t]*"
    r"(?:\d{3,6}(?:[ -]\d{2,4})?)?[ \t.]*$"
)


def _block_in(text: str, run: list[tuple[int, int]]) -> Iterator[tuple[int, int, float, str]]:
    """Each street line of ``run`` through the last postal-code line after it (within five
    lines, and before the street line of another address)."""
    index = 0
    while index < len(run) - 1:
        s, e = run[index]
        street = STREET_LINE.search(text[s:e])
        postal = None
        if street is not None:
            for j in range(index + 1, min(len(run), index + 6)):
                line = text[run[j][0] : run[j][1]]
                if postal is not None and _NEW_STREET.match(line):
                    break
                if _postal_line(line):
                    postal = j
        if street is None or postal is None:
            index += 1
            continue
        start = _first_alnum(text, s + street.start(), e)
        end = _last_alnum(text, start, run[postal][1])
        yield start, end, 0.65, "address block"
        index = postal + 1


class AddressRecognizer(LocalRecognizer):
    """STREET_ADDRESS for the layouts in the module docstring."""

    NAME = "AddressRecognizer"

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entities=["STREET_ADDRESS"],
            name=self.NAME,
            supported_language=language,
        )

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if "STREET_ADDRESS" not in entities:
            return []
        return [
            self._result(start, end, score, reading)
            for start, end, score, reading in address_spans(text)
            if end > start
        ]

    def _result(self, start: int, end: int, score: float, reading: str) -> RecognizerResult:
        return recognizer_result(self, self.NAME, "STREET_ADDRESS", (start, end), score, reading)
