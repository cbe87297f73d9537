"""Allegations in a complaint document: each sentence that accuses an officer, with its category.

Three sources, combined per (sentence, category):

- patterns, reviewed data (``extraction/patterns/allegations.<lang>.jsonl``) for spaCy's
  Matcher, with the checks a token pattern cannot express (negation, denial, agent);
- the trained classifier (``extraction.allegation_model``), which scores every sentence and
  carries the wordings no pattern lists (other voices, everyday words for an act);
- form boxes: a ticked box (☒ ☑ ✓ ✔ [X] (x), or a label with a filled cell) names its
  category; an unticked one (☐, [ ]) never names one, whatever its label says.

Each allegation keeps its evidence sentence and a score in [0, 1]; a score under
``CONFIDENT`` marks it ``possible`` (shown as such, never dropped silently). Sentences are
scored in segments of at most ``SEGMENT_TOKENS`` tokens, so a narrative with no full stops
costs what its length costs and its evidence stays a readable stretch of text.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from core.errors import InvalidInput
from core.vocab import ALLEGATION_CATEGORIES
from extraction.allegation_model import features, load_model

PATTERN_DIR = Path(__file__).parent / "patterns"
SUPPORTED_LANGUAGES = ("en", "fr")

# Words that negate the verb they attach to. The French model labels "ne"/"pas" as advmod,
# so the words themselves are checked rather than the dependency label alone.
_NEGATORS = {
    "en": frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"}),
    "fr": frozenset({"pas", "jamais", "ne", "n'", "aucunement", "point", "guère", "nullement"}),
}
# Verbs of saying: "I am not saying the officer hit me" denies what its clause reports.
_REPORT_VERBS = {
    "en": frozenset(
        {
            "say",
            "suggest",
            "claim",
            "allege",
            "complain",
            "accuse",
            "mean",
            "imply",
            "assert",
            "state",
            "contend",
            "argue",
            "believe",
            "think",
            "feel",
            "report",
            "blame",
            "pretend",
        }
    ),
    "fr": frozenset(
        {
            "dire",
            "prétendre",
            "affirmer",
            "alléguer",
            "accuser",
            "reprocher",
            "plaindre",
            "insinuer",
            "soutenir",
            "croire",
            "penser",
            "signaler",
            "déclarer",
        }
    ),
}
# Subjects meaning the writer: an act the complainant did is not an officer's misconduct.
_SELF_SUBJECTS = {
    "en": frozenset({"i", "we"}),
    "fr": frozenset({"je", "j'", "nous"}),
}
# A sentence whose subject is a rule ("Service policy directs that ...") describes the rule,
# not an event; only the service_or_policy category may come from it.
_RULE_NOUNS = frozenset(
    {
        "policy",
        "procedure",
        "directive",
        "guideline",
        "rule",
        "protocol",
        "regulation",
        "law",
        "politique",
        "procédure",
        "règle",
        "protocole",
        "règlement",
        "loi",
    }
)
# Sentence splitters cut after rank abbreviations ("Det. V. Sidhu swore ..."); such fragments
# are glued back so the evidence is the whole sentence.
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Det|Sgt|Cst|Const|Insp|Supt|Ch|Lt|Capt|Cpl|Cmdr|Dr|Mr|Mrs|Ms|Mme|M|St|No|Sp|S/Sgt|"
    r"S/Insp|D/Sgt|Ptl|Off|Ofc|Inv|Det\.?\s?Sgt|Sgt\.?\s?Maj|lt|sgt|cst|[A-Z])\.)\s*$"
)
_WHITESPACE = re.compile(r"\s+")
# E-mail quoting marks at the start of a line ("> he slammed me ...") are not evidence.
_QUOTE_MARKS = re.compile(r"\n[ \t]*(?:>[ \t]?)+")
_WITHDRAW_VERBS = frozenset({"withdraw", "retract", "abandon", "drop", "retirer", "abandonner"})
_COMPLAINT_NOUNS = frozenset({"allegation", "complaint", "allégation", "plainte", "grief"})


@dataclass(frozen=True, slots=True)
class Allegation:
    """One allegation: its category, the sentence that makes it, and that sentence's offsets."""

    category: str
    evidence: str
    start: int
    end: int
    pattern_id: str = ""
    score: float = 1.0
    possible: bool = False


