"""Names beyond the statistical model: ranks, titles, e-mail headers, form fields, signatures.

One Presidio recognizer per language combines the spaCy entities of the shared parse with
rules, filters out police services, courts, places and headings, and emits PERSON (and the
badge numbers that follow a rank and name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from wordfreq import zipf_frequency

from redaction.findings import PiFinding
from redaction.patterns import CONTEXT_WORDS_KEY, EXPLANATION_KEY


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, so long lists stay readable."""
    return frozenset(text.split())


UP = "A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČŘĐŐŰĞŞİ"
LO = "a-zß-öø-ÿłśżźćńšžčřđőűğşıāēīōūăąęįųėě"
# A hyphenated part may be lower-case: "Hyun-woo", "Jean-baptiste" as some forms write them.
CAP = rf"(?:[{UP}](?:['’][{UP}])?[{LO}]+(?:[{UP}][{LO}]+)?(?:-[{UP}]?[{LO}]+)*)"
CAPS = rf"(?:[{UP}](?:['’][{UP}])?[{UP}]+(?:-[{UP}]{{2,}})*)(?![{LO}])"
INIT = rf"(?:[{UP}]\.(?:-?[{UP}]\.)?)"
PART = r"(?:de|da|di|del|della|van|von|der|den|le|la|du|des|bin|ibn|al|el|ter|dos|das|St\.)"
TOKEN = rf"(?:{CAP}|{CAPS})"
SEP = r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)"  # a name may wrap onto the next line
HSEP = r"[ \t]+"  # but not in rules that read one line
NAME = rf"(?:{INIT}{SEP}?){{0,2}}{TOKEN}(?:{SEP}(?:{PART}{SEP})?(?:{INIT}|{TOKEN})){{0,3}}"
LINE_NAME = rf"(?:{INIT}{HSEP}?){{0,2}}{TOKEN}(?:{HSEP}(?:{PART}{HSEP})?(?:{INIT}|{TOKEN})){{0,3}}"
SURNAME_COMMA = rf"{TOKEN},[ \t]+{CAP}(?:[ \t]+(?:{INIT}|{CAP}))?"

