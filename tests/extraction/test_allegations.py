"""Allegation finding: EN and FR sentences written for these tests (not from the corpus)."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import InvalidInput
from core.vocab import ALLEGATION_CATEGORIES
from extraction.allegations import find_allegations, load_patterns

ALLEGED = [
    pytest.param(
        "en",
        "The constable punched my brother twice in the face while he was handcuffed.",
        "use_of_force",
        id="en-use_of_force-0",
    ),
    pytest.param(
        "en",
        "Officer Daley kicked me in the ribs after I was already lying on the floor.",
        "use_of_force",
        id="en-use_of_force-1",
    ),
    pytest.param(
        "en",
        "They tasered my son even though he had his hands up.",
        "use_of_force",
        id="en-use_of_force-2",
    ),
    pytest.param(
        "en",
        "The sergeant put me in a chokehold until I nearly passed out.",
        "use_of_force",
        id="en-use_of_force-3",
    ),
    pytest.param(
        "en",
        "An officer shoved her into the side of the van.",
        "use_of_force",
        id="en-use_of_force-4",
    ),
    pytest.param(
        "en",
        "I was arrested for no reason and held in a cell overnight.",
        "unlawful_arrest_or_detention",
        id="en-unlawful_arrest_or_detention-5",
    ),
    pytest.param(
        "en",
        "Constable Reyes handcuffed me without any explanation and kept me in the cruiser for two hours.",
        "unlawful_arrest_or_detention",
        id="en-unlawful_arrest_or_detention-6",
    ),
    pytest.param(
        "en",
        "This was a false arrest and I was never charged with anything.",
        "unlawful_arrest_or_detention",
        id="en-unlawful_arrest_or_detention-7",
    ),
    pytest.param(
        "en",
        "The officers searched my car without a warrant or my consent.",
        "unlawful_search_or_seizure",
        id="en-unlawful_search_or_seizure-8",
    ),
    pytest.param(
        "en",
        "They confiscated my camera and deleted the video.",
        "unlawful_search_or_seizure",
        id="en-unlawful_search_or_seizure-9",
    ),
    pytest.param(
        "en",
        "Sergeant Blake rummaged through my purse while I was talking to his partner.",
        "unlawful_search_or_seizure",
        id="en-unlawful_search_or_seizure-10",
    ),
    pytest.param(
        "en",
        "The desk officer yelled at me and told me to shut up.",
        "discourtesy",
        id="en-discourtesy-11",
    ),
    pytest.param(
        "en",
        "PC Grant mocked my stutter in front of the whole waiting room.",
        "discourtesy",
        id="en-discourtesy-12",
    ),
    pytest.param(
        "en",
        "She was extremely condescending and kept rolling her eyes.",
        "discourtesy",
        id="en-discourtesy-13",
    ),
    pytest.param(
        "en",
        "He said I was stopped because of my accent and asked where I was really from.",
        "discrimination",
        id="en-discrimination-14",
    ),
    pytest.param(
        "en",
        "The officer used a racial slur when he spoke to my father.",
        "discrimination",
        id="en-discrimination-15",
    ),
    pytest.param(
        "en",
        "I was singled out because I am Indigenous.",
        "discrimination",
        id="en-discrimination-16",
    ),
    pytest.param(
        "en",
        "The officer refused to take a statement from my witness.",
        "neglect_of_duty",
        id="en-neglect_of_duty-17",
    ),
    pytest.param(
        "en",
        "Nobody investigated the assault even though I gave them the video.",
        "neglect_of_duty",
        id="en-neglect_of_duty-18",
    ),
    pytest.param(
        "en",
        "The officers failed to call an ambulance although I was bleeding.",
        "neglect_of_duty",
        id="en-neglect_of_duty-19",
    ),
    pytest.param(
        "en",
        "Constable Moore fabricated evidence to justify the charge.",
        "deceit",
        id="en-deceit-20",
    ),
    pytest.param(
        "en",
        "The sergeant's notes are false and do not match the body camera footage.",
        "deceit",
        id="en-deceit-21",
    ),
    pytest.param(
        "en", "Officer Patel lied to the judge about what happened.", "deceit", id="en-deceit-22"
    ),
    pytest.param(
        "en",
        "The detective disclosed my criminal record to my landlord.",
        "breach_of_confidence",
        id="en-breach_of_confidence-23",
    ),
    pytest.param(
        "en",
        "An officer posted my mugshot on Facebook.",
        "breach_of_confidence",
        id="en-breach_of_confidence-24",
    ),
    pytest.param(
        "en",
        "The constable asked for two hundred dollars in cash to make the charge go away.",
        "corrupt_practice",
        id="en-corrupt_practice-25",
    ),
    pytest.param(
        "en",
        "Staff Sergeant Hill accepted free meals and gifts from the bar owner.",
        "corrupt_practice",
        id="en-corrupt_practice-26",
    ),
    pytest.param(
        "en",
        "During the search they broke my front door and damaged the lock.",
        "damage_to_property",
        id="en-damage_to_property-27",
    ),
    pytest.param(
        "en",
        "The officer stomped on my glasses.",
        "damage_to_property",
        id="en-damage_to_property-28",
    ),
    pytest.param(
        "en",
        "While searching me, the officer groped my breasts.",
        "sexual_misconduct",
        id="en-sexual_misconduct-29",
    ),
    pytest.param(
        "en",
        "He made sexual comments and asked me out for drinks.",
        "sexual_misconduct",
        id="en-sexual_misconduct-30",
    ),
    pytest.param(
        "en",
        "After I filed the complaint, the same officer followed me home three nights in a row.",
        "harassment_or_intimidation",
        id="en-harassment_or_intimidation-31",
    ),
    pytest.param(
        "en",
        "The sergeant threatened to arrest my son if I kept complaining.",
        "harassment_or_intimidation",
        id="en-harassment_or_intimidation-32",
    ),
    pytest.param(
        "en",
        "A cruiser has been parked across from my apartment every evening since.",
        "harassment_or_intimidation",
        id="en-harassment_or_intimidation-33",
    ),
    pytest.param(
        "en",
        "The service's policy on towing cars is unfair and should be reviewed.",
        "service_or_policy",
        id="en-service_or_policy-34",
    ),
    pytest.param(
        "en",
        "I also complain about the delay: it took four hours for anyone to respond to my call.",
        "service_or_policy",
        id="en-service_or_policy-35",
    ),
    pytest.param(
        "en",
        "Two officers dragged me out of the car by my hair.",
        "use_of_force",
        id="en-use_of_force-100",
    ),
    pytest.param(
        "en",
        "The officer slammed my head into the pavement.",
        "use_of_force",
        id="en-use_of_force-101",
    ),
    pytest.param(
        "en",
        "He pepper-sprayed everyone on the porch, including my grandmother.",
        "use_of_force",
        id="en-use_of_force-102",
    ),
    pytest.param(
        "en",
        "I was detained for six hours without being charged.",
        "unlawful_arrest_or_detention",
        id="en-unlawful_arrest_or_detention-103",
    ),
    pytest.param(
        "en",
        "They strip-searched me at the station for no reason.",
        "unlawful_search_or_seizure",
        id="en-unlawful_search_or_seizure-104",
    ),
    pytest.param(
        "en",
        "The officer called me a liar and laughed at my accent.",
        "discourtesy",
        id="en-discourtesy-105",
    ),
    pytest.param(
        "en",
        "He made racist comments about Somali people.",
        "discrimination",
        id="en-discrimination-106",
    ),
    pytest.param(
        "en",
        "The police never returned my calls about the stolen bike.",
        "neglect_of_duty",
        id="en-neglect_of_duty-107",
    ),
    pytest.param(
        "en",
        "The officer's report falsely claims that I resisted arrest.",
        "deceit",
        id="en-deceit-108",
    ),
    pytest.param(
        "en",
        "Constable Ito told my neighbours that I had been arrested for drugs.",
        "breach_of_confidence",
        id="en-breach_of_confidence-109",
    ),
    pytest.param(
        "en",
        "The officer demanded a bribe to release my car.",
        "corrupt_practice",
        id="en-corrupt_practice-110",
    ),
    pytest.param(
        "en",
        "They smashed the window of my car with a baton.",
        "damage_to_property",
        id="en-damage_to_property-111",
    ),
    pytest.param(
        "en",
        "The officer kept texting me sexually explicit messages after the stop.",
        "sexual_misconduct",
        id="en-sexual_misconduct-112",
    ),
    pytest.param(
        "en",
        "Officer Kane keeps driving past my house and staring at me.",
        "harassment_or_intimidation",
        id="en-harassment_or_intimidation-113",
    ),
    pytest.param(
        "en",
        "Your procedure for returning seized property is confusing and unreasonable.",
        "service_or_policy",
        id="en-service_or_policy-114",
    ),
    pytest.param(
        "fr",
        "Le policier m'a frappé au visage alors que j'étais menotté.",
        "use_of_force",
        id="fr-use_of_force-0",
    ),
    pytest.param(
        "fr",
        "L'agent a donné des coups de pied à mon frère qui était au sol.",
        "use_of_force",
        id="fr-use_of_force-1",
    ),
    pytest.param(
        "fr",
        "Ils ont utilisé une force excessive contre moi.",
        "use_of_force",
        id="fr-use_of_force-2",
    ),
    pytest.param(
        "fr",
        "J'ai été arrêté sans aucun motif et détenu toute la nuit.",
        "unlawful_arrest_or_detention",
        id="fr-unlawful_arrest_or_detention-3",
    ),
    pytest.param(
        "fr",
        "Les policiers ont fouillé mon véhicule sans mandat.",
        "unlawful_search_or_seizure",
        id="fr-unlawful_search_or_seizure-4",
    ),
    pytest.param(
        "fr",
        "L'agent a confisqué mon téléphone cellulaire.",
        "unlawful_search_or_seizure",
        id="fr-unlawful_search_or_seizure-5",
    ),
    pytest.param(
        "fr",
        "Le sergent m'a traité d'imbécile devant tout le monde.",
        "discourtesy",
        id="fr-discourtesy-6",
    ),
    pytest.param(
        "fr",
        "L'agente s'est moquée de moi et m'a crié après.",
        "discourtesy",
        id="fr-discourtesy-7",
    ),
    pytest.param(
        "fr", "Il m'a dit de retourner dans mon pays.", "discrimination", id="fr-discrimination-8"
    ),
    pytest.param(
        "fr",
        "J'ai été interpellé en raison de mes origines.",
        "discrimination",
        id="fr-discrimination-9",
    ),
    pytest.param(
        "fr",
        "Personne n'a enquêté sur le vol malgré mes appels.",
        "neglect_of_duty",
        id="fr-neglect_of_duty-10",
    ),
    pytest.param(
        "fr",
        "Le policier a refusé d'appeler une ambulance.",
        "neglect_of_duty",
        id="fr-neglect_of_duty-11",
    ),
    pytest.param("fr", "L'agent a menti dans son rapport.", "deceit", id="fr-deceit-12"),
    pytest.param(
        "fr", "Le rapport de police contient des déclarations fausses.", "deceit", id="fr-deceit-13"
    ),
    pytest.param(
        "fr",
        "Le policier a divulgué mes antécédents à mon employeur.",
        "breach_of_confidence",
        id="fr-breach_of_confidence-14",
    ),
    pytest.param(
        "fr",
        "L'agent a accepté de l'argent du propriétaire du bar.",
        "corrupt_practice",
        id="fr-corrupt_practice-15",
    ),
    pytest.param(
        "fr",
        "Le policier a cassé la porte de mon appartement.",
        "damage_to_property",
        id="fr-damage_to_property-16",
    ),
    pytest.param(
        "fr",
        "Pendant la fouille, l'agent m'a touchée de manière inappropriée.",
        "sexual_misconduct",
        id="fr-sexual_misconduct-17",
    ),
    pytest.param(
        "fr",
        "Le sergent m'a menacé de m'arrêter si je ne retirais pas ma plainte.",
        "harassment_or_intimidation",
        id="fr-harassment_or_intimidation-18",
    ),
    pytest.param(
        "fr",
        "Je conteste la politique du service concernant le remorquage des véhicules.",
        "service_or_policy",
        id="fr-service_or_policy-19",
    ),
    pytest.param(
        "fr", "Les agents m'ont plaqué au sol violemment.", "use_of_force", id="fr-use_of_force-100"
    ),
    pytest.param(
        "fr", "Le policier a été très impoli avec ma mère.", "discourtesy", id="fr-discourtesy-101"
    ),
    pytest.param("fr", "Le sergent a falsifié ses notes.", "deceit", id="fr-deceit-102"),
    pytest.param(
        "fr",
        "Depuis ma plainte, l'agent me suit en voiture.",
        "harassment_or_intimidation",
        id="fr-harassment_or_intimidation-103",
    ),
    pytest.param(
        "fr",
        "Ils ont brisé la vitre de mon auto.",
        "damage_to_property",
        id="fr-damage_to_property-104",
    ),
    pytest.param(
        "fr",
        "Ils ont fouillé ma maison sans mon consentement.",
        "unlawful_search_or_seizure",
        id="fr-unlawful_search_or_seizure-105",
    ),
]

NOT_ALLEGED = [
    pytest.param("en", "I am not saying that any officer hit me.", id="en-neg-0"),
    pytest.param("en", "The officers did not use force at any point.", id="en-neg-1"),
    pytest.param("en", "I do not allege that the search was unlawful.", id="en-neg-2"),
    pytest.param("en", "The officer who drove me home was polite and professional.", id="en-neg-3"),
    pytest.param("en", "I threatened nobody and stayed calm.", id="en-neg-4"),
    pytest.param(
        "en", "The allegation of discourtesy was withdrawn by the complainant.", id="en-neg-5"
    ),
    pytest.param(
        "en",
        "Service policy requires that a supervisor attend whenever a taser is deployed.",
        id="en-neg-6",
    ),
    pytest.param(
        "en",
        "The officer explained the reason for the detention and read me my rights.",
        id="en-neg-7",
    ),
    pytest.param("en", "No officer ever swore at me.", id="en-neg-8"),
    pytest.param(
        "en",
        "I was walking my dog in the park when a police car pulled up beside me.",
        id="en-neg-9",
    ),
    pytest.param("en", "I have no complaint about how the paramedics treated me.", id="en-neg-10"),
    pytest.param("en", "The officer did not search my bag.", id="en-neg-11"),
    pytest.param("en", "I never said the officer pushed me.", id="en-neg-12"),
    pytest.param("fr", "Je ne dis pas que le policier m'a frappé.", id="fr-neg-0"),
    pytest.param("fr", "Les policiers ne m'ont jamais insulté.", id="fr-neg-1"),
    pytest.param("fr", "L'agent qui m'a raccompagné était poli et professionnel.", id="fr-neg-2"),
    pytest.param(
        "fr", "Je marchais vers chez moi quand une voiture de police s'est arrêtée.", id="fr-neg-3"
    ),
    pytest.param("fr", "Le policier n'a pas fouillé mon sac.", id="fr-neg-4"),
]


def _nlp(language: str, nlp_en: Any, nlp_fr: Any) -> Any:
    return nlp_en if language == "en" else nlp_fr


@pytest.mark.parametrize(("language", "sentence", "category"), ALLEGED)
def test_finds_the_category(
    language: str, sentence: str, category: str, nlp_en: Any, nlp_fr: Any
) -> None:
    found = find_allegations(_nlp(language, nlp_en, nlp_fr)(sentence), language)
    assert [allegation.category for allegation in found] == [category]
    assert found[0].evidence == sentence
    assert (found[0].start, found[0].end) == (0, len(sentence))


@pytest.mark.parametrize(("language", "sentence"), NOT_ALLEGED)
def test_negated_denied_or_neutral_is_not_an_allegation(
    language: str, sentence: str, nlp_en: Any, nlp_fr: Any
) -> None:
    assert find_allegations(_nlp(language, nlp_en, nlp_fr)(sentence), language) == []


def test_evidence_is_the_whole_sentence_across_abbreviations_and_line_breaks(nlp_en: Any) -> None:
    text = "We left at ten.\nDet. R. Shaw punched my\nfriend in the stomach. Then we went home."
    found = find_allegations(nlp_en(text), "en")
    assert [allegation.category for allegation in found] == ["use_of_force"]
    assert found[0].evidence == "Det. R. Shaw punched my friend in the stomach."


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pattern_files_are_valid_and_cover_every_category(language: str) -> None:
    categories = {pattern.category for pattern in load_patterns(language)}
    assert categories == set(ALLEGATION_CATEGORIES)


def test_unknown_language_has_no_patterns() -> None:
    with pytest.raises(InvalidInput):
        load_patterns("de")