@dataclass(frozen=True, slots=True)
class AllegationPattern:
    """A reviewed Matcher pattern with the checks applied to its matches."""

    id: str
    category: str
    tokens: tuple[dict[str, Any], ...]
    negation: str = "reject"  # "reject": a negated match is dropped; "allow": negation is meant
    agent_not_self: bool = False


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads silently keeps the last of two equal keys, which would drop a constraint.
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise InvalidInput(f"duplicate key in pattern file: {keys}")
    return dict(pairs)


def _expand(value: Any, lexicons: dict[str, list[str]]) -> Any:
    """Replace "$NAME" references by the lexicon's word list, recursively."""
    if isinstance(value, str) and value.startswith("$") and len(value) > 1:
        if value[1:] not in lexicons:
            raise InvalidInput(f"unknown lexicon {value!r} in allegation patterns")
        return list(lexicons[value[1:]])
    if isinstance(value, dict):
        return {key: _expand(item, lexicons) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, lexicons) for item in value]
    return value


# Text from PDFs and e-mails breaks lines mid-sentence; spaCy keeps each break as a SPACE
# token, so an optional run of them is allowed between any two pattern tokens.
_LINE_BREAKS: dict[str, Any] = {"IS_SPACE": True, "OP": "*"}


def _allow_line_breaks(tokens: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    spaced: list[dict[str, Any]] = []
    for index, token in enumerate(tokens):
        if index:
            spaced.append(dict(_LINE_BREAKS))
        spaced.append(token)
    return tuple(spaced)


@lru_cache(maxsize=4)
def load_patterns(language: str) -> tuple[AllegationPattern, ...]:
    """Read and validate ``allegations.<language>.jsonl`` (lexicon lines, then pattern lines)."""
    if language not in SUPPORTED_LANGUAGES:
        raise InvalidInput(f"no allegation patterns for language {language!r}")
    path = PATTERN_DIR / f"allegations.{language}.jsonl"
    lexicons: dict[str, list[str]] = {}
    patterns: list[AllegationPattern] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = json.loads(line, object_pairs_hook=_reject_duplicate_keys)
        if "lexicon" in entry:
            lexicons[entry["lexicon"]] = [str(word) for word in entry["words"]]
            continue
        where = f"{path.name}:{number}"
        if entry.get("category") not in ALLEGATION_CATEGORIES:
            raise InvalidInput(f"{where}: unknown category {entry.get('category')!r}")
        if entry["id"] in seen:
            raise InvalidInput(f"{where}: duplicate pattern id {entry['id']!r}")
        if entry.get("negation", "reject") not in ("reject", "allow"):
            raise InvalidInput(f"{where}: negation must be 'reject' or 'allow'")
        seen.add(entry["id"])
        patterns.append(
            AllegationPattern(
                id=entry["id"],
                category=entry["category"],
                tokens=_allow_line_breaks(_expand(entry["pattern"], lexicons)),
                negation=entry.get("negation", "reject"),
                agent_not_self=bool(entry.get("agent_not_self", False)),
            )
        )
    return tuple(patterns)


_MATCHER_LOCK = threading.Lock()
# A Matcher belongs to one Vocab; pipelines load once per process, so a small cache keyed by
# the vocab object is enough (the vocab is kept in the value so its id cannot be reused).
_MATCHERS: dict[tuple[int, str], tuple[Any, Matcher, dict[str, AllegationPattern]]] = {}


def build_matcher(vocab: Any, language: str) -> tuple[Matcher, dict[str, AllegationPattern]]:
    """The Matcher holding every pattern of ``language``, built once per vocab."""
    key = (id(vocab), language)
    with _MATCHER_LOCK:
        cached = _MATCHERS.get(key)
        if cached is not None and cached[0] is vocab:
            return cached[1], cached[2]
        matcher = Matcher(vocab, validate=True)
        by_id: dict[str, AllegationPattern] = {}
        for pattern in load_patterns(language):
            matcher.add(pattern.id, [list(pattern.tokens)])
            by_id[pattern.id] = pattern
        _MATCHERS[key] = (vocab, matcher, by_id)
        return matcher, by_id


def _governing_verb(token: Token) -> Token:
    """The verb a matched token belongs to (itself when it is one), at most four steps up."""
    current = token
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX") or current.head is current:
            return current
        current = current.head
    return current


def _is_negated(verb: Token, language: str) -> bool:
    negators = _NEGATORS[language]
    candidates = [verb]
    # "refused to hit" / "did not stop and search": the negation sits on the head verb.
    if verb.dep_ in ("conj", "xcomp", "ccomp") and verb.head is not verb:
        candidates.append(verb.head)
    for candidate in candidates:
        for child in candidate.children:
            if child.dep_ == "neg" or child.lower_ in negators:
                return True
            # "No officer hit me" / "Personne ne m'a frappé".
            if child.dep_.startswith("nsubj") and child.lower_ in ("nobody", "personne"):
                return True
            if child.dep_.startswith("nsubj") and any(
                grandchild.lower_ == "no" for grandchild in child.children
            ):
                return True
    return False


def _is_denied(anchor: Token, language: str) -> bool:
    """True when a negated verb of saying governs the match: "I am not saying they hit me"."""
    for ancestor in anchor.ancestors:
        if ancestor.lemma_.lower() in _REPORT_VERBS[language] and _has_negator(ancestor, language):
            return True
    return False


def _has_negator(token: Token, language: str) -> bool:
    return any(
        child.dep_ == "neg" or child.lower_ in _NEGATORS[language] for child in token.children
    )


def _agent_is_self(verb: Token, language: str) -> bool:
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "expl")]
    if not subjects and verb.dep_ == "conj":
        subjects = [child for child in verb.head.children if child.dep_ == "nsubj"]
    return any(subject.lower_ in _SELF_SUBJECTS[language] for subject in subjects)