RANK = (
    r"(?<![\w/])(?:(?i:police\s+constable|detective\s+chief\s+inspector|detective\s+constable|"
    r"detective\s+sergeant|detective\s+inspector|detective\s+chief\s+superintendent|"
    r"detective\s+superintendent|staff\s+sergeant|staff\s+inspector|chief\s+inspector|"
    r"chief\s+superintendent|deputy\s+chief\s+constable|assistant\s+chief\s+constable|"
    r"chief\s+constable|deputy\s+chief|acting\s+sergeant|acting\s+inspector|"
    r"special\s+constable|provincial\s+constable|auxiliary\s+constable|sergeant[\s-]major|"
    r"constable|sergeant|detective|inspector|superintendent|corporal|officer|investigator|"
    r"lieutenant|captain|commander|trooper|deputy|sheriff|chief|"
    r"sergente?-détective|sergente?|agente?|lieutenante?|capitaine|inspect(?:eur|rice)|"
    r"enquêt(?:eur|rice)|commandante?|caporale?)(?![\w-])|"
    r"(?:Det\.?[ \t]+(?:Cst|Sgt|Insp|Supt|Const)\.?|Staff[ \t]+Sgt\.?|"
    # S/Sgt, A/Sgt, D/Cst, S/Insp, C/Supt, Sp/Cst (special constable), A/S/Sgt ...
    r"(?:[A-Z][a-z]{0,2}/){1,2}(?:Cst|Const|Sgt|Insp|Supt|Cpl|Cmdr)\.?|"
    r"Sgt\.?-dét\.?|Cst\.?|Const\.?|Sgt\.?|Det\.?|"
    r"Insp\.?|Supt\.?|Cpl\.?|Lieut\.?|Lt\.?|Capt\.?|Cmdr\.?|Inv\.?|Ofc\.?|DCI|DSU|DC|DS|DI|"
    r"WPC|PC|PS|TDC|lt|sgt|cst)(?![\w]))"
)
TITLE = (
    r"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Mister|Madam|Sir|Dame|Lady|Rev|Hon|Mme|Mmes|"
    r"Mlle|Mlles|Me|Dre|Monsieur|Madame|Mademoiselle|Docteure?|Maître|Judge|Justice|"
    r"Councillor|Cllr|Mayor|Juge)\.?(?![\w])|(?<![\w.])M\.(?=[ \t])"
)
# What may stand between a name and the badge number after it ("Wei 6363", "Hall (badge #12)").
_BADGE_SEP = (
    r"[ \t]*(?:,[ \t]*|\([ \t]*(?:(?i:badge|PIN|matricule|insigne|no\.?|number)[ \t]*)?#?[ \t]*"
    r"|[ \t]+#?[ \t]*|#[ \t]*)"
)
# The name as cleaned may be followed by its rank before the badge, as in a table with
# columns Name, Rank, Badge ("Gareth Pennington Constable 4417").
_BADGE_GAP = re.compile(rf"(?:[ \t]+(?:{RANK}))?{_BADGE_SEP}")
# A badge is not the start of a date or a longer number ("2024/11/25", "2024-11-25", "12:30").
_BADGE_AFTER = (
    rf"(?:{_BADGE_SEP}(?P<badge>\d{{2,6}}[A-Z]{{0,2}})"
    r"(?![\w:.,/-]\d|\w|[ \t]*(?i:hours|hrs|h\b|a\.m|p\.m|am\b|pm\b)"
    # nor the day of a date ("Cst. Smith 14 November 2026")
    r"|[ \t]+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|avr|mai|juin|juil|"
    r"août|sept|déc)))?"
)
RANK_NAME = re.compile(
    rf"(?P<rank>{RANK})(?:[ \t]*#?[ \t]*(?P<badge0>\d{{2,6}}))?{SEP}"
    rf"(?!{RANK})(?P<name>{SURNAME_COMMA}|{NAME}){_BADGE_AFTER}"
)
RANK_BADGE = re.compile(
    rf"(?P<rank>{RANK})(?:[ \t]*(?:\(|#|(?i:no\.?))[ \t]*#?(?P<badge>\d{{2,6}}[A-Z]{{0,2}})\b"
    # A rank and a number with no name, as officers are often named: "PC 4417 attended",
    # "officer 2291 was rude"; three digits at least, and no time, measure or date.
    rf"|[ \t]+(?!(?:19|20)\d\d(?!\d))(?P<bare>\d{{3,6}}[A-Z]{{0,2}})(?![\w:.,/-]\d|\w)"
    r"(?![ \t]*(?i:hours|hrs|h\b|a\.m|p\.m|am\b|pm\b|%|metres|meters|m\b|km|feet|ft\b|"
    r"yards|miles|times|people|officers|dollars|\$|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec|janv|févr|avr|mai|juin|juil|août|sept|déc)))"
)
TITLE_NAME = re.compile(rf"(?P<title>{TITLE}){SEP}(?P<name>{NAME})")
HEADER_LINE = re.compile(
    r"(?im)^[ \t>]*(?P<label>from|to|cc|bcc|reply-to|sender|de|à|a|cci|expéditeur|destinataire)"
    r"[ \t]*:[ \t]*(?P<value>[^\r\n]+(?:\r?\n[ \t]+[^\r\n]+)*)"
)
# The name must open the header value or follow a separator: "Office for Police Conduct <x@y>"
# is an organisation whose last capitalised word is not a person.
NAME_BEFORE_EMAIL = re.compile(
    rf"(?:^|(?<=[:,;\"\n>])|(?<=[:,;\"]\s)|(?<=\bwrote:\s)|(?<=\d,\s))[ \t]*\"?"
    rf"(?P<name>(?:{SURNAME_COMMA})|(?:{LINE_NAME}))\"?[ \t]*<[^<>@\s]+@[^<>\s]+>"
)
FIELD = re.compile(
    r"(?m)(?:^|\||\t|(?<=[ \t]{2}))[ \t]*(?P<label>(?i:(?:complainant|witness|subject|respondent|"
    r"involved|reporting|investigating|interviewing)?[ \t]*(?:officer|member)?[ \t]*"
    r"(?:full[ \t]+|family[ \t]+|last[ \t]+|first[ \t]+|given[ \t]+|legal[ \t]+|middle[ \t]+)?"
    r"(?:name|names|surname)(?:\(s\))?|complainant|witness|requester|applicant|investigator|"
    r"interviewer|interviewed[ \t]+by|statement[ \t]+(?:taken|given)[ \t]+by|taken[ \t]+by|"
    r"prepared[ \t]+by|reviewed[ \t]+by|approved[ \t]+by|signed|signature|contact|attention|"
    r"attn|nom(?:[ \t]+de[ \t]+famille)?|prénoms?|plaignante?|témoin|enquêt(?:eur|rice)|"
    r"requérante?|demandeur|demanderesse|signé|c\.c\.|re|objet|officer[ \t]*\d|policier[ \t]*\d|"
    r"witness[ \t]*\d|témoin[ \t]*\d))"
    r"(?:[ \t]*\([^)\n]{0,40}\)(?:[ \t]*\r?\n[^\r\n]{0,30}\))?)?[ \t]*[:|\t—–-]?[ \t]*"
    r"(?:(?P<rank>" + RANK + r")[ \t]+)?"
    rf"(?P<name>{SURNAME_COMMA}|{LINE_NAME})"
)
SELF_INTRO = re.compile(
    r"(?i:\bmy\s+name\s+is|\bname\s+(?:is|was)|\bnamed|\bcalled|\bknown\s+as|"
    r"\bs['’]appel(?:le|ait)|\bnommée?|\bprénommée?|"
    r"\b(?:interviewed|contacted|spoke\s+(?:to|with)|met\s+with|statement\s+(?:of|from)|"
    r"witness(?:es)?|neighbou?rs?|friend|partner|wife|husband|son|daughter|mother|father|"
    r"brother|sister|cousin|roommate|colleague|boyfriend|girlfriend|voisine?|amie?|conjointe?|"
    r"épou(?:x|se)|frère|sœur|mère|père|fils|fille|collègue)[,:]?|\bI\s+am|\bI['’]m|\bthis\s+is|\bje\s+m['’]appelle|"
    r"\bmon\s+nom\s+est|\bje\s+suis|\bje\s+soussignée?|\bI,)"
    rf"[ \t\n]+(?P<name>{NAME})"
)
LINE_START_NAME = re.compile(
    rf"(?m)^[ \t]*(?P<name>{SURNAME_COMMA}|{LINE_NAME})"
    r"(?=[ \t]*(?:\r?$|\||\t|[ \t]\+?\d|[ \t]\(\d|,[ \t]*\d))"
)
CAPS_RUN = re.compile(
    rf"(?<![\w@.])(?P<name>{CAPS}(?:[ \t]+(?:{INIT}|[{UP}]\.?(?=[ \t])|{CAPS})){{1,3}})(?![\w@])"
)
CAPS_COMMA = re.compile(rf"(?<![\w@])(?P<name>{CAPS},[ \t]+{CAP}(?:[ \t]+(?:{INIT}|{CAP}))?)")