def _reports_withdrawal(sentence: Span) -> bool:
    """ "The allegation of unlawful search was withdrawn": no longer an allegation."""
    for token in sentence:
        if token.lemma_.lower() in _WITHDRAW_VERBS:
            for child in token.children:
                if child.dep_.startswith("nsubj") and child.lemma_.lower() in _COMPLAINT_NOUNS:
                    return True
    return False


def _states_a_rule(sentence: Span) -> bool:
    return any(
        token.lemma_.lower() in _RULE_NOUNS and token.dep_.startswith("nsubj") for token in sentence
    )


def _anchor(doc: Doc, start: int, end: int) -> Token:
    """The match's first real token: patterns begin with the word whose clause is checked."""
    for token in doc[start:end]:
        if not token.is_space:
            return token
    return doc[start]


class _Sentences:
    """The sentence of any token, from one pass over ``doc.sents`` (looked up by bisection,
    so many matches in a long document stay linear)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.spans = list(doc.sents)
        self.starts = [span.start for span in self.spans]

    def of(self, token_index: int) -> Span:
        return self.spans[bisect.bisect_right(self.starts, token_index) - 1]


def _evidence_bounds(sentences: _Sentences, sentence: Span) -> tuple[int, int]:
    """Character bounds of the sentence, merged with fragments cut off at abbreviations."""
    doc = sentence.doc
    start_token, end_token = sentence.start, sentence.end
    # Merge backwards while the previous sentence ends with an abbreviation ("Det.").
    while start_token > 0:
        previous = sentences.of(start_token - 1)
        if not _ABBREVIATION_END.search(previous.text) or len(previous) > 12:
            break
        start_token = previous.start
    # Merge forwards while this sentence ends with an abbreviation.
    while end_token < len(doc) and _ABBREVIATION_END.search(doc[start_token:end_token].text):
        end_token = sentences.of(end_token).end
    span = doc[start_token:end_token]
    return span.start_char, span.end_char


# Scores: a pattern match counts as strong evidence on its own; the classifier adds to it.
# Under REPORT nothing is reported; from REPORT to CONFIDENT an allegation is "possible".
PATTERN_PRIOR = 0.6
REPORT = 0.6
CONFIDENT = 0.7
# Longest stretch scored (and quoted as evidence) as one sentence: a text with no full stops
# is cut into pieces of this many tokens, so neither time nor evidence grows with it.
SEGMENT_TOKENS = 80

_TICKED = r"[☒☑✓✔✅⊠]|\[\s*[xX✓✔]\s*\]|\(\s*[xX✓✔]\s*\)"
_UNTICKED = r"[☐□❏]|\[\s*\]|\(\s*\)"
_BOX = re.compile(rf"(?P<ticked>{_TICKED})|(?P<unticked>{_UNTICKED})")
# "Use of force ........ X" / "Use of force | ✓": a label with a filled cell after it.
_FILLED_CELL = re.compile(
    r"^(?P<label>[^\n|\t]{3,80}?)(?:\s*[|\t]\s*|\s{2,}|\s*\.{3,}\s*)"
    r"(?P<mark>[xX✓✔☒☑]|yes|Yes|YES|oui|Oui|OUI)\s*$",
    re.MULTILINE,
)
# The same label with an empty cell (or "No"): a box left unticked.
_EMPTY_CELL = re.compile(
    r"^(?P<label>[^\n|\t]{3,80}?)(?:\s*[|\t]|\s*\.{3,})\s*(?:no|No|NO|non|Non|NON)?\s*$",
    re.MULTILINE,
)
_LINE = re.compile(r"[^\n]+")
# Words of a form's category labels (heading words, not descriptions of an act).
_LABEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sexual_misconduct", ("sexual", "sexuel", "sexuelle")),
    ("use_of_force", ("force", "assault", "voies de fait")),
    ("unlawful_arrest_or_detention", ("arrest", "detention", "detain", "arrestation")),
    ("unlawful_search_or_seizure", ("search", "seizure", "fouille", "saisie", "perquisition")),
    ("discourtesy", ("discourte", "rude", "incivil", "impolit", "courtoisie", "verbal abuse")),
    ("discrimination", ("discrimin", "profiling", "profilage", "racis")),
    ("neglect_of_duty", ("neglect", "négligence", "negligence", "manquement", "duty")),
    ("deceit", ("deceit", "dishonest", "false statement", "tromperie", "mensonge")),
    (
        "breach_of_confidence",
        ("confiden", "privacy", "vie privée", "personal information", "renseignements personnels"),
    ),
    ("corrupt_practice", ("corrupt", "bribe", "pot-de-vin")),
    ("damage_to_property", ("damage", "dommage", "property", "biens")),
    ("harassment_or_intimidation", ("harass", "intimidat", "harcèlement", "threat", "menace")),
    ("service_or_policy", ("service", "policy", "politique")),
)


def label_category(label: str) -> str | None:
    """The category a form's check-box label names ("Unlawful search or seizure"), if any:
    the one whose word comes first in the label."""
    folded = label.casefold()
    best: tuple[int, str] | None = None
    for category, words in _LABEL_WORDS:
        for word in words:
            at = folded.find(word)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, category)
    return best[1] if best else None


@dataclass(frozen=True, slots=True)
class _BoxLine:
    start: int
    end: int
    ticked: tuple[tuple[str, str, int, int], ...]  # (category, label, start, end)


def _box_lines(text: str) -> list[_BoxLine]:
    """Lines holding check boxes (ticked or not) or a filled cell, with what they tick."""
    lines: list[_BoxLine] = []
    for line in _LINE.finditer(text):
        boxes = list(_BOX.finditer(line.group()))
        ticked: list[tuple[str, str, int, int]] = []
        content = line.group()
        if boxes:
            for number, box in enumerate(boxes):
                if not box.group("ticked"):
                    continue
                label_end = boxes[number + 1].start() if number + 1 < len(boxes) else len(content)
                label = content[box.end() : label_end].strip(" \t:-–|")
                # The evidence is the box and its own label, not the whole line of boxes.
                evidence = (line.start() + box.start(), line.start() + label_end)
                if not label:  # "Discourtesy ☒": the label comes before its box
                    label_start = boxes[number - 1].end() if number else 0
                    label = content[label_start : box.start()].strip(" \t:-–|.")
                    evidence = (line.start() + label_start, line.start() + box.end())
                category = label_category(label[:80])
                if category:
                    ticked.append((category, label, *evidence))
        elif (cell := _FILLED_CELL.match(content)) is not None:
            if (category := label_category(cell.group("label"))) is None:
                continue
            ticked.append((category, cell.group("label").strip(), line.start(), line.end()))
        elif (empty := _EMPTY_CELL.match(content)) is None or not label_category(
            empty.group("label")
        ):
            continue
        lines.append(_BoxLine(line.start(), line.end(), tuple(ticked)))
    return lines


class _BoxIndex:
    """Which character offsets lie on a check-box line (bisection over the lines)."""

    def __init__(self, lines: list[_BoxLine]) -> None:
        self.lines = lines
        self.starts = [line.start for line in lines]

    def covers(self, offset: int) -> bool:
        at = bisect.bisect_right(self.starts, offset) - 1
        return at >= 0 and self.lines[at].start <= offset < self.lines[at].end

    def overlaps(self, start: int, end: int) -> bool:
        """True when a box line meets the characters [start, end)."""
        at = bisect.bisect_left(self.starts, end) - 1
        return at >= 0 and self.lines[at].end > start


# A line that ends a sentence, or a heading, a form field or a check-box line, ends the scored
# stretch even when the sentence splitter ran on ("Section D - Describe what happened I was
# ..."): a form's run of fields is never one sentence, nor the evidence of an allegation.
_SENTENCE_END_LINE = re.compile(r"[.!?][\"'”»)]*\s*$")
_NEW_START = re.compile(r"^[\s>]*(?:[A-ZÀ-Ý0-9(•*–-]|[☒☑✓✔✅⊠☐□❏]|\[)")
_SOFT_LINE_END = re.compile(
    r"(?:[,\-–/&(]|\b(?:and|or|the|a|an|of|to|et|ou|le|la|les|de|du|des))\s*$"
)
SHORT_LINE = 0.6  # of the text's usual (90th-percentile) line length


def _hard_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that end a scored stretch, in order.

    A break ends one when the next line starts anew (a capital, a digit, a box, a bullet) and
    the line before it ends a sentence (not at an abbreviation), is a check-box line, or is
    short for this text (a heading, a field, a letterhead line) and does not run on (a comma,
    "and"). Wrapped narrative lines are near the usual length, so they never break."""
    lines = [(match.start(), match.group()) for match in _LINE.finditer(text)]
    if len(lines) < 2:
        return []
    lengths = sorted(len(line.strip(" >\t")) for _, line in lines)
    usual = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    breaks: list[int] = []
    for (start, line), (_, following) in itertools.pairwise(lines):
        if not _NEW_START.match(following):
            continue
        body = line.strip(" >\t")
        ends_sentence = bool(_SENTENCE_END_LINE.search(body)) and not _ABBREVIATION_END.search(body)
        boxed = bool(_BOX.search(line) or _BOX.search(following))
        short = len(body) < SHORT_LINE * usual and not _SOFT_LINE_END.search(body)
        if ends_sentence or boxed or short or "\f" in line or "\f" in following:
            breaks.append(start + len(line))
    return breaks