# A capitalised name as the subject of a reporting verb: "Tanner Ashworth was interviewed".
SUBJECT_OF_VERB = re.compile(
    rf"(?<![\w.])(?P<name>(?:{INIT}[ \t]?)?{CAP}(?:[ \t]+(?:{INIT}|{CAP})){{1,2}})[ \t]+"
    r"(?P<verb>was|were|is|said|told|stated|states|advised|reported|explained|indicated|"
    r"provided|gave|saw|confirmed|denied|agreed|refused|arrived|has|had|did|declined|"
    r"described|recalled|witnessed|observed|heard|called|asked|wrote|alleges|alleged|"
    r"a\s+(?:dit|déclaré|affirmé|indiqué|vu|confirmé|nié)|était|est|dit|déclare)\b"
)
_LONE_WORD_RULES = frozenset(
    {"LineNameRecognizer", "SelfIntroductionRecognizer", "FieldNameRecognizer"}
)
_TRUSTED_RULES = frozenset({"RankNameRecognizer", "TitleNameRecognizer", "EmailHeaderRecognizer"})
_SHAPE_ONLY_RULES = frozenset({"LineNameRecognizer", "SubjectNameRecognizer"})
_ORG_ONLY = frozenset(
    {"police", "service", "services", "department", "dept", "court", "courts", "tribunal",
     "commission", "office", "agency", "ministry", "act", "regulation", "hospital",
     "university", "school", "inc", "ltd", "corporation", "association"}
)  # fmt: skip
_WEAK_LABELS = frozenset(
    {"re", "objet", "contact", "attention", "attn", "c.c.", "signed", "signé", "signature"}
)

# Words that end a name or mean the span is not a person (organisations, places, headings).
ORG_WORDS = _words(
    """
    police service services department dept division unit bureau court courts tribunal
    commission commissioner office agency ministry act acts regulation regulations
    hospital centre center clinic university college school church bank inc ltd corp llp llc
    partners associates
    corporation association board council city town township county region regional
    province provincial government squad branch detachment station headquarters hq street
    avenue road drive boulevard crescent court place way lane trail circle terrace parkway
    highway plaza mall park square team task force section appendix schedule part page
    form report statement summary investigation complaint complaints standards
    professional integrity unit review independent oversight director directorate law
    enforcement justice health sciences general memorial civic community crown attorney
    prosecution constabulary rcmp opp grc sûreté sûreté service policing safety security
    transit authority institute foundation société commission ministère tribunal cour
    palais hôpital centre ville rue avenue boulevard chemin direction division bureau
    section unité équipe service services gendarmerie québec ontario alberta manitoba
    columbia saskatchewan canada england wales scotland toronto ottawa montreal montréal
    vancouver calgary winnipeg hamilton london manchester liverpool honda toyota ford
    civic corolla camry accord chevrolet nissan mazda hyundai kia confidential privileged
    protected draft copy original monday tuesday wednesday thursday friday saturday sunday
    lundi mardi mercredi jeudi vendredi samedi dimanche tue tues wed thu thur thurs fri
    """
)
# Months are given names too (June, May, April): they only stop a lone model guess.
DATE_WORDS = _words(
    """
    january february march april may june july august september october november december
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    jan feb mar apr jun jul aug sep sept oct nov dec sat sun mon
    """
)
STOP_WORDS = _words(
    """
    the a an and or of in on at to for by with from as is was were be been this that these
    those he she they we i you it his her their our my your its who whom which what when
    where why how not no yes if but so then than there here also all any each every some
    le la les un une des du de et ou à au aux en dans sur par pour avec sans ce cette ces
    il elle ils elles nous vous je tu mon ma mes son sa ses leur leurs qui que quoi où
    quand comment oui non mais donc alors ainsi dear hello hi regards sincerely thanks
    thank best cheers respectfully yours truly cordially bonjour madame monsieur
    cordialement merci salutations complainant complainants witness witnesses officer
    officers subject respondent respondents investigator investigators member members
    constable sergeant inspector detective chief staff superintendent corporal deputy
    lieutenant captain commander agent agente sergent sergente policier policière
    enquêteur enquêtrice plaignant plaignante témoin témoins name names surname rank badge
    pin unit role date time event telephone phone tel cell mobile email e-mail courriel
    address adresse city ville province postal code signature signed interviewed notes
    note page tel fax cc to re subject objet sent envoyé mr mrs ms miss dr mme mlle me m
    madam sir madame monsieur mademoiselle cellulaire détails téléphone nom prénom
    commissaire occupation profession employer employeur courriel adresse domicile travail
    home work yes no n/a na none nil unknown inconnu aucun incident allegation allegations
    finding findings decision outcome disposition evidence background introduction
    conclusion analysis recommendation recommendations summary appendix attachment exhibit
    total supervisor manager coordinator coordonnateur coordonnatrice analyst analyste
    clerk director assistant intake advisor adviser counsel lawyer avocat avocate
    paralegal registrar secretary receptionist administrator caseworker specialist liaison
    president chair vice executive senior junior lead head deputy acting interim team
    support services cst sgt det insp supt cpl lt pc dc ds di s/sgt police service court
    act
    """
)
# Labels from spaCy that veto a weak (heuristic) name candidate.
NON_PERSON_LABELS = frozenset(
    {
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "PRODUCT",
        "LAW",
        "EVENT",
        "WORK_OF_ART",
        "NORP",
        "DATE",
        "TIME",
        "MONEY",
        "MISC",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "PERCENT",
        "LANGUAGE",
    }
)


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """How common ``word`` is as a word, in English or French (wordfreq's Zipf scale, the
    higher of the two: 6 is "the", 3 is once per million words)."""
    return max(zipf_frequency(word, "en"), zipf_frequency(word, "fr"))