def _segments(sentences: _Sentences, breaks: list[int] | None = None) -> list[tuple[int, int]]:
    """(start, end) token bounds of the scored stretches: sentences cut at hard line breaks
    (``_hard_breaks``), long ones cut every ``SEGMENT_TOKENS`` tokens."""
    doc = sentences.doc
    bounds: list[tuple[int, int]] = []
    cuts: list[int] = []
    if breaks:
        token_starts = [token.idx for token in doc]
        cuts = sorted({bisect.bisect_right(token_starts, offset) for offset in breaks})
    for span in sentences.spans:
        pieces = [span.start]
        if cuts:
            low = bisect.bisect_right(cuts, span.start)
            high = bisect.bisect_left(cuts, span.end)
            pieces.extend(cuts[low:high])
        pieces.append(span.end)
        for piece_start, piece_end in itertools.pairwise(pieces):
            # Leading line breaks belong to no stretch.
            while piece_start < piece_end and doc[piece_start].is_space:
                piece_start += 1
            for start in range(piece_start, piece_end, SEGMENT_TOKENS):
                bounds.append((start, min(piece_end, start + SEGMENT_TOKENS)))
    return bounds


def _clause_checks_pass(doc: Doc, start: int, end: int, category: str) -> bool:
    """Sentence-level checks for a classifier hit: a rule, a withdrawal or a heading (no verb)
    states no allegation."""
    span = doc[start:end]
    if not any(token.pos_ in ("VERB", "AUX") for token in span):
        return False
    if category != "service_or_policy" and _states_a_rule(span):
        return False
    return not _reports_withdrawal(span)