# A lone word no names list knows is a name only when rarer than this ("Bartender" is not).
LONE_UNKNOWN_MAX = 3.0


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Common words of each language (from the installed models' lemmatizer tables).

    Used only to reject heuristic candidates made of ordinary words ("WITNESS STATEMENT").
    """

    common: frozenset[str]
    # Given names and surnames (the names resource); empty means "not consulted".
    names: frozenset[str] = frozenset()

    def is_known_name(self, word: str) -> bool:
        return not self.names or word.lower() in self.names

    def is_common(self, word: str) -> bool:
        lower = word.lower().strip(".'’")
        if lower in self.common or lower in STOP_WORDS or lower in ORG_WORDS:
            return True
        return lower.endswith("s") and lower[:-1] in self.common


def build_lexicon(pipelines_by_language: Mapping[str, Any]) -> Lexicon:
    """Adjectives, verbs and adverbs of English (nouns include too many surnames).

    French adds nothing here: the French model's lemma table is keyed by string hashes, not
    words, so it yields no word list (an earlier version read it and got none); leaving it
    alone also keeps the French pipeline unloaded until a French text needs it.
    """
    words: set[str] = set()
    english = pipelines_by_language.get("en")
    if english is not None and "lemmatizer" in english.pipe_names:
        index = english.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        strings = english.vocab.strings
        for key in ("adj", "verb", "adv"):
            if strings[key] in index:
                words.update(index[strings[key]])
        words.update(_COMMON_NOUNS)
    return Lexicon(common=frozenset(w for w in words if "_" not in w))


# Nouns that head headings and form labels (the noun list itself holds many surnames).
_COMMON_NOUNS = _words(
    """
    report statement witness complaint letter form summary file record records notes
    investigation interview incident occurrence evidence officer officers person people
    information details contact phone number email address section part page appendix
    schedule exhibit attachment document documents subject date time place location
    decision review request response reply notice disclosure copy draft version account
    card licence license plate vehicle car hospital injury injuries medical description
    narrative background conclusion findings allegation allegations complainant respondent
    name names signature unit division team squad branch policy procedure training service
    services police court act law regulation independent office director general public
    safety community response traffic emergency criminal bureau major crime patrol support
    operations professional standards investigative
    """
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    score: float
    rule: str
    context: tuple[str, ...]
    strong: bool  # strong rules are not vetoed by spaCy's non-person labels


class NameRecognizer(LocalRecognizer):
    """PERSON by rules + the shared spaCy parse; BADGE_NUMBER after a rank and name."""

    def __init__(self, language: str, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        super().__init__(
            supported_entities=["PERSON", "BADGE_NUMBER"],
            name="NameRecognizer",
            supported_language=language,
        )

    def load(self) -> None:
        """Rules are module constants; the model is the shared parse."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        doc = getattr(nlp_artifacts, "tokens", None)
        candidates: list[_Candidate] = []
        badges: list[_Candidate] = []
        for start, end, badge in self._rank_names(text):
            if start < end:
                name = _Candidate(start, end, 0.9, "RankNameRecognizer", ("rank",), True)
                cleaned = self._clean(text, name)
                if cleaned is None or _is_date_word(text, start, end):
                    continue  # "Investigator\nMarch 19th, 2025" is a date, not a name and badge
                candidates.append(name)
                if (
                    badge
                    and badge[0] >= end
                    and not _BADGE_GAP.fullmatch(text[cleaned.end : badge[0]])
                ):
                    # The rule's name ran on over words the cleaning dropped ("Inv. Ling
                    # Nguyen\nIntroduction\nOn 2024/11/25"): the number does not follow the
                    # name, so it is not the officer's badge.
                    badge = None
            if badge:
                badges.append(_Candidate(*badge, 0.85, "RankBadgeRecognizer", ("rank",), True))
        candidates.extend(self._rules(text))
        if doc is not None:
            candidates.extend(self._spacy(doc))
        blocked = _non_person_spans(doc)
        results: list[RecognizerResult] = []
        if "PERSON" in entities:
            for candidate in candidates:
                cleaned = self._clean(text, candidate)
                if cleaned is None:
                    continue
                if not cleaned.strong and _overlaps_any(cleaned.start, cleaned.end, blocked):
                    continue
                if (
                    cleaned.rule == "SpacyRecognizer"
                    and len(text[cleaned.start : cleaned.end].split()) == 1
                    and _place_or_month(text, cleaned.start, cleaned.end)
                ):
                    continue  # "Dundas and Jarvis\nOfficer": one word once "Officer" is cut
                results.append(self._result("PERSON", cleaned))
        if "BADGE_NUMBER" in entities:
            results.extend(self._result("BADGE_NUMBER", badge) for badge in badges)
        return results

    # --- rules ---------------------------------------------------------------------------

    def _rank_names(self, text: str) -> Iterator[tuple[int, int, tuple[int, int] | None]]:
        for match in RANK_NAME.finditer(text):
            badge0 = match.span("badge0") if match.group("badge0") else None
            badge = match.span("badge") if match.group("badge") else None
            start, end = match.span("name")
            # A table row "Constable Harjit Sandhu<TAB>November 14, 2026": the name ends at
            # its cell, and a month with a day after it is a date, not a surname and badge.
            cut = _cell_or_date_cut(text, start, end)
            if cut is not None:
                end, badge = cut, None
            yield start, end, badge or badge0
        for match in RANK_BADGE.finditer(text):
            group = "badge" if match.group("badge") else "bare"
            yield match.end(), match.end(), match.span(group)

    def _rules(self, text: str) -> Iterator[_Candidate]:
        for match in TITLE_NAME.finditer(text):
            if _is_street_suffix(text, match):
                continue
            yield _Candidate(
                *match.span("name"), 0.85, "TitleNameRecognizer", (match.group("title"),), True
            )
        for header in HEADER_LINE.finditer(text):
            value_start = header.start("value")
            for match in NAME_BEFORE_EMAIL.finditer(header.group("value")):
                start, end = match.span("name")
                yield _Candidate(
                    value_start + start,
                    value_start + end,
                    0.9,
                    "EmailHeaderRecognizer",
                    (header.group("label").lower(),),
                    True,
                )
            # A header with a bare name and no address ("To: Jane Doe").
            bare = re.fullmatch(rf"[ \t]*\"?(?P<name>{LINE_NAME})\"?[ \t]*", header.group("value"))
            if bare:
                yield _Candidate(
                    value_start + bare.start("name"),
                    value_start + bare.end("name"),
                    0.8,
                    "EmailHeaderRecognizer",
                    (header.group("label").lower(),),
                    False,
                )
        for match in NAME_BEFORE_EMAIL.finditer(text):
            yield _Candidate(*match.span("name"), 0.8, "NameEmailRecognizer", ("<e-mail>",), True)
        for match in FIELD.finditer(text):
            label = " ".join(match.group("label").lower().split())
            strong = label not in _WEAK_LABELS
            yield _Candidate(*match.span("name"), 0.8, "FieldNameRecognizer", (label,), strong)
        for match in SELF_INTRO.finditer(text):
            yield _Candidate(
                *match.span("name"), 0.8, "SelfIntroductionRecognizer", ("my name",), True
            )
        for match in LINE_START_NAME.finditer(text):
            # One word alone on a line is as often a firm ("Innography") as a person: only a
            # word the names resource knows is taken.
            words = match.group("name").split()
            if len(words) == 1 and not self.lexicon.is_known_name(words[0]):
                continue
            yield _Candidate(*match.span("name"), 0.6, "LineNameRecognizer", (), False)
        for match in CAPS_COMMA.finditer(text):
            yield _Candidate(*match.span("name"), 0.75, "SurnameCommaRecognizer", (), True)
        for match in SUBJECT_OF_VERB.finditer(text):
            yield _Candidate(
                *match.span("name"), 0.6, "SubjectNameRecognizer", (match.group("verb"),), False
            )
        for match in CAPS_RUN.finditer(text):
            yield _Candidate(*match.span("name"), 0.6, "CapitalsNameRecognizer", (), False)
        yield from _signature_names(text)

    def _spacy(self, doc: Any) -> Iterator[_Candidate]:
        text = doc.text
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "PER"):
                words = [t for t in ent if t.is_alpha]
                if len(words) <= 1 and _place_or_month(text, ent.start_char, ent.end_char):
                    continue
                score = 0.85 if len(words) > 1 else 0.65
                yield _Candidate(ent.start_char, ent.end_char, score, "SpacyRecognizer", (), True)

    # --- filtering -----------------------------------------------------------------------

    def _clean(self, text: str, candidate: _Candidate) -> _Candidate | None:
        """Trim titles, ranks and stop words at the edges; reject non-person spans."""
        tokens = [
            (m.start(), m.end(), m.group(0))
            for m in re.finditer(r"[^\W\d_][\w'’.-]*", text[candidate.start : candidate.end])
        ]
        while tokens and _edge_word(tokens[0][2]):
            tokens.pop(0)
        while tokens and _edge_word(tokens[-1][2]):
            tokens.pop()
        # A name may wrap onto the next line, but an ordinary word opening that line ("Park
        # \nReturn to the ...") is the next sentence, not the name.
        segment = text[candidate.start : candidate.end]
        while (
            len(tokens) > 1
            and "\n" in segment[tokens[-2][1] : tokens[-1][0]]
            and self.lexicon.is_common(tokens[-1][2])
        ):
            tokens.pop()
        # "Abby Holloway of Opencounter": a person's name holds no "of", "at" or "from".
        for index, (_, _, word) in enumerate(tokens):
            if index and word in _NAME_ENDERS:
                tokens = tokens[:index]
                break
        tokens = _before_service_acronym(tokens)
        tokens = _without_next_line(segment, tokens, text[candidate.end :])
        # After "witness", "neighbour", "my name is" the name is on the cue's line.
        if candidate.rule == "SelfIntroductionRecognizer":
            for index in range(1, len(tokens)):
                if "\n" in segment[tokens[index - 1][1] : tokens[index][0]]:
                    tokens = tokens[:index]
                    break
        # "Tristan Dennis\nMicrobilt Corporation ...": the model ran on into the next line's
        # organisation; the name is the part before the line break.
        for index in range(1, len(tokens)):
            if "\n" in segment[tokens[index - 1][1] : tokens[index][0]] and any(
                word.lower().strip(".'’") in ORG_WORDS for _, _, word in tokens[index:]
            ):
                tokens = tokens[:index]
                break
        if not tokens:
            return None
        words = [word for _, _, word in tokens]
        lowered = [w.lower().strip(".'’") for w in words]
        # After a title or rank ("Dr. Park", "Cst. Hall") a surname may also be a place word;
        # only unmistakable organisation words reject such a name.
        org_words = _ORG_ONLY if candidate.rule in _TRUSTED_RULES else ORG_WORDS
        if any(w in org_words for w in lowered):
            return None
        if all(not w[0].isupper() for w in words):
            return None
        if any(any(ch.isdigit() for ch in w) for w in words):
            return None
        start = candidate.start + tokens[0][0]
        end = candidate.start + tokens[-1][1]
        # A trailing possessive or full stop is not part of the name.
        span = text[start:end]
        for suffix in ("'s", "’s", "."):
            if span.endswith(suffix) and not re.search(rf"(?:^|\s)[{UP}]\.$", span):
                end -= len(suffix)
                span = text[start:end]
        name_words = [w for w in lowered if len(w) > 1]
        if not name_words:
            return None
        # A lone word on a line of a form or table ("Method", "Discourtesy") or after a role
        # word ("Witness  Bartender") is a name only when the names resource knows it (a line)
        # or it is rare as a word (after a role).
        if len(name_words) == 1 and candidate.rule in _LONE_WORD_RULES:
            known = self.lexicon.is_known_name(name_words[0])
            if candidate.rule == "LineNameRecognizer" and not known:
                return None
            if not known and word_frequency(name_words[0]) >= LONE_UNKNOWN_MAX:
                return None
        if candidate.rule not in _TRUSTED_RULES and all(
            self.lexicon.is_common(w) for w in name_words
        ):
            return None
        # A weak shape ("<Words> is", a short line) over a firm or a heading: a word that is
        # an everyday word and no names list knows ("National Van Lines is", "Bioscience Life
        # Technologies") is no part of a person's name.
        if candidate.rule in _SHAPE_ONLY_RULES and any(
            self.lexicon.is_common(w) and not self.lexicon.is_known_name(w)
            for w in name_words
            if len(w) > 2
        ):
            return None
        if candidate.rule == "CapitalsNameRecognizer" and (
            all(len(w) <= 3 for w in name_words) or not all(_has_vowel(w) for w in name_words)
        ):
            return None
        if candidate.rule == "SpacyRecognizer" and any(ch in span for ch in "@/\\|<>"):
            return None
        return _Candidate(
            start, end, candidate.score, candidate.rule, candidate.context, candidate.strong
        )

    def _result(self, entity_type: str, candidate: _Candidate) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=candidate.rule,
            original_score=candidate.score,
            textual_explanation=f"{candidate.rule}"
            + (f"; context: {', '.join(candidate.context)}" if candidate.context else ""),
        )
        return RecognizerResult(
            entity_type=entity_type,
            start=candidate.start,
            end=candidate.end,
            score=candidate.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: candidate.rule,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                CONTEXT_WORDS_KEY: list(candidate.context),
                EXPLANATION_KEY: explanation.textual_explanation,
            },
        )