def classifier_segments(doc: Doc) -> list[tuple[int, int]]:
    """The token stretches the classifier scores (also used to build its training set)."""
    return _segments(_Sentences(doc), _hard_breaks(doc.text)) if len(doc) else []


def find_allegations(doc: Doc, language: str) -> list[Allegation]:
    """Every allegation sentence of ``doc`` (parsed by the ``language`` pipeline), in order.

    One result per (sentence, category); negated or denied statements are left out.
    """
    language = language if language in SUPPORTED_LANGUAGES else "en"
    matcher, patterns = build_matcher(doc.vocab, language)
    text = doc.text  # spaCy joins every token on each access: once, not once per match
    box_lines = _box_lines(text)
    boxes = _BoxIndex(box_lines)
    sentences = _Sentences(doc) if len(doc) else None
    if sentences is None:
        return []
    segments = _segments(sentences, _hard_breaks(text))
    segment_starts = [start for start, _ in segments]
    # segment index -> category -> pattern id of a surviving match
    matched: dict[int, dict[str, str]] = {}
    for match_id, start, end in matcher(doc):
        pattern = patterns[doc.vocab.strings[match_id]]
        anchor = _anchor(doc, start, end)
        if boxes.covers(anchor.idx):
            continue  # a box's label: ticked boxes are read below, unticked ones never count
        verb = _governing_verb(anchor)
        if pattern.negation == "reject" and _is_negated(verb, language):
            continue
        if _is_denied(anchor, language):
            continue
        if pattern.agent_not_self and _agent_is_self(verb, language):
            continue
        # The sentence checks look at the scored stretch, so a sentence of a hundred pages is
        # not walked once per match.
        segment = bisect.bisect_right(segment_starts, anchor.i) - 1
        stretch = doc[segments[segment][0] : segments[segment][1]]
        if pattern.category != "service_or_policy" and _states_a_rule(stretch):
            continue
        if _reports_withdrawal(stretch):
            continue
        matched.setdefault(segment, {}).setdefault(pattern.category, pattern.id)
    model = load_model(language)
    found: dict[tuple[int, str], Allegation] = {}
    for number, (start, end) in enumerate(segments):
        stretch = doc[start:end]
        tokens: Any = stretch
        if box_lines and boxes.overlaps(stretch.start_char, stretch.end_char):
            tokens = [token for token in stretch if not boxes.covers(token.idx)]
        hits = matched.get(number, {})
        scores: dict[str, float] = {}
        if model is not None and tokens:
            probabilities = model.scores(features(tokens))
            scores = dict(zip(model.categories, probabilities.tolist(), strict=True))
        checks: dict[bool, bool] = {}  # per stretch, keyed by "is service_or_policy"
        for category in ALLEGATION_CATEGORIES:
            probability = scores.get(category, 0.0)
            if category in hits:
                score = 1.0 - (1.0 - PATTERN_PRIOR) * (1.0 - probability)
            elif probability >= REPORT:
                policy = category == "service_or_policy"
                if policy not in checks:
                    checks[policy] = _clause_checks_pass(doc, start, end, category)
                if not checks[policy]:
                    continue
                score = probability
            else:
                continue
            start_char, end_char = _segment_bounds(sentences, doc, start, end)
            if (start_char, category) in found:
                continue
            found[(start_char, category)] = Allegation(
                category=category,
                evidence=_evidence_text(text[start_char:end_char]),
                start=start_char,
                end=end_char,
                pattern_id=hits.get(category, "classifier"),
                score=round(score, 3),
                possible=score < CONFIDENT,
            )
    for line in box_lines:
        for category, _label, start_char, end_char in line.ticked:
            if (start_char, category) not in found:
                found[(start_char, category)] = Allegation(
                    category=category,
                    evidence=_WHITESPACE.sub(" ", text[start_char:end_char]).strip(),
                    start=start_char,
                    end=end_char,
                    pattern_id="form-box",
                )
    return sorted(found.values(), key=lambda item: (item.start, item.category))


def _evidence_text(stretch: str) -> str:
    """The evidence as a reader sees it: one line, without e-mail quoting marks."""
    return _WHITESPACE.sub(" ", _QUOTE_MARKS.sub(" ", stretch)).strip(" >")


def _segment_bounds(sentences: _Sentences, doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of a scored stretch: the whole sentence (merged across abbreviation
    cuts) when it is short, else the stretch itself."""
    sentence = sentences.of(start)
    if sentence.start == start and sentence.end == end:
        return _evidence_bounds(sentences, sentence)
    span = doc[start:end]
    return span.start_char, span.end_char


def allegation_categories(allegations: list[Allegation]) -> list[str]:
    """The distinct categories, in vocabulary order (what a case summary lists)."""
    present = {allegation.category for allegation in allegations}
    return [category for category in ALLEGATION_CATEGORIES if category in present]