_CLOSINGS = re.compile(
    r"(?im)^[ \t]*(?:>[ \t]*)*(?:--|—|regards|kind regards|best regards|warm regards|sincerely|"
    r"yours truly|yours sincerely|respectfully|thank you|thanks|many thanks|best|cheers|"
    r"cordialement|bien à vous|salutations(?: distinguées)?|merci|veuillez agréer[^\n]*|"
    r"signed|signé)[ \t]*[,.!]?[ \t]*\r?$"
)
# A quoted reply keeps its signature behind the quote marks ("> Kind regards,\n> Name").
_WHOLE_LINE_NAME = re.compile(rf"[ \t]*(?:>[ \t]*)*(?P<name>{LINE_NAME})[ \t]*,?[ \t]*\r?")


def _signature_names(text: str) -> Iterator[_Candidate]:
    """The first name-shaped line within three lines after a closing ("Regards,", "--")."""
    for closing in _CLOSINGS.finditer(text):
        position = closing.end()
        for _ in range(3):
            line_end = text.find("\n", position + 1)
            line_end = len(text) if line_end < 0 else line_end
            line_start = position + 1 if text[position : position + 1] == "\n" else position
            line = text[line_start:line_end]
            if line.strip():
                match = _WHOLE_LINE_NAME.fullmatch(line)
                if match:
                    yield _Candidate(
                        line_start + match.start("name"),
                        line_start + match.end("name"),
                        0.8,
                        "SignatureNameRecognizer",
                        (closing.group(0).strip().lower(),),
                        True,
                    )
                break
            position = line_end


_PLACE_BEFORE = re.compile(
    r"(?i)(?:intersection|corner|coin|angle|rues?|streets?|near|at|in|of|from|to|à|au|près\s+de|"
    r"entre|city\s+of|town\s+of|ville\s+de)\s+(?:of\s+|des\s+|de\s+)?"
    r"(?:[\w'’-]+\s+(?:and|et|&)\s+)?$"
    # The town or district after a street, as an address line gives it: "Lordship Lane,
    # Dulwich", "Jasper Avenue, Edmonton".
    r"|(?<![\w])(?-i:[A-Z][\w'’-]*\s+(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Way|"
    r"Close|Crescent|Cres|Terrace|Grove|Gardens|Place|Pl|Square|Sq|Boulevard|Blvd|Court|Ct|"
    r"Parade|Row|Hill|Green|Broadway))\.?,[ \t]*$"
)
_PLACE_AFTER = re.compile(
    r"^(?:,?\s+(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|PEI|YT|NT|NU|Ontario|Qu[ée]bec|Alberta|Manitoba|"
    r"British\s+Columbia|Saskatchewan|Nova\s+Scotia|New\s+Brunswick|UK|USA|England|Wales)\b"
    r"|\s+(?:and|et|&)\s+[A-Z][\w'’-]+\s+(?:Street|St|Avenue|Ave|Road|Rd)\b"
    r"|\s+(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Drive|Boulevard|Blvd|Station|Centre|Hospital)\b"
    # The first word of a street's name of several words: "Digbeth High Street",
    # "Kings Heath Road", the line broken anywhere inside it.
    r"|(?:\s+[A-Z][\w'’-]+){1,2}\s+(?:Street|Road|Avenue|Lane|Drive|Boulevard|Crescent|Way|"
    r"Parade|Terrace|Gardens|Square|Hill|Green|Close|Row)\b)"
)


def _place_or_month(text: str, start: int, end: int) -> bool:
    """A lone capitalised word the model calls a person is often a place or a month: "the
    intersection of Dundas and Jarvis", "Surrey, BC", "June"."""
    return text[start:end].lower() in DATE_WORDS or _looks_like_place(text, start, end)


def _looks_like_place(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(_PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[end : end + 40]))


# "1798 Stonehaven Dr." : a civic number and street words on the line before the abbreviation.
_CIVIC_BEFORE = re.compile(
    rf"(?<![\w-])\d{{1,6}}[A-Za-z]?(?:-\d+)?(?:[ \t]+[{UP}][\w'’.-]*){{1,4}}[ \t]+$"
)


def _is_street_suffix(text: str, match: re.Match[str]) -> bool:
    """Is this "Dr." the end of a street name ("1798 Stonehaven Dr.\nCalgary, AB") rather
    than a doctor's title? A capitalised street word leads up to it, and the "name" after it
    is a place ("Dr. Lethbridge, AB") or opens the next line after a civic address."""
    if match.group("title").rstrip(".").lower() != "dr":
        return False
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = text[line_start : match.start()]
    words = before.split()
    if not words or not words[-1][:1].isupper():
        return False
    name_end = match.end("name")
    if _PLACE_AFTER.match(text[name_end : name_end + 40]):
        return True
    wraps = "\n" in text[match.end("title") : match.start("name")]
    return wraps and bool(_CIVIC_BEFORE.search(before))


def _is_date_word(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() in DATE_WORDS and bool(re.match(r"\s+\d", text[end : end + 3]))


_DAY_AFTER = re.compile(r"[ \t]*(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,|[ \t]+\d{4}\b)")


def _cell_or_date_cut(text: str, start: int, end: int) -> int | None:
    """Where a rank-led name must end when it ran into the next table cell (a tab) or into a
    date ("... Sandhu November 14"); None when it need not be cut."""
    span = text[start:end]
    tab = span.find("\t")
    if tab > 0:
        return start + len(span[:tab].rstrip())
    words = list(re.finditer(r"[^\W\d_][\w'’.-]*", span))
    # A day (1-31) then a comma or a year: "November 14, 2026"; "May 4417" is a badge.
    if (
        len(words) > 1
        and words[-1].group(0).lower().rstrip(".") in DATE_WORDS
        and _DAY_AFTER.match(text, end)
    ):
        return start + words[-2].end()
    return None


_NAME_ENDERS = frozenset({"of", "at", "from", "for", "with"})
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "d'", "d’"})


def _before_service_acronym(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "l'agent Tremblay du SPVM", "le sergent Roy de la GRC": a particle, then an acronym in
    capitals after a name written in mixed case, names the officer's service, which must stay
    readable; a name in capitals ("Jean DU PONT") keeps its particle."""
    for index in range(1, len(tokens) - 1):
        if tokens[index][2].lower() not in _PARTICLES or tokens[0][2].isupper():
            continue
        after = index
        while after < len(tokens) and tokens[after][2].lower() in _PARTICLES:
            after += 1
        if after < len(tokens) and len(tokens[after][2]) > 1 and tokens[after][2].isupper():
            return tokens[:index]
    return tokens


def _without_next_line(
    segment: str, tokens: list[tuple[int, int, str]], after: str
) -> list[tuple[int, int, str]]:
    """A whole name on its own line, then a line of its own (an organisation, a title, as on
    a signature or a business card): the second line is not part of the name. A name that
    wraps mid-sentence keeps going on the next line, so this applies only when the first line
    holds at least two words and the span ends where its line ends."""
    line_rest = after.split("\n", 1)[0]
    if line_rest.strip(" \t,.;"):
        return tokens
    for index in range(2, len(tokens)):
        if "\n" in segment[tokens[index - 1][1] : tokens[index][0]]:
            return tokens[:index]
    return tokens


def _edge_word(word: str) -> bool:
    lower = word.lower().strip(".'’,")
    return lower in STOP_WORDS or bool(re.fullmatch(RANK, word))


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouyàâäéèêëîïôöùûüœæ" for ch in word.lower())


def _non_person_spans(doc: Any) -> list[tuple[int, int]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NON_PERSON_LABELS]


def _overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


_NEXT_LINE_NAME = re.compile(
    rf"[ \t]*\r?\n[ \t]*(?P<name>{CAP})(?=[ \t]*(?:[,.;:)]|\r?\n|$|[ \t]+[{LO}]))"
)


def extend_across_line_breaks(
    text: str, findings: list[PiFinding], lexicon: Lexicon
) -> list[PiFinding]:
    """A person's name cut by a line break ("with Tariq\\nBenali, who"): the model often sees
    only the first line's part. A capitalised, uncommon word opening the next line, followed
    by punctuation or a lower-case word, is the rest of the name."""
    extended: list[PiFinding] = []
    for finding in findings:
        line_start = text.rfind("\n", 0, finding.start) + 1
        # A whole name alone on its line (a signature, a card) is not cut: the next line is
        # its organisation or title.
        whole_line = not text[line_start : finding.start].strip() and len(finding.text.split()) > 1
        if finding.entity_type == "PERSON" and not whole_line:
            match = _NEXT_LINE_NAME.match(text, finding.end)
            if match and not lexicon.is_common(match.group("name")):
                finding = replace(
                    finding, end=match.end("name"), text=text[finding.start : match.end("name")]
                )
        extended.append(finding)
    return extended
