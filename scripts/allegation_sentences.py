"""Write the labelled allegation sentences (extraction/training/allegations.<lang>.jsonl).

Each category's acts are written here from the category definitions (DESIGN.md vocabulary),
in everyday wording, and set in many voices: the complainant in the first person, an intake
summary, an investigator's report, a witness statement, an e-mail. Hard negatives (denials,
policy text, the officer's own account, a category named in a heading or an unticked box,
ordinary police work) are labelled with no category. Deterministic: the same file every run.

    python scripts/allegation_sentences.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extraction" / "training"

# Acts in the simple past, the officer as subject; {o} the person acted on, {p} their possessive.
ACTS_EN: dict[str, list[str]] = {
    "use_of_force": [
        "kneed {o} in the back",
        "punched {o} in the face",
        "slammed {o} against the hood of the car",
        "threw {o} to the ground",
        "choked {o} until {o} could not breathe",
        "tasered {o} while {o} had both hands up",
        "pepper-sprayed {o} at close range",
        "twisted {p} arm behind {p} back until it popped",
        "kicked {o} in the ribs",
        "dragged {o} out of the car by {p} hair",
        "struck {o} with a baton",
        "put {o} in a chokehold",
        "stomped on {p} hand",
        "tightened the handcuffs until {p} wrists bled",
        "shoved {o} into the wall",
        "body-slammed {o} onto the pavement",
        "used excessive force during the arrest of {o}",
        "slapped {o} across the face",
        "hit {o} repeatedly with a flashlight",
        "pointed a gun at {o} and then tackled {o}",
    ],
    "unlawful_arrest_or_detention": [
        "arrested {o} for no reason",
        "falsely arrested {o}",
        "held {o} in a cell overnight without charging {o}",
        "wouldn't tell {o} why {o} was being held",
        "kept {o} handcuffed in the back of the cruiser for two hours without cause",
        "detained {o} without any lawful grounds",
        "locked {o} up even though {o} had done nothing wrong",
        "arrested {o} on a warrant that had already been cancelled",
        "stopped and held {o} on the street for forty minutes for nothing",
        "took {o} into custody without probable cause",
        "refused to let {o} leave and would not say whether {o} was under arrest",
        "charged {o} with a crime {o} did not commit",
        "arrested {o} just for filming the police",
        "kept {o} at the station for nine hours without letting {o} call a lawyer",
        "placed {o} under arrest without explaining the reason",
        "unlawfully detained {o} during a traffic stop",
    ],
    "unlawful_search_or_seizure": [
        "went through {p} drawers without a warrant",
        "searched {p} car without {p} consent",
        "entered {p} apartment without a warrant",
        "strip searched {o} without authorization",
        "seized {p} phone and kept it for weeks",
        "emptied {p} pockets without any reason",
        "searched {p} bag without asking",
        "took {p} cash and never inventoried it",
        "kicked in the door and searched the whole house without a warrant",
        "patted {o} down for no reason",
        "confiscated {p} camera and deleted the video",
        "illegally searched {p} home",
        "rummaged through {p} purse",
        "went through {p} phone without permission",
        "impounded {p} car without any legal basis",
        "conducted an illegal search of {p} vehicle",
    ],
    "discourtesy": [
        "called the driver a moron",
        "swore at {o} and told {o} to shut up",
        "called {o} an idiot",
        "directed profanities at {o}",
        "laughed at {o} and mocked {p} accent",
        "was rude and dismissive to {o}",
        "told {o} to shut the hell up",
        "used profane language towards {o}",
        "called {o} stupid in front of {p} children",
        "rolled his eyes and told {o} to get lost",
        "spoke to {o} in an insulting and condescending way",
        "called {o} a liar and a loser",
        "yelled obscenities at {o}",
        "was verbally abusive to {o}",
        "made fun of {p} appearance",
        "told {o} nobody cared about {p} problems and to stop whining",
    ],
    "discrimination": [
        "made racist comments about {o}",
        "stopped {o} only because of {p} race",
        "used a racial slur against {o}",
        "said people like {o} should go back to where they came from",
        "mocked {p} disability and refused to help",
        "treated {o} differently because {o} is Black",
        "made homophobic remarks about {o} and {p} partner",
        "said {o} was a typical immigrant",
        "targeted {o} because of {p} religion",
        "ignored {o} because {o} wears a hijab",
        "used an ethnic slur during the stop",
        "profiled {o} because of the colour of {p} skin",
        "refused to take {p} report because {o} does not speak English well",
        "made sexist comments and said women always lie about these things",
        "singled {o} out because {o} is Indigenous",
        "said {o} was probably a criminal because of where {o} was from",
        "told {o} that {p} kind always cause trouble",
        "said all people of {p} faith were terrorists",
        "called {o} a terrorist because of {p} beard and turban",
        "said immigrants like {o} were ruining the country",
        "told {o} that old people should stay home and stop wasting police time",
        "mocked {o} for being transgender",
    ],
    "neglect_of_duty": [
        "failed to investigate {p} report of an assault",
        "never followed up on {p} complaint",
        "refused to take {p} statement",
        "failed to complete a Tactical Response Report",
        "failed to document the strip search on the arrest report",
        "did nothing when {o} reported the break-in",
        "ignored {p} calls for help for over an hour",
        "failed to obtain medical attention for {o}",
        "failed to provide {p} name and star number upon request",
        "failed to inventory the property taken from {o}",
        "lost the evidence {o} had handed over",
        "never responded to the 911 call",
        "failed to initiate an investigation into the misconduct",
        "did not write a report about the incident {o} reported",
        "left {o} injured at the scene without calling an ambulance",
        "failed to supervise the officers who assaulted {o}",
        "refused to register {p} complaint",
        "failed to activate the body-worn camera",
    ],
    "deceit": [
        "lied in the police report about what happened to {o}",
        "made false statements in {p} arrest report",
        "planted drugs on {o}",
        "fabricated evidence against {o}",
        "wrote in the report that {o} had resisted when {o} had not",
        "lied under oath at {p} trial",
        "falsified the time of the arrest in the notes",
        "told investigators a false story about the stop",
        "altered the report after the fact to cover up the assault",
        "gave a misleading account of the search to the court",
        "made up a reason for stopping {o}",
        "falsely claimed {o} had a weapon",
        "backdated the search warrant",
        "provided a false statement to the oversight investigator",
    ],
    "breach_of_confidence": [
        "told {p} employer about {p} criminal record",
        "shared {p} personal information with {p} ex-partner",
        "posted photos of {o} on social media",
        "leaked details of {p} case to a reporter",
        "gave {p} home address to the man {o} had complained about",
        "looked up {o} in the police database for personal reasons",
        "disclosed {p} medical history to {p} neighbours",
        "revealed that {o} was an informant",
        "showed {p} statement to the suspect",
        "accessed {p} records without any work reason",
        "discussed {p} case at a party and named {o}",
        "told the whole street that {o} had been arrested",
        "passed confidential information about {o} to a friend",
        "gave a copy of the police report about {o} to a third party",
    ],
    "corrupt_practice": [
        "offered to drop the charge if {o} paid him",
        "asked {o} for money to make the ticket go away",
        "took a bribe from the tow company",
        "kept the money seized from {o}",
        "stole cash from {p} wallet during the search",
        "demanded sexual favours in exchange for not arresting {o}",
        "accepted gifts from the bar owner to ignore complaints",
        "used {p} position to get free meals and discounts",
        "offered to lose the evidence for a payment",
        "pocketed the jewellery taken from {p} house",
        "worked for the landlord on the side and evicted {o}",
        "threatened to arrest {o} unless {o} paid cash",
        "let the dealer go in exchange for a share of the money",
        "used the police computer to help his friend's business",
    ],
    "damage_to_property": [
        "smashed {p} phone on the ground",
        "broke {p} front door",
        "damaged {p} car during the search",
        "cracked {p} windshield with a baton",
        "ripped {p} jacket",
        "broke {p} glasses",
        "destroyed {p} camera",
        "left {p} apartment trashed after the search",
        "slashed the seats of {p} car",
        "kicked {p} bicycle and bent the wheel",
        "broke the lock on {p} gate",
        "threw {p} laptop against the wall",
        "tore up {p} documents",
        "dented the door of {p} vehicle",
    ],
    "sexual_misconduct": [
        "touched {o} inappropriately during the search",
        "groped {o} while patting {o} down",
        "made sexual comments about {p} body",
        "asked {o} out and kept texting {o} after the call",
        "exposed himself to {o}",
        "forced {o} to undress in front of male officers",
        "sexually assaulted {o} in the back of the car",
        "kissed {o} without consent",
        "sent {o} sexual messages",
        "rubbed against {o} during the frisk",
        "offered to let {o} go if {o} slept with him",
        "grabbed {p} breasts",
        "made lewd remarks to {o}",
        "filmed {o} while {o} was changing",
    ],
    "harassment_or_intimidation": [
        "has been following {o} home every night",
        "threatened to kill {o}",
        "stopped {o} five times in one month for nothing",
        "kept driving past {p} house and shining a light in the windows",
        "threatened to take {p} children away if {o} complained",
        "told {o} that {o} would regret filing a complaint",
        "parked outside {p} workplace to intimidate {o}",
        "called {o} repeatedly and threatened {o}",
        "tried to intimidate {o} while holding his baton",
        "warned {o} that {o} would be arrested if {o} went to the press",
        "showed up at {p} door after {o} complained",
        "kept ticketing {o} as payback for the complaint",
        "threatened {o} with a beating",
        "told {o} he knew where {o} lived",
        "stalked {o} on social media and sent threats",
        "pressured {o} to withdraw {p} complaint",
    ],
    "service_or_policy": [
        "took three hours to respond to the emergency call",
        "followed a policy that left {o} without an interpreter",
        "refused to provide a French-speaking officer as required",
        "applied the tow policy to {o} even though the car was legally parked",
        "kept {o} waiting at the front desk for four hours",
        "gave {o} no information about how to file a complaint",
        "told {o} the service does not take reports by phone",
        "failed to provide adequate police service",
        "would not give {o} a copy of the report as the procedure requires",
        "transferred {o} between departments and nobody helped",
        "sent {o} away because the station was closing",
        "treated {p} missing person report as low priority under the service's policy",
        "told {o} to go back and find the sergeant to make a complaint",
        "closed the file without contacting {o}",
    ],
}

# More everyday wordings of each category's acts, written from the category definitions
# (what the officer did, in the words a complainant or a summary would use), added to ACTS_EN.
EVERYDAY_ACTS_EN: dict[str, list[str]] = {
    "use_of_force": [
        "shoved {o} so hard that {o} fell down the steps",
        "bent {p} fingers back until {o} cried out",
        "sat on {p} chest while {o} was already cuffed",
        "smashed {p} head against the car door",
        "elbowed {o} in the jaw",
        "yanked {o} off the bike and onto the road",
        "let the police dog bite {o} although {o} had surrendered",
        "pinned {o} to the floor with a knee on {p} neck",
    ],
    "unlawful_arrest_or_detention": [
        "handcuffed {o} on the sidewalk although {o} had done nothing",
        "detained {o} at the side of the highway far longer than needed",
        "locked {o} in a cell and would not say what the charge was",
        "held {o} at the station until morning for no reason at all",
        "would not let {o} go home even after checking {p} identity",
        "arrested {o} because {o} asked for a badge number",
        "took {o} away in the cruiser without telling {o} what {o} had done",
        "kept {o} in the interview room all day without charging {o}",
    ],
    "unlawful_search_or_seizure": [
        "went through {p} backpack without asking",
        "went through the glovebox of {p} car uninvited",
        "searched {p} room while {o} was out and had no warrant",
        "took {p} phone and read {p} messages without consent",
        "frisked {o} in front of {p} coworkers for no reason",
        "kept {p} wallet and documents without any lawful reason",
        "forced open {p} locker and searched it",
        "turned {p} shed upside down looking for something without a warrant",
    ],
    "discourtesy": [
        "sneered at {o} and called {o} pathetic",
        "laughed in {p} face and told {o} to grow up",
        "told {o} to grow a spine",
        "kept calling {o} sweetheart in a mocking way",
        "mocked {o} in front of the crowd",
        "told {o} to get out of his face and swore",
        "called {o} a drunk and a waste of time",
        "talked down to {o} and said {o} was too stupid to understand",
    ],
    "discrimination": [
        "said {o} only got stopped because of where {p} family came from",
        "brushed off {p} report because of {p} ethnicity",
        "assumed {o} was a thief because of {p} skin colour",
        "asked {o} whether {o} even had papers to be in the country",
        "ignored {p} complaint because {o} is Black",
        "refused to help {o} because {o} is gay",
        "said disabled people like {o} should not be out alone",
        "paid no attention to {o} because {o} is a newcomer",
    ],
    "neglect_of_duty": [
        "did not send anyone to the address for two days",
        "did not bother to look at the camera footage {o} offered",
        "marked {p} case solved without interviewing anyone",
        "never logged the items taken from {o}",
        "never passed {p} report on to the detectives",
        "left {o} lying on the floor of the cell without checking on {o}",
        "did not take any notes of what {o} reported",
        "failed to tell {o} about the right to a lawyer",
    ],
    "deceit": [
        "invented an assault on himself in the occurrence report",
        "told the court {o} had thrown the first punch, which was untrue",
        "swore in court that {o} had been speeding when {o} had not",
        "made up a story that {o} had drugs on {o}",
        "lied about having a warrant",
        "changed the time in the report to hide what happened",
        "claimed {o} had consented to the search when {o} had refused",
        "pretended the body camera had not been switched on",
    ],
    "breach_of_confidence": [
        "mentioned {p} past convictions to {p} relatives",
        "gave {p} new address to people {o} was hiding from",
        "let the neighbours know {o} had a criminal record",
        "looked up {p} records and told {p} landlord what he found",
        "shared details of {p} complaint with the officers {o} complained about",
        "told {p} boss that {o} was under investigation",
        "showed {p} photo and details from the police system to a friend",
        "passed on {p} phone number to the person {o} had reported",
    ],
    "corrupt_practice": [
        "made purchases with a bank card taken from {o}",
        "pocketed the cash he found in {p} glovebox",
        "kept part of the money from {p} bag",
        "said the charge could go away for a few hundred dollars",
        "asked {o} for a payment to get {p} car back",
        "helped himself to the goods seized from {p} shop",
        "took money from the towing company for sending them calls",
        "sold the phone he had seized from {o}",
    ],
    "damage_to_property": [
        "broke {p} tablet while searching the bag",
        "knocked {p} phone out of {p} hand and it shattered",
        "broke the window of {p} car to get in",
        "tore {p} coat while dragging {o}",
        "bent the frame of {p} glasses",
        "left {p} door hanging off its hinges",
        "ruined {p} camera by throwing it on the road",
        "kicked {p} phone across the parking lot",
    ],
    "sexual_misconduct": [
        "touched {p} chest during the pat-down for no reason",
        "made comments about {p} underwear",
        "asked {o} for {p} number and kept calling {o}",
        "said {o} could go if {o} gave him a kiss",
        "stared at {o} and made remarks about {p} body while {o} was in the cell",
        "put his hand on {p} thigh in the car",
        "sent {o} a picture of himself after the call",
        "insisted on searching {o} himself and touched {o} between the legs",
    ],
    "harassment_or_intimidation": [
        "threatened to get {o} fired",
        "said {o} would be sorry if {o} reported him",
        "threatened to arrest {o} for recording the stop",
        "circled {p} block in the cruiser every evening",
        "sent {o} texts saying {o} had better keep quiet",
        "threatened to make {p} life hell if {o} complained",
        "kept turning up wherever {o} went",
        "followed {o} around the shopping centre for no reason",
    ],
    "service_or_policy": [
        "took two days to call {o} back about a break-in",
        "gave {o} no way to file a report in {p} own language",
        "left {o} on hold for an hour on the non-emergency line",
        "told {o} they do not send officers for that kind of call",
        "would not take {p} report because the station was short-staffed",
        "lost track of {p} file when it was moved to another division",
        "refused to give {o} an interpreter",
        "made {o} come back three times to get a copy of the occurrence report",
    ],
}
for _category, _acts in EVERYDAY_ACTS_EN.items():
    ACTS_EN[_category].extend(_acts)

# Whole first-person sentences in other shapes (passive, no officer subject).
WHOLE_EN: dict[str, list[str]] = {
    "use_of_force": [
        "I was thrown face-first onto the concrete and kneed in the back.",
        "My ribs were broken when they piled on top of me.",
        "I was beaten by two officers while I was handcuffed.",
        "The force they used was completely excessive.",
    ],
    "unlawful_arrest_or_detention": [
        "I was arrested for no reason and held overnight.",
        "I was held for six hours and nobody would tell me why.",
        "I was never told what I was being held for.",
        "This was a false arrest and the charges were dropped.",
    ],
    "unlawful_search_or_seizure": [
        "My house was searched without a warrant.",
        "My phone was taken and never returned.",
        "I was strip searched in the hallway.",
        "They had no warrant and no consent to search the car.",
    ],
    "discourtesy": [
        "I was sworn at and called names.",
        "He was extremely rude to me and my mother.",
        "The way he spoke to me was insulting.",
        "He told me to shut the fuck up.",
    ],
    "discrimination": [
        "I was stopped because I am Black.",
        "I believe I was treated this way because of my religion.",
        "It was racial profiling, plain and simple.",
        "I was singled out because of my accent.",
    ],
    "neglect_of_duty": [
        "Nobody ever investigated my report.",
        "My complaint was never followed up.",
        "No report was ever written about the assault.",
        "The 911 call was ignored.",
    ],
    "deceit": [
        "The report is full of lies.",
        "The arrest report was falsified.",
        "Evidence was planted in my car.",
        "What he wrote in his notes never happened.",
    ],
    "breach_of_confidence": [
        "My personal information was given to my ex-husband.",
        "My criminal record was disclosed to my boss.",
        "My name was leaked to the newspaper.",
        "My address was given to the man I reported.",
    ],
    "corrupt_practice": [
        "I was asked for a bribe.",
        "Money was taken from my wallet and never recorded.",
        "He wanted cash to make the charge disappear.",
        "The charge would go away if I paid him.",
    ],
    "damage_to_property": [
        "My phone was smashed.",
        "My front door was broken during the raid.",
        "My car was damaged and nobody paid for it.",
        "My glasses were broken when they took me down.",
    ],
    "sexual_misconduct": [
        "I was touched inappropriately during the search.",
        "He made sexual comments about my body.",
        "I was groped by the officer.",
        "He kept sending me sexual messages afterwards.",
    ],
    "harassment_or_intimidation": [
        "I am being followed and threatened by the same officer.",
        "Since I complained they stop me every week.",
        "I was told I would regret making a complaint.",
        "I feel intimidated every time the patrol car parks outside.",
    ],
    "service_or_policy": [
        "It took three hours for anyone to respond to the call.",
        "Nobody could tell me how to file a complaint.",
        "The service's towing policy is unfair.",
        "There was no interpreter available, as the policy requires.",
    ],
}

# Still more, for the categories a reader words in the most ways (manner, bias, honesty,
# diligence, service), and sentences that describe the conduct rather than an act.
MORE_ACTS_EN: dict[str, list[str]] = {
    "discourtesy": [
        "was snide and sarcastic with {o} the whole time",
        "shouted at {o} as if {o} were a child",
        "made a rude gesture at {o}",
        "swore at {o} in front of {p} kids",
        "kept interrupting and insulting {o}",
        "said {o} was wasting his time and walked off",
    ],
    "discrimination": [
        "used a slur about {p} ethnicity",
        "said {o} looked like a criminal because {o} is Arab",
        "questioned only the Black passengers on the bus",
        "would not listen to {o} because {o} is a woman",
        "told {o} to learn to speak proper English",
        "treated {o} worse than the white driver he stopped next",
    ],
    "deceit": [
        "put things in the report that did not happen",
        "wrote that {o} was drunk when {o} was sober",
        "claimed {o} had been aggressive, which is untrue",
        "misrepresented what {o} said in his notes",
        "denied having the video when he had it",
        "gave a false account of the stop to his supervisor",
    ],
    "neglect_of_duty": [
        "never got back to {o} about the assault",
        "did not even write down what {o} told him",
        "refused to look into {p} report",
        "did not check on {o} once during the night in the cell",
        "did not call a doctor although {o} was bleeding",
        "never gave {o} a file number or a copy of the report",
    ],
    "service_or_policy": [
        "said the policy did not allow them to take {p} report",
        "kept {o} waiting on the phone for over an hour",
        "told {o} the service does not investigate that kind of theft",
        "did not provide the accessible service {o} asked for",
    ],
}
for _category, _acts in MORE_ACTS_EN.items():
    ACTS_EN[_category].extend(_acts)

# Sentences about the conduct (its manner or quality), not one act with an officer subject.
STATES_EN: dict[str, list[str]] = {
    "use_of_force": [
        "The force used on me was way more than needed.",
        "They were far too rough with him.",
    ],
    "unlawful_arrest_or_detention": [
        "I should never have been locked up.",
        "Holding her that long was unlawful.",
    ],
    "unlawful_search_or_seizure": [
        "They had no right to go through my things.",
        "The search of his home was illegal.",
    ],
    "discourtesy": [
        "The officer was very rude to my mother.",
        "His attitude towards me was nasty and insulting.",
    ],
    "discrimination": [
        "It was obvious I was treated differently because of my race.",
        "The stop was racial profiling.",
    ],
    "neglect_of_duty": [
        "Nothing was done about my report.",
        "The investigation was never carried out properly.",
    ],
    "deceit": [
        "What the constable wrote in his account is false.",
        "The officer's account in the report is untrue.",
    ],
    "breach_of_confidence": [
        "My private information was passed around.",
        "Details from my file ended up with my employer.",
    ],
    "corrupt_practice": [
        "The officer was on the take.",
        "Money went missing from my wallet while it was in police hands.",
    ],
    "damage_to_property": [
        "My car was left badly damaged after the search.",
        "My belongings were ruined by the officers.",
    ],
    "sexual_misconduct": [
        "The way he touched me was sexual.",
        "His remarks about my body were sexual and unwanted.",
    ],
    "harassment_or_intimidation": [
        "I feel harassed by the same officer every week.",
        "The threats from the officer scared me.",
    ],
    "service_or_policy": [
        "The rules for getting impounded items back are unfair.",
        "The service I received on the phone was terrible.",
    ],
}
for _category, _sentences in STATES_EN.items():
    WHOLE_EN[_category].extend(_sentences)

# Acts written in still other words (the plain verbs a complainant, an intake clerk or an
# investigator reaches for first), so no category hangs on a handful of verbs.
PLAIN_ACTS_EN: dict[str, list[str]] = {
    "use_of_force": [
        "grabbed {o} by the throat",
        "hit {o} with his fist after {o} was on the ground",
        "beat {o} up in the back of the van",
        "wrestled {o} to the floor and kept hitting {o}",
        "used his stun gun on {o} three times",
        "pushed {o} down the stairs",
        "banged {p} head on the counter",
        "roughed {o} up while {o} was handcuffed",
        "jabbed {o} in the stomach with his baton",
        "pulled {o} out of bed and threw {o} against the dresser",
    ],
    "unlawful_arrest_or_detention": [
        "kept {o} in the holding cell for a whole day with no charge",
        "arrested {o} instead of the man who had attacked {o}",
        "told {o} to stay put but never said why",
        "put {o} in the back of the car and drove {o} to the station for nothing",
        "held {o} against {p} will for hours",
        "made {o} sit on the curb in handcuffs for an hour although {o} was only a witness",
        "arrested {o} without a warrant in {p} own home",
        "would not release {o} even after the charge was dropped",
        "booked {o} for an offence that does not exist",
        "detained {o} for questioning with no reason to suspect {o}",
    ],
    "unlawful_search_or_seizure": [
        "searched {o} on the street without any grounds",
        "opened the trunk of {p} car and went through it without permission",
        "made {o} empty {p} bag on the hood of the car",
        "came into {p} house without knocking and looked through every room",
        "took {p} laptop without giving {o} a receipt",
        "seized {p} savings and never gave them back",
        "searched {p} children's bedroom without a warrant",
        "stopped {o} and went through {p} pockets",
        "scrolled through the photos on {p} phone",
        "towed {p} car and kept it although nothing was wrong with it",
    ],
    "discourtesy": [
        "told {o} to get lost",
        "called {o} a moron in front of everyone",
        "used the f-word at {o} again and again",
        "was sarcastic and belittled {o}",
        "said {o} was a nuisance and hung up on {o}",
        "screamed at {o} to shut up",
        "called {o} trash",
        "insulted {o} and {p} family",
        "mocked the way {o} talks",
        "was condescending and rude to {o} throughout",
    ],
    "discrimination": [
        "said people like {o} are all the same",
        "only asked the brown-skinned men for identification",
        "refused to take {p} report because of {p} accent",
        "made a joke about {p} religion",
        "called {o} a name that refers to {p} race",
        "said {o} did not belong in this neighbourhood because of {p} colour",
        "treated {o} as a suspect because {o} is Muslim",
        "laughed at {p} wheelchair and refused to help",
        "said {o} must be illegal because of how {o} looked",
        "picked {o} out of the group because {o} was the only Black person",
    ],
    "neglect_of_duty": [
        "did not investigate when {o} told him about the assault",
        "never called {o} back about the stolen car",
        "never took any statement from the witnesses",
        "left the scene without helping {o}",
        "ignored {o} when {o} asked for medical help",
        "did not arrest the man who had threatened {o} although he was still there",
        "lost {p} file and did nothing about it",
        "did not bother to come out when {o} called about the break-in",
        "did not read {o} {p} rights",
        "let the suspect walk away without checking his identity",
    ],
    "deceit": [
        "lied to {o} about why {o} was stopped",
        "wrote a report that was not true",
        "said in court that {o} had attacked him, which was a lie",
        "falsely wrote that {o} had been drinking",
        "lied to the investigator about the search",
        "told {o} there was a warrant when there was none",
        "put false information in the arrest report about {o}",
        "covered up what his partner did to {o} by lying in his notes",
        "made up a confession and said {o} had signed it",
        "misled the judge about where the drugs were found",
    ],
    "breach_of_confidence": [
        "told {p} neighbours what was in {p} police file",
        "showed {p} statement to the man {o} had reported",
        "ran {p} name through the police computer and told {p} ex what he found",
        "gave {p} medical information to {p} employer",
        "talked about {p} case on social media",
        "told {p} family that {o} had made a complaint to the police",
        "let a journalist see {p} file",
        "told the school about {p} arrest",
        "gave out {p} phone number to a stranger",
        "shared the video of {p} arrest with his friends",
    ],
    "corrupt_practice": [
        "used {p} bank card after the arrest",
        "used the credit card he took from {p} wallet",
        "withdrew money from {p} account with the card he had seized",
        "used {p} debit card to buy gas",
        "took the cash out of {p} wallet and kept it",
        "asked {o} to pay him to let {o} off",
        "took money to look the other way",
        "said he would tear up the ticket for fifty dollars",
        "kept the drugs and the money he found on {o}",
        "was paid by the club owner to harass {o}",
    ],
    "damage_to_property": [
        "wrecked {p} apartment during the search",
        "smashed the screen of {p} phone",
        "broke {p} door down when {o} would have opened it",
        "scratched {p} car with his keys",
        "stepped on {p} glasses on purpose",
        "broke {p} furniture during the search",
        "ripped the seats of {p} car apart looking for drugs",
        "damaged {p} wheelchair when he threw it in the van",
        "broke {p} camera when he grabbed it",
        "cut open {p} mattress and left it ruined",
    ],
    "sexual_misconduct": [
        "touched {p} breasts during the search",
        "made sexual remarks about {o}",
        "asked {o} for sex",
        "kept asking {o} out on dates after the call",
        "rubbed {p} leg in the cruiser",
        "sent {o} naked photos",
        "said {o} could avoid a ticket by showing him {p} body",
        "groped {o} in the cell",
        "watched {o} undress in the cell",
        "touched {o} sexually while pretending to search {o}",
    ],
    "harassment_or_intimidation": [
        "threatened {o}",
        "said he would make {p} life miserable",
        "kept pulling {o} over after {o} complained",
        "told {o} to drop the complaint or else",
        "stood outside {p} house for hours to scare {o}",
        "phoned {o} at night to threaten {o}",
        "said he would plant something on {o} if {o} kept talking",
        "threatened to call immigration on {o}",
        "kept showing up at {p} work",
        "warned {o} that something bad would happen to {p} family",
    ],
    "service_or_policy": [
        "never answered {p} calls or e-mails about the case",
        "took months to tell {o} what happened to {p} report",
        "had nobody on duty to take {p} report",
        "told {o} that the service no longer handles that kind of complaint",
        "could not give {o} any service in {p} language",
        "kept passing {o} from one office to another",
        "gave {o} wrong information about how to get {p} property back",
        "made {o} wait six hours at the station to report a crime",
        "refused to let {o} file a report online as the website says",
        "had no ramp or help for {o} at the station",
    ],
}
for _category, _acts in PLAIN_ACTS_EN.items():
    ACTS_EN[_category].extend(_acts)

# Bias is often told as a reason: an act "because" of who the person is. The act alone would
# be another category (or none); the group named as the reason makes it discrimination.
GROUPS_EN: list[str] = [
    "Black",
    "Indigenous",
    "First Nations",
    "Inuit",
    "Métis",
    "Muslim",
    "Jewish",
    "Sikh",
    "Asian",
    "Chinese",
    "Arab",
    "Somali",
    "Haitian",
    "Latino",
    "Roma",
    "a refugee",
    "an immigrant",
    "gay",
    "a lesbian",
    "transgender",
    "deaf",
    "autistic",
    "in a wheelchair",
    "homeless",
    "a woman",
    "elderly",
]
BIASED_ACTS_EN: list[str] = [
    "did not take {p} report seriously because {o} {be} {group}",
    "brushed {o} off because {o} {be} {group}",
    "stopped {o} only because {o} {be} {group}",
    "treated {o} like a suspect because {o} {be} {group}",
    "ignored {p} call for help because {o} {be} {group}",
    "spoke to {o} with contempt because {o} {be} {group}",
    "searched {o} and not the others because {o} {be} {group}",
    "assumed {o} was lying because {o} {be} {group}",
]
BIAS_FRAMES_EN: list[tuple[str, str, str, str, str]] = [
    # (voice, frame, object, possessive, "to be")
    ("first", "I believe the officer {act}.", "I", "my", "am"),
    ("first", "I feel the constable {act}.", "I", "my", "am"),
    ("intake", "She believes the officer {act}.", "she", "her", "is"),
    ("intake", "The complainant alleges that the officer {act}.", "he", "his", "is"),
    ("report", "Mr. Haddad submits that Cst. Ward {act}.", "he", "his", "is"),
    ("witness", "It seemed to me the sergeant {act}.", "she", "her", "is"),
    ("email", "Hi, I think the police {act}.", "I", "my", "am"),
]

# Threats are often told as a condition or a consequence ("if I did not ..., he would ..."):
# what the officer said he would do to the person, not what he did.
THREATS_EN: list[str] = [
    "said that if {o} did not stop filming he would arrest {o} as well",
    "told {o} that if {o} kept asking questions he would find a reason to charge {o}",
    "said he would find out where {o} worked and have a word with {p} boss",
    "warned {o} that unless {o} left town {o} would end up in a cell",
    "said that if {o} made a complaint he would make sure {o} lost {p} licence",
    "told {o} that next time he would not be so nice",
    "said he would be watching {o} from now on",
    "told {o} that {o} would be sorry if {o} went to a lawyer",
    "said that he could make {p} life very difficult if {o} did not cooperate",
    "told {o} that people who complain about him end up regretting it",
]
ACTS_EN["harassment_or_intimidation"].extend(THREATS_EN)

# Service in the person's own language, an interpreter, an accessible counter: the service
# failing to provide it (a policy or service complaint, whoever the officer was).
LANGUAGE_SERVICE_EN: list[str] = [
    "could not find anyone who spoke English to help {o}",
    "had no interpreter for {o} although {o} asked for one twice",
    "made {o} explain everything in a language {o} barely speaks",
    "had no officer who could speak {p} language",
    "told {o} to come back with a family member to translate",
]
ACTS_EN["service_or_policy"].extend(LANGUAGE_SERVICE_EN)

# Belittling a grown person as a child ("quit crying like a baby"): discourtesy, though no
# swear word or insult of the usual kind is used.
BELITTLING_EN: list[str] = [
    "told {o} to quit crying like a baby",
    "said {o} was acting like a spoiled kid",
    "told {o} to stop being a drama queen",
    "called {o} a big baby and laughed",
    "told {o} to stop sulking like a teenager",
    "smirked and said {o} needed a tissue",
]
ACTS_EN["discourtesy"].extend(BELITTLING_EN)

# How summaries and reports word the conduct itself (its quality, in an investigator's or a
# clerk's words) for the categories readers word in the most ways.
CONDUCT_EN: dict[str, list[str]] = {
    "discourtesy": [
        "was unprofessional and demeaning towards {o}",
        "spoke to {o} in a belittling and disrespectful manner",
        "used offensive language when speaking to {o}",
        "made a derogatory remark to {o}",
        "addressed {o} with a vulgar term",
        "was abrupt, dismissive and insulting to {o}",
    ],
    "discrimination": [
        "made a racially derogatory comment to {o}",
        "referred to {p} ethnic background in a demeaning way",
        "made remarks about {p} national origin",
        "treated {o} less favourably than others because of {p} background",
        "made a comment about {p} sexual orientation",
        "made a biased remark about {p} disability",
    ],
    "neglect_of_duty": [
        "failed to take appropriate action after {o} reported the threat",
        "failed to conduct a proper investigation into {p} report",
        "failed to provide {o} with timely assistance",
        "failed to record {p} report of the theft",
        "failed to check on {p} welfare while {o} was in custody",
        "failed to notify {p} family of the arrest",
    ],
    "deceit": [
        "provided an untruthful account of the incident involving {o}",
        "included inaccurate information in the report about {o}",
        "knowingly made a false entry in his notebook about {o}",
        "misled the investigator about what was said to {o}",
        "gave evidence about {o} that he knew was false",
        "omitted the use of force on {o} from his report to hide it",
    ],
    "breach_of_confidence": [
        "improperly disclosed information about {o} obtained in the course of duty",
        "accessed police records about {o} without a legitimate purpose",
        "disclosed the contents of {p} statement to a third party",
    ],
}
for _category, _acts in CONDUCT_EN.items():
    ACTS_EN[_category].extend(_acts)

FRAMES_EN: list[tuple[str, str, str, str]] = [
    # (voice, frame, object, possessive)
    ("first", "The officer {act}.", "me", "my"),
    ("first", "Constable Reyes {act}.", "me", "my"),
    ("first", "One of the cops {act}.", "me", "my"),
    ("first", "Then the sergeant {act}, which is why I am complaining.", "me", "my"),
    ("intake", "The reporting party alleged that the accused officers {act}.", "him", "his"),
    ("intake", "The complainant alleges that the accused officer {act}.", "her", "her"),
    ("intake", "It was alleged that Officer A {act}.", "the victim", "the victim's"),
    ("intake", "It was further alleged that Sergeant B {act}.", "the subject", "the subject's"),
    ("report", "The investigation examined the allegation that Det. Moss {act}.", "him", "his"),
    (
        "report",
        "Ms. Carter alleges that Constable Dunn {act}; the officer was interviewed.",
        "her",
        "her",
    ),
    ("report", "According to the complaint, the constable {act}.", "the complainant", "their"),
    ("witness", "I watched as the officer {act}.", "the man", "his"),
    ("witness", "From my window I saw that the taller officer {act}.", "my neighbour", "his"),
    ("witness", "My son told me the officer {act}.", "him", "his"),
    ("email", "Hi, I want to report that last night a police officer {act}.", "me", "my"),
    ("email", "Hello, I am writing because on Friday an officer {act}.", "me", "my"),
    # Appositives and clauses before the act: the subject is far from its verb.
    ("first", "The second constable, the one with the beard, {act}.", "me", "my"),
    ("first", "As soon as I opened the door, the officer {act}.", "me", "my"),
    ("intake", "According to her, the officer in charge, Sgt. Lee, {act}.", "her", "her"),
    ("intake", "The complainant further alleges that the respondent officer {act}.", "him", "his"),
    ("report", "Mr. Doe states that the subject officer, Cst. Roe, {act}.", "him", "his"),
    (
        "witness",
        "I saw one of the officers, a woman with a ponytail, as she {act}.",
        "the boy",
        "his",
    ),
    ("email", "hi, i want to complain because a cop {act}", "me", "my"),
    # Openers that introduce the act without weakening it, and the investigator's summaries.
    ("email", "I am e-mailing to complain that an officer {act}.", "me", "my"),
    ("email", "To whom it may concern: on my way home a constable {act}.", "me", "my"),
    ("first", "What happened next is that the older officer {act}.", "me", "my"),
    ("intake", "Complainant states that the accused {act}.", "him", "his"),
    ("intake", "The caller reports that PO Garza {act}.", "her", "her"),
    ("report", "Witness W2 told the investigator that the officer {act}.", "the man", "his"),
    ("report", "The evidence shows that Officer C {act}.", "the complainant", "the complainant's"),
    ("report", "It is alleged that on that date the subject member {act}.", "her", "her"),
    ("witness", "I could see clearly that the officer {act}.", "my friend", "her"),
]

# How a report names an allegation it then decides ("the allegation of excessive force is
# not substantiated"): an allegation, unlike the same words alone in a heading.
NAMES_EN: dict[str, list[str]] = {
    "use_of_force": ["excessive force", "unnecessary or excessive use of force", "assault"],
    "unlawful_arrest_or_detention": ["unlawful arrest", "false arrest", "unlawful detention"],
    "unlawful_search_or_seizure": ["illegal search", "unlawful search", "unlawful seizure"],
    "discourtesy": ["discourtesy", "verbal abuse", "rude and uncivil conduct"],
    "discrimination": ["discrimination", "racial profiling", "discriminatory treatment"],
    "neglect_of_duty": ["neglect of duty", "failure to investigate", "failure to report"],
    "deceit": ["deceit", "making a false statement", "falsifying a report"],
    "breach_of_confidence": ["breach of confidence", "disclosure of confidential information"],
    "corrupt_practice": ["corrupt practice", "soliciting a bribe", "theft of money"],
    "damage_to_property": ["damage to property", "damaging the complainant's property"],
    "sexual_misconduct": ["sexual misconduct", "sexual harassment", "improper sexual contact"],
    "harassment_or_intimidation": ["harassment", "intimidation", "threatening behaviour"],
    "service_or_policy": ["poor service", "the service's policy", "the delay in responding"],
}
NAME_FRAMES_EN: list[str] = [
    "The investigator finds that the allegation of {name} is not substantiated.",
    "IPRA recommended a finding of SUSTAINED for the allegation of {name}.",
    "The complainant also complains of {name} by the officer.",
    "The complaint raises an allegation of {name} against the constable.",
    "The evidence supports the allegation of {name} against Officer A.",
    "Based on the video, the allegation of {name} is unfounded.",
]
NAMES_FR: dict[str, list[str]] = {
    "use_of_force": ["recours excessif à la force"],
    "unlawful_arrest_or_detention": ["arrestation illégale"],
    "unlawful_search_or_seizure": ["fouille illégale"],
    "discourtesy": ["impolitesse"],
    "discrimination": ["discrimination"],
    "neglect_of_duty": ["négligence dans l'exercice des fonctions"],
    "deceit": ["fausse déclaration"],
    "breach_of_confidence": ["divulgation de renseignements confidentiels"],
    "corrupt_practice": ["corruption"],
    "damage_to_property": ["dommages matériels"],
    "sexual_misconduct": ["inconduite sexuelle"],
    "harassment_or_intimidation": ["harcèlement"],
    "service_or_policy": ["mauvaise qualité du service"],
}
NAME_FRAMES_FR: list[str] = [
    "L'enquêteur conclut que l'allégation de {name} n'est pas fondée.",
    "La plainte soulève une allégation de {name} contre l'agent.",
    "La preuve appuie l'allégation de {name}.",
]

# Ordinary police work in the same voices: the frame alone ("It was alleged that ...",
# "The officer ...") must not be what the model learns.
NEUTRAL_ACTS_EN: list[str] = [
    "took {p} statement",
    "asked {o} for identification",
    "gave {o} a card with the file number",
    "drove {o} home afterwards",
    "explained the charge to {o}",
    "called an ambulance for {o}",
    "returned {p} phone the next day",
    "wrote down {p} address and date of birth",
    "told {o} to wait in the lobby",
    "arrived about ten minutes after the call",
    "spoke to {o} for a few minutes",
    "asked {o} what had happened",
    "told {o} to contact the oversight office",
    "checked {p} licence and let {o} go",
    "told {o} the file had been assigned to a detective",
    "interviewed {o} at the station",
    "was on duty in the 14th District that night",
    "was assigned to the traffic unit",
    "responded to a call about a noise complaint",
    "was wearing a body-worn camera",
    "left after taking down {p} details",
    "asked {o} to step out of the car and showed {o} the radar reading",
    "told {o} to call back if anything else happened",
    "gave {o} a receipt for the documents",
    "told {o} to file the complaint in writing",
    "told {o} to come back the next day with {p} documents",
]

# The officer's own account of what he did and why: not an allegation, though the act is one
# a complainant could allege.
ACCOUNT_FRAMES_EN: list[str] = [
    "Officer {n} stated that he {act} because the subject was resisting.",
    "In his statement, the constable said he {act} only after he was assaulted.",
    "The accused officer told investigators that she {act} in accordance with her training.",
]
ACCOUNT_ACTS_EN: list[str] = [
    "took the subject to the ground",
    "placed the man in handcuffs",
    "used a wristlock to control the suspect",
    "searched the car incident to the arrest",
    "detained the man until his identity was confirmed",
    "raised his voice to be heard over the crowd",
    "drew his taser but did not use it",
    "held the door shut while backup arrived",
]

# Hard negatives: not an allegation of any category.
NEGATIVES_EN: list[str] = [
    "I am 52 years old and I live on Maple Street with my two daughters.",
    "The complainant is 44 years of age and lives in an apartment downtown.",
    "My phone number is below and I can be reached after 5 p.m.",
    "You can reach me by e-mail at any time.",
    "My sister was with me and she is willing to give a statement.",
    "The witness can be contacted through her lawyer.",
    "This document may contain personal information protected by privacy law.",
    "Confidential: for the use of the oversight body only.",
    "Name Rank Badge Division",
    "Officer involved: Constable, badge number, unit",
    "Subject officer details are listed in Appendix A.",
    "Date Time Event",
    "Timeline of the investigation",
    "Summary of the evidence",
    "Background",
    "Findings and recommendations",
    "The investigator obtained the officers' notes and the dispatch records.",
    "The complainant provided photographs of the scene.",
    "A copy of the arrest report was obtained from the service.",
    "The officers' vehicle and licence checks returned nothing of note.",
    "I went back to the station the next day to ask about my case.",
    "I was told to come back on Monday because the detective was away.",
    "He told me his name and showed me his badge.",
    "I have no complaint about the paramedics, who treated me well.",
    "I am writing to make a formal complaint about the events described below.",
    "The events happened outside the bakery at about nine in the evening.",
    "I was walking home from work when I saw the police car.",
    "My husband drove me to the hospital the following morning.",
    "Thank you for taking the time to read this.",
    "Sincerely,",
    "Yours truly,",
    "Please contact me if you need any further information.",
    "I have attached the photos and the hospital discharge papers.",
    "The matter was assigned to Investigator Lee on receipt.",
    "Interviews were conducted with the complainant and both officers.",
    "The complaint was classified as a conduct complaint and retained for investigation.",
    "The service provided the relevant policies and training records.",
    "The complainant's statement was recorded and transcribed.",
    "Two civilian witnesses were identified and interviewed.",
    "The officers were dispatched to a report of a disturbance.",
    "The accused officer was interviewed in the presence of a union representative.",
    "A finding of not sustained was recommended.",
    "IPRA recommended a one day suspension.",
    "The case was closed after mediation.",
    "Officer A and Officer B were working as partners on the day shift.",
    "The officers stated that they were responding to a call of a man with a gun.",
    "The officer explained why he had stopped the car.",
    "The officer told me why I was being stopped and gave me a warning.",
    "I was arrested for the theft, and I have since pleaded guilty.",
    "The officers searched the car with a valid warrant, which they showed me.",
    "My car was towed because it was parked in a fire lane, which I accept.",
    "The officer denied that he struck the complainant.",
    "I am not saying the officer hit me.",
    "No officer touched me at any point.",
    "The officers did not search my car.",
    "He never swore at me and was polite throughout.",
    "I want to be clear that nobody threatened me.",
    "Officer A stated that he used an approved takedown after the subject resisted.",
    "Officer B stated that the subject consented to the search of the vehicle.",
    "The officer said he arrested the man on an outstanding warrant.",
    "Constable Dunn told investigators that she followed procedure at every step.",
    "Sergeant Quinn reported that the complainant was aggressive and refused to leave.",
    "The member stated that he read the complainant her rights at the scene.",
    "Members shall not use force except as reasonably necessary.",
    "Officers must obtain a warrant before searching a residence unless circumstances are exigent.",
    "Policy requires that every strip search be approved by the watch commander.",
    "The procedure directs members to inventory all property seized.",
    "A member may detain a person for investigative purposes on reasonable suspicion.",
    "Service policy prohibits discourteous language towards members of the public.",
    "Use of Force",
    "Unlawful Arrest or Detention",
    "Allegation categories: use of force, discourtesy, neglect of duty, harassment.",
    "Nature of complaint (tick all that apply):",
    "☐ Use of force",
    "☐ Unlawful search",
    "☐ Discourtesy",
    "☐ Harassment or intimidation",
    "☐ Neglect of duty",
    "☐ Sexual misconduct",
    "[ ] Damage to property",
    "[ ] Discrimination",
    "[ ] Deceit",
    "[ ] Corrupt practice",
    "[ ] Breach of confidence",
    "[ ] Service or policy",
    "Section 4: Harassment",
    "Part B - Neglect of Duty",
    "I called the police because my neighbour was shouting in the hallway.",
    "The officer took my statement and gave me a card with the file number.",
    "Two officers arrived about ten minutes after I called.",
    "The officer asked for my licence and registration and I handed them over.",
    "I was given a ticket for speeding, which I paid.",
    "The constable explained that I could appeal the ticket in court.",
    "They told me the investigation was still open and they would call me.",
    "The officers helped me get my mother into the ambulance.",
    "He was professional and explained everything.",
    "I was at home with my children when the police arrived.",
    "The complaint was received by the office on the 4th of March.",
    "The complainant was interviewed on May 2 at her home.",
    "The complainant withdrew the allegation that the officer was rude.",
    "The allegation of unlawful search was withdrawn by the complainant.",
    "Please find attached my complaint form.",
    "I look forward to hearing from you.",
    "The investigator reviewed the body-worn camera footage and the CAD report.",
    "The accused officer has been a member of the service for twelve years.",
    "I punched the wall out of frustration when I got home.",
    "I was rude to the officer at first, I admit that.",
    "I pushed past the crowd to see what was happening.",
    "My brother was arrested last year for another matter, which is not part of this complaint.",
    "The suspect kicked the officer and ran away.",
    "The man who attacked me broke my phone and ran off before police came.",
    "My neighbour threatened me, so I called the police.",
    "The burglars went through my drawers and took my jewellery.",
    "The officers were courteous and the matter was resolved.",
    "We thank you for bringing this matter to our attention.",
    "This letter acknowledges receipt of your complaint.",
    "The investigation found the allegation was not sustained.",
    "Reference: Log# 1062614",
    "Date of incident: 12 June 2024",
    "Officer's name and badge number, if known:",
    "Describe what happened in your own words:",
    # Background facts and the words around an allegation, which allege nothing themselves.
    "He was arrested for impaired driving and released on an undertaking the same night.",
    "The complainant was charged with mischief; the charge was stayed in March.",
    "Her purse was taken as property when she was booked, and it was returned on release.",
    "This is a complaint about the two constables who attended my address.",
    "I want to make a complaint about two officers I dealt with on Saturday.",
    "I am writing to tell you about the night the police came to our building.",
    "The garage door the thieves forced was never repaired.",
    "My sister says the car had a flat tyre when she got back to it.",
    "At the clinic they told me nothing was broken.",
    "She says she was very upset afterwards and could not sleep.",
    "I know the law gives the agency six months to look at this.",
    "Please send any reply to the address above.",
    "Report on complaint 24-118 (alleged theft / neglect)",
    "None of the other constables laid a hand on me.",
    "The officers arrived, spoke to the neighbours and left.",
    "My friend took a video and she is happy to send it to you.",
    # Being told what to do next (referred, asked to wait) is not rudeness.
    "I phoned the detachment twice and was told to write to the agency.",
    "I was told to file a complaint with your office.",
    "They told me to come back with my documents on Monday.",
    "The clerk told me to call the non-emergency line instead.",
    "I went back to the front desk and was told to wait for the detective to call.",
    "I was told to bring my receipts to the station.",
    "When I called again I was told to put my complaint in writing.",
    "This complaint concerns the way the police service dealt with me last spring.",
    "I am complaining about my treatment by members of the regional police service.",
    # Someone other than an officer did the act, or the act was lawful and accepted.
    "When we got back the lock on the shed was broken and the thieves had taken the tools.",
    "The officer noted that the window had already been broken before he arrived.",
    "My ex-partner hit me in the face, which is why I called the police.",
    "The man at the bar threatened to kill me, and the officers took his details.",
    "Store security searched my bag before the police were called.",
    "The paramedics cut my jacket open to treat the wound.",
    "The officer's notes record that the complainant swore at him repeatedly.",
    "The complainant was arrested on a valid warrant for unpaid fines.",
    "I understand the officers had a job to do that night.",
    "Section 3 - Describe any injuries you received",
    "The officers denied using any force, and the video supports their account.",
    "He says he never took any money from my wallet.",
    "My bank card was stolen at the bus station a week before this happened.",
    "I used my credit card to pay the impound fee.",
    "The suspect stole the victim's credit card and used it at a gas station.",
    "The accused officers stated that the complainant was free to leave at any time.",
    "The officer explained the reason for the stop and the complainant accepted it.",
    "I do not believe race had anything to do with it.",
    "The investigator asked the officer whether he had searched the vehicle.",
    "The allegation that the officer damaged the door is addressed below.",
    # Setting the scene (a time, a place, who was called where): the narrative before the act.
    "At around 11:40 p.m. I was standing outside the pharmacy on King Street.",
    "It was about half past ten in the morning and I was waiting at the bus shelter.",
    "Shortly after midnight two patrol cars pulled up in front of the restaurant.",
    "At approximately 3:15 a.m. officers were sent to the parking lot behind the arena.",
    "Units were dispatched to the apartment building following a 911 call about a fight.",
    "The call came in at 9:02 p.m. and the first car arrived eight minutes later.",
    "I was sitting on the steps in front of my building with a friend.",
    "We had just come out of the cinema and were walking towards the car.",
    "The complainant was in the driver's seat of her car, parked in front of the school.",
    "Officer A and Officer B responded to a call of a suspicious person at the gas station.",
    "The reporting party was at the front counter of the store at the time.",
    "I was on my way to work and had stopped at the corner to make a call.",
    "On the day in question the complainant was at home with her two sons.",
    "The officers were on patrol in the area when they received the call.",
    "It was raining and the street in front of the bar was crowded.",
    "That afternoon I was at the library across from the courthouse.",
    # Standard declarations and notices on a statement or a report.
    "I declare that the contents of this statement are true to the best of my knowledge.",
    "This statement, of three pages, was read over to me and I have signed each page.",
    "I understand that making a false statement in this document may lead to prosecution.",
    "The information in this report is confidential and released under the privacy act.",
    "Personal information in this record has been severed under the applicable legislation.",
    "This record is disclosed subject to the conditions set out in the access legislation.",
    # Going back for news or property, told to wait: an errand, not a complaint about service.
    "A week later I returned to the station to pick up my keys and they gave them back.",
    "I went back to the front desk to ask whether my bike had been found.",
    "I called the station again on Monday to ask about my wallet.",
    # Opening lines that name the police service complained of: the name is no allegation of
    # poor service.
    "I would like to complain about the way officers of the Halton Regional Police Service "
    "dealt with me.",
    "This is a formal complaint about my treatment by the Peel Regional Police Service last month.",
    "I am contacting you about how members of the York Regional Police Service treated my son.",
    "Please accept this as my complaint about two officers of the Vancouver Police Department.",
    "My complaint concerns the conduct of the Ontario Provincial Police on the night of the party.",
    "I want to report how I was dealt with by the Saskatoon Police Service in the spring.",
]

# French acts: (first person, third person about "le plaignant").
ACTS_FR: dict[str, list[tuple[str, str]]] = {
    "use_of_force": [
        ("m'a donné un coup de genou dans le dos", "a donné un coup de genou au plaignant"),
        ("m'a frappé au visage", "a frappé le plaignant au visage"),
        ("m'a plaqué au sol violemment", "a plaqué le plaignant au sol"),
        ("m'a étranglé avec son bras", "a étranglé le plaignant"),
        ("m'a aspergé de poivre de Cayenne", "a aspergé le plaignant de gaz poivré"),
        ("m'a tordu le bras derrière le dos", "a tordu le bras du plaignant"),
        ("m'a donné des coups de pied dans les côtes", "a donné des coups de pied au plaignant"),
        ("m'a tiré hors de la voiture par les cheveux", "a traîné le plaignant hors du véhicule"),
        ("a utilisé une force excessive contre moi", "a fait un usage excessif de la force"),
    ],
    "unlawful_arrest_or_detention": [
        ("m'a arrêté sans raison", "a arrêté le plaignant sans motif"),
        ("m'a détenu toute la nuit sans accusation", "a détenu le plaignant sans motif valable"),
        (
            "a refusé de me dire pourquoi j'étais détenu",
            "n'a jamais informé le plaignant du motif de sa détention",
        ),
        (
            "m'a menotté et gardé deux heures dans l'auto-patrouille",
            "a gardé le plaignant menotté pendant deux heures sans raison",
        ),
        (
            "m'a mis en état d'arrestation illégalement",
            "a procédé à une arrestation illégale du plaignant",
        ),
        (
            "m'a gardé au poste sans me laisser appeler un avocat",
            "a retenu le plaignant au poste sans accès à un avocat",
        ),
        ("m'a arrêté parce que je filmais", "a arrêté le plaignant parce qu'il filmait"),
    ],
    "unlawful_search_or_seizure": [
        ("a fouillé mes tiroirs sans mandat", "a fouillé le domicile du plaignant sans mandat"),
        (
            "a fouillé ma voiture sans mon consentement",
            "a fouillé le véhicule du plaignant sans consentement",
        ),
        ("est entré chez moi sans mandat", "est entré chez le plaignant sans mandat"),
        ("a saisi mon téléphone sans raison", "a saisi le téléphone du plaignant sans motif"),
        ("m'a fait une fouille à nu sans autorisation", "a soumis le plaignant à une fouille à nu"),
        ("a vidé mon sac à main", "a fouillé le sac de la plaignante"),
        ("a confisqué ma caméra et effacé la vidéo", "a confisqué la caméra du plaignant"),
    ],
    "discourtesy": [
        ("m'a traité d'imbécile", "a traité le conducteur d'imbécile"),
        ("m'a crié de me taire", "a dit au plaignant de se taire"),
        ("m'a insulté devant mes enfants", "a insulté le plaignant"),
        ("m'a parlé de façon grossière et méprisante", "a été impoli envers le plaignant"),
        ("s'est moqué de mon accent", "s'est moqué du plaignant"),
        ("a proféré des jurons contre moi", "a tenu des propos injurieux envers le plaignant"),
        ("m'a traité de menteur", "a traité le plaignant de menteur"),
    ],
    "discrimination": [
        (
            "m'a interpellé à cause de la couleur de ma peau",
            "a interpellé le plaignant en raison de sa race",
        ),
        (
            "a tenu des propos racistes à mon égard",
            "a tenu des propos racistes envers le plaignant",
        ),
        ("m'a dit de retourner dans mon pays", "a dit au plaignant de retourner dans son pays"),
        ("s'est moqué de mon handicap", "s'est moqué du handicap du plaignant"),
        (
            "m'a traité différemment parce que je porte le voile",
            "a fait preuve de discrimination envers la plaignante",
        ),
        ("a fait du profilage racial", "a fait du profilage racial à l'endroit du plaignant"),
        ("a fait des remarques homophobes sur mon conjoint", "a tenu des propos homophobes"),
    ],
    "neglect_of_duty": [
        ("n'a jamais enquêté sur ma plainte", "a omis d'enquêter sur la plainte"),
        ("a refusé de prendre ma déposition", "a refusé de recueillir la déposition du plaignant"),
        (
            "n'a rien fait quand j'ai signalé l'agression",
            "a négligé de donner suite au signalement",
        ),
        ("a ignoré mes appels à l'aide", "a ignoré les appels à l'aide du plaignant"),
        (
            "ne m'a pas fait soigner alors que j'étais blessé",
            "a omis d'obtenir des soins médicaux pour le plaignant",
        ),
        ("n'a rédigé aucun rapport", "a omis de rédiger un rapport d'incident"),
        ("a perdu les preuves que je lui avais remises", "a égaré les éléments de preuve"),
    ],
    "deceit": [
        ("a menti dans son rapport", "a fait de fausses déclarations dans son rapport"),
        ("a placé de la drogue dans ma voiture", "a fabriqué des preuves contre le plaignant"),
        ("a écrit que j'avais résisté alors que c'est faux", "a falsifié le rapport d'arrestation"),
        ("a menti sous serment au procès", "a menti sous serment"),
        ("a inventé une raison pour m'interpeller", "a inventé un motif d'interpellation"),
        ("a modifié ses notes après coup", "a modifié ses notes pour couvrir l'incident"),
    ],
    "breach_of_confidence": [
        (
            "a parlé de mon casier judiciaire à mon employeur",
            "a divulgué le casier judiciaire du plaignant",
        ),
        (
            "a donné mon adresse à mon ex-conjoint",
            "a communiqué l'adresse de la plaignante à un tiers",
        ),
        (
            "a publié ma photo sur les réseaux sociaux",
            "a diffusé des renseignements personnels du plaignant",
        ),
        (
            "a consulté mon dossier sans raison professionnelle",
            "a consulté le dossier du plaignant à des fins personnelles",
        ),
        (
            "a révélé à mes voisins que j'avais été arrêté",
            "a révélé des informations confidentielles",
        ),
        (
            "a transmis ma déclaration au suspect",
            "a communiqué la déclaration du plaignant au suspect",
        ),
    ],
    "corrupt_practice": [
        (
            "m'a proposé d'abandonner l'accusation si je le payais",
            "a offert d'abandonner l'accusation contre de l'argent",
        ),
        ("m'a demandé de l'argent pour annuler la contravention", "a sollicité un pot-de-vin"),
        (
            "a gardé l'argent saisi dans mon portefeuille",
            "a conservé l'argent saisi sans l'inventorier",
        ),
        ("a volé de l'argent pendant la fouille", "a volé de l'argent au plaignant"),
        (
            "a accepté des cadeaux du propriétaire du bar",
            "a accepté des avantages pour fermer les yeux",
        ),
        ("a menacé de m'arrêter si je ne payais pas", "a exigé un paiement du plaignant"),
    ],
    "damage_to_property": [
        ("a cassé mon téléphone", "a brisé le téléphone du plaignant"),
        ("a défoncé ma porte", "a endommagé la porte du plaignant"),
        ("a endommagé ma voiture pendant la fouille", "a endommagé le véhicule du plaignant"),
        ("a cassé mes lunettes", "a brisé les lunettes du plaignant"),
        ("a déchiré ma veste", "a déchiré les vêtements du plaignant"),
        ("a saccagé mon appartement", "a saccagé le logement du plaignant"),
    ],
    "sexual_misconduct": [
        (
            "m'a touchée de façon déplacée pendant la fouille",
            "a touché la plaignante de façon inappropriée",
        ),
        ("a fait des commentaires sexuels sur mon corps", "a tenu des propos à caractère sexuel"),
        (
            "m'a envoyé des messages à caractère sexuel",
            "a envoyé des messages sexuels à la plaignante",
        ),
        ("m'a embrassée sans mon consentement", "a embrassé la plaignante sans son consentement"),
        (
            "m'a proposé de me laisser partir si je couchais avec lui",
            "a exigé des faveurs sexuelles",
        ),
        ("m'a agressée sexuellement", "a agressé sexuellement la plaignante"),
    ],
    "harassment_or_intimidation": [
        ("me suit jusque chez moi tous les soirs", "suit le plaignant jusqu'à son domicile"),
        ("a menacé de me tuer", "a menacé de tuer le plaignant"),
        ("m'a interpellé cinq fois ce mois-ci sans raison", "interpelle le plaignant à répétition"),
        (
            "m'a dit que je regretterais d'avoir porté plainte",
            "a intimidé le plaignant pour qu'il retire sa plainte",
        ),
        ("a menacé de m'enlever mes enfants", "a menacé la plaignante de lui retirer ses enfants"),
        ("stationne devant chez moi pour m'intimider", "a tenté d'intimider le plaignant"),
        ("me harcèle au téléphone", "a harcelé le plaignant"),
    ],
    "service_or_policy": [
        ("a mis trois heures à répondre à l'appel d'urgence", "a tardé à répondre à l'appel"),
        ("a refusé de me servir en français", "n'a pas offert de service en français"),
        (
            "ne m'a donné aucune information sur la façon de porter plainte",
            "n'a pas informé le plaignant de la procédure de plainte",
        ),
        (
            "m'a fait attendre quatre heures au comptoir",
            "a fait attendre le plaignant pendant des heures",
        ),
        (
            "a fermé le dossier sans me contacter",
            "a fermé le dossier sans communiquer avec le plaignant",
        ),
        (
            "m'a dit que le service ne prend pas de plaintes par téléphone",
            "a appliqué une politique de service inadéquate",
        ),
    ],
}

# More everyday French wordings, from the category definitions: (first person, third person).
EVERYDAY_ACTS_FR: dict[str, list[tuple[str, str]]] = {
    "use_of_force": [
        ("m'a écrasé contre le mur", "a écrasé le plaignant contre le mur"),
        ("m'a mis un genou sur la nuque", "a appuyé son genou sur la nuque du plaignant"),
        ("m'a donné des coups de matraque", "a frappé le plaignant avec sa matraque"),
    ],
    "unlawful_arrest_or_detention": [
        (
            "m'a retenu une heure sur le trottoir sans me dire ce qu'on me reprochait",
            "a retenu le plaignant sans lui dire ce qu'on lui reprochait",
        ),
        ("m'a enfermé dans la cellule sans motif", "a placé le plaignant en cellule sans motif"),
        ("m'a menotté alors que je n'avais rien fait", "a menotté le plaignant sans raison"),
    ],
    "unlawful_search_or_seizure": [
        ("a vidé mes poches sans me donner de raison", "a vidé les poches du plaignant sans motif"),
        ("a fouillé mon sac à dos sans me demander", "a fouillé le sac du plaignant sans accord"),
        ("a pris mon téléphone et lu mes messages", "a consulté le téléphone du plaignant"),
    ],
    "discourtesy": [
        ("m'a tutoyé et s'est moqué de moi", "a tutoyé le plaignant de façon méprisante"),
        ("m'a traité de nul devant tout le monde", "a humilié le plaignant en public"),
        ("m'a dit de fermer ma gueule", "a dit au plaignant de « fermer sa gueule »"),
    ],
    "discrimination": [
        (
            "m'a contrôlé seulement parce que je suis noir",
            "a ciblé le plaignant en raison de sa race",
        ),
        ("s'est moqué de ma religion", "a dénigré la religion du plaignant"),
        ("m'a traité de sale immigré", "a tenu des propos xénophobes envers le plaignant"),
    ],
    "neglect_of_duty": [
        ("n'est jamais venu malgré mes appels", "ne s'est jamais présenté malgré les appels"),
        ("n'a pas noté mes objets dans le registre", "a omis d'inscrire les biens au registre"),
        ("a fermé mon dossier sans enquête", "a clos le dossier sans enquêter"),
    ],
    "deceit": [
        ("a écrit un rapport mensonger", "a rédigé un rapport mensonger"),
        (
            "a prétendu que je l'avais menacé, ce qui est faux",
            "a faussement affirmé avoir été menacé",
        ),
        ("a inventé que j'avais de la drogue", "a inventé la présence de drogue"),
    ],
    "breach_of_confidence": [
        ("a parlé de mon dossier à ma famille", "a divulgué le dossier du plaignant à sa famille"),
        (
            "a raconté mon arrestation à mon patron",
            "a informé l'employeur du plaignant de son arrestation",
        ),
        ("a transmis mes coordonnées à mon agresseur", "a communiqué les coordonnées du plaignant"),
    ],
    "corrupt_practice": [
        ("a utilisé ma carte de crédit", "a utilisé la carte de crédit du plaignant"),
        ("a empoché l'argent trouvé dans mon auto", "a empoché l'argent saisi"),
        ("m'a demandé cent dollars pour oublier l'amende", "a sollicité de l'argent du plaignant"),
    ],
    "damage_to_property": [
        ("a brisé l'écran de mon ordinateur", "a brisé l'ordinateur du plaignant"),
        ("a abîmé mon vélo", "a endommagé le vélo du plaignant"),
        ("a piétiné mon téléphone", "a détruit le téléphone du plaignant"),
    ],
    "sexual_misconduct": [
        ("m'a caressé la cuisse", "a caressé la cuisse de la plaignante"),
        ("m'a fait des avances", "a fait des avances à la plaignante"),
        (
            "a commenté mes sous-vêtements",
            "a fait des remarques sur les sous-vêtements de la plaignante",
        ),
    ],
    "harassment_or_intimidation": [
        (
            "m'a menacé de me faire perdre mon emploi",
            "a menacé le plaignant de lui faire perdre son emploi",
        ),
        (
            "passe devant chez moi tous les jours",
            "passe devant le domicile du plaignant chaque jour",
        ),
        (
            "m'a dit qu'il saurait où me trouver",
            "a laissé entendre qu'il saurait où trouver le plaignant",
        ),
    ],
    "service_or_policy": [
        ("ne pouvait pas me répondre en français", "n'a pas pu offrir de service en français"),
        (
            "m'a fait attendre deux jours avant de rappeler",
            "a mis deux jours à rappeler la plaignante",
        ),
        ("m'a refusé un interprète", "a refusé un interprète au plaignant"),
    ],
}
for _category, _pairs in EVERYDAY_ACTS_FR.items():
    ACTS_FR[_category].extend(_pairs)

# Still other French wordings, in the plain verbs of each act: (first person, third person).
PLAIN_ACTS_FR: dict[str, list[tuple[str, str]]] = {
    "use_of_force": [
        ("m'a pris à la gorge", "a saisi le plaignant à la gorge"),
        ("m'a tabassé dans le fourgon", "a roué de coups le plaignant dans le fourgon"),
        ("m'a poussé dans l'escalier", "a poussé le plaignant dans l'escalier"),
        ("m'a tordu le bras jusqu'à ce que je crie", "a tordu le bras du plaignant"),
    ],
    "unlawful_arrest_or_detention": [
        (
            "m'a gardé au poste toute la nuit sans accusation",
            "a détenu le plaignant sans accusation",
        ),
        ("m'a arrêté sans mandat chez moi", "a arrêté le plaignant sans mandat"),
        ("m'a menotté alors que je n'avais rien fait", "a menotté le plaignant sans motif"),
        (
            "ne m'a jamais dit pourquoi j'étais détenu",
            "n'a pas informé le plaignant du motif de sa détention",
        ),
    ],
    "unlawful_search_or_seizure": [
        ("a fouillé mes tiroirs sans mandat", "a fouillé les tiroirs du plaignant sans mandat"),
        ("a vidé mes poches sans raison", "a fouillé les poches du plaignant sans motif"),
        (
            "a lu mes messages sans ma permission",
            "a consulté le téléphone du plaignant sans autorisation",
        ),
        (
            "a ouvert le coffre de ma voiture sans me demander",
            "a fouillé le coffre du véhicule sans consentement",
        ),
    ],
    "discourtesy": [
        ("m'a envoyé promener", "a parlé au plaignant avec mépris"),
        ("m'a traité de déchet", "a insulté le plaignant"),
        ("m'a raccroché au nez en m'insultant", "a été grossier envers le plaignant au téléphone"),
        ("m'a hurlé dessus comme à un chien", "a crié après le plaignant de façon humiliante"),
    ],
    "discrimination": [
        (
            "m'a dit que les gens comme moi sont tous des voleurs",
            "a tenu des propos dénigrants sur l'origine du plaignant",
        ),
        (
            "a seulement contrôlé les passagers noirs",
            "a ciblé le plaignant en raison de sa couleur",
        ),
        (
            "a refusé de prendre ma plainte à cause de mon accent",
            "a refusé de recevoir la plainte en raison de l'accent du plaignant",
        ),
        ("s'est moqué de ma religion", "a tenu des propos méprisants sur la religion du plaignant"),
    ],
    "neglect_of_duty": [
        ("ne m'a jamais rappelé au sujet du vol", "n'a jamais donné suite à la plainte de vol"),
        ("est reparti sans m'aider", "a quitté les lieux sans porter assistance au plaignant"),
        (
            "n'a pris aucune déclaration des témoins",
            "a omis de recueillir les déclarations des témoins",
        ),
        ("n'a pas regardé la vidéo que je lui offrais", "a négligé d'examiner la vidéo offerte"),
    ],
    "deceit": [
        (
            "m'a menti sur la raison de l'interpellation",
            "a menti au plaignant sur le motif de l'interpellation",
        ),
        (
            "a écrit dans son rapport que j'étais ivre, ce qui est faux",
            "a faussement indiqué que le plaignant était ivre",
        ),
        ("a menti à l'enquêteur", "a fait une fausse déclaration à l'enquêteur"),
        (
            "m'a dit qu'il avait un mandat alors qu'il n'en avait pas",
            "a prétendu à tort détenir un mandat",
        ),
    ],
    "breach_of_confidence": [
        (
            "a montré ma déclaration à l'homme que j'avais dénoncé",
            "a communiqué la déclaration à la personne visée",
        ),
        (
            "a dit à ma famille que j'avais porté plainte",
            "a révélé la plainte à la famille du plaignant",
        ),
        (
            "a donné mon numéro de téléphone à un inconnu",
            "a divulgué le numéro de téléphone du plaignant",
        ),
        (
            "a parlé de mon arrestation à l'école de mes enfants",
            "a informé l'école de l'arrestation du plaignant",
        ),
    ],
    "corrupt_practice": [
        (
            "a utilisé ma carte bancaire après l'arrestation",
            "a utilisé la carte bancaire saisie sur le plaignant",
        ),
        (
            "a retiré de l'argent avec ma carte de débit",
            "a effectué des retraits avec la carte du plaignant",
        ),
        ("a gardé l'argent de mon portefeuille", "a conservé l'argent trouvé sur le plaignant"),
        (
            "m'a dit qu'il déchirerait la contravention pour cinquante dollars",
            "a offert d'annuler la contravention contre de l'argent",
        ),
    ],
    "damage_to_property": [
        ("a cassé l'écran de mon téléphone", "a brisé l'écran du téléphone du plaignant"),
        (
            "a défoncé ma porte alors que j'allais ouvrir",
            "a enfoncé la porte du domicile du plaignant",
        ),
        ("a rayé ma voiture", "a endommagé la carrosserie du véhicule"),
        (
            "a abîmé mon fauteuil roulant en le jetant dans le fourgon",
            "a endommagé le fauteuil roulant du plaignant",
        ),
    ],
    "sexual_misconduct": [
        (
            "m'a touché les seins pendant la fouille",
            "a touché la poitrine de la plaignante pendant la fouille",
        ),
        ("m'a demandé des faveurs sexuelles", "a sollicité des faveurs sexuelles de la plaignante"),
        ("m'a regardée me déshabiller dans la cellule", "a observé la plaignante se déshabiller"),
        (
            "n'arrête pas de m'inviter à sortir depuis l'appel",
            "a multiplié les invitations à la plaignante",
        ),
    ],
    "harassment_or_intimidation": [
        ("m'a menacé", "a menacé le plaignant"),
        (
            "m'a dit de retirer ma plainte sinon",
            "a fait pression sur le plaignant pour qu'il retire sa plainte",
        ),
        (
            "m'arrête sans cesse depuis ma plainte",
            "interpelle le plaignant à répétition depuis sa plainte",
        ),
        ("a menacé d'appeler l'immigration", "a menacé de signaler le plaignant à l'immigration"),
    ],
    "service_or_policy": [
        ("ne répond jamais à mes courriels", "n'a jamais répondu aux courriels du plaignant"),
        ("m'a renvoyé d'un bureau à l'autre", "a renvoyé le plaignant d'un service à l'autre"),
        (
            "m'a fait attendre six heures pour signaler un vol",
            "a fait attendre le plaignant six heures",
        ),
        (
            "m'a donné de mauvaises informations pour récupérer mes biens",
            "a mal informé le plaignant sur la récupération de ses biens",
        ),
    ],
}
for _category, _pairs in PLAIN_ACTS_FR.items():
    ACTS_FR[_category].extend(_pairs)

# Threats told as a condition, bias told as a reason, and service not given in the person's
# language (the same classes as in English, in French words).
ACTS_FR["harassment_or_intimidation"].extend(
    [
        (
            "m'a dit que si je continuais à filmer il m'arrêterait moi aussi",
            "a menacé d'arrêter le plaignant s'il continuait à filmer",
        ),
        (
            "m'a prévenu qu'il saurait où je travaille si je portais plainte",
            "a laissé entendre qu'il retrouverait l'employeur du plaignant",
        ),
        (
            "m'a dit que la prochaine fois il serait moins gentil",
            "a averti le plaignant que la prochaine fois il serait moins gentil",
        ),
    ]
)
ACTS_FR["discrimination"].extend(
    [
        (
            "n'a pas pris ma plainte au sérieux parce que je suis autochtone",
            "a négligé la plainte parce que la plaignante est autochtone",
        ),
        (
            "m'a traité comme un suspect parce que je suis musulman",
            "a traité le plaignant en suspect en raison de sa religion",
        ),
        (
            "m'a ignorée parce que je suis en fauteuil roulant",
            "a ignoré la plaignante en raison de son handicap",
        ),
        (
            "m'a parlé avec mépris parce que je suis haïtien",
            "a traité le plaignant avec mépris en raison de son origine",
        ),
    ]
)
ACTS_FR["service_or_policy"].extend(
    [
        (
            "n'a trouvé personne pour me répondre dans ma langue",
            "n'a pu offrir aucun service dans la langue du plaignant",
        ),
        (
            "ne m'a offert aucun interprète malgré ma demande",
            "n'a pas fourni d'interprète malgré la demande de la plaignante",
        ),
        (
            "m'a obligée à tout expliquer en anglais",
            "a obligé la plaignante à s'exprimer en anglais",
        ),
    ]
)

FRAMES_FR_FIRST = [
    "L'agent {act}.",
    "Le policier {act} sans aucune raison.",
    "Hier soir, un agent {act}.",
    "Bonjour, je vous écris car un policier {act}.",
    "Je porte plainte parce que le sergent {act}.",
    "Ensuite, l'autre policier {act}.",
]
FRAMES_FR_THIRD = [
    "Le plaignant allègue que l'agent {act}.",
    "Il est allégué que l'agent A {act}.",
    "Selon le témoin, le policier {act}.",
    "L'enquête porte sur l'allégation selon laquelle le sergent {act}.",
    "La plaignante rapporte que le policier {act}.",
    "Le témoin T2 a déclaré à l'enquêteur que l'agent {act}.",
]

NEUTRAL_ACTS_FR: list[str] = [
    "a pris ma déposition",
    "m'a demandé mes papiers",
    "m'a remis une carte avec le numéro du dossier",
    "m'a raccompagné chez moi",
    "m'a expliqué l'accusation",
    "a appelé une ambulance",
    "m'a rendu mon téléphone le lendemain",
    "est arrivé dix minutes après l'appel",
    "m'a demandé ce qui s'était passé",
    "m'a dit de communiquer avec le bureau des plaintes",
    "a vérifié mon permis et m'a laissé partir",
]

NEGATIVES_FR: list[str] = [
    "J'ai 52 ans et j'habite rue des Érables avec mes deux filles.",
    "Vous pouvez me joindre par courriel en tout temps.",
    "Ce document peut contenir des renseignements personnels.",
    "Nom Grade Matricule Unité",
    "Résumé de la preuve",
    "Contexte",
    "L'enquêteur a obtenu les notes des agents et les registres de répartition.",
    "Je suis retourné au poste le lendemain pour demander des nouvelles.",
    "Je vous remercie de l'attention portée à ma plainte.",
    "Veuillez agréer mes salutations distinguées.",
    "Les agents ont été dépêchés pour une plainte de bruit.",
    "L'agent a été rencontré en présence de son représentant syndical.",
    "L'agent nie avoir frappé le plaignant.",
    "Je ne dis pas que l'agent m'a frappé.",
    "Aucun policier ne m'a touché.",
    "Les agents n'ont pas fouillé ma voiture.",
    "L'agent a déclaré avoir utilisé une technique approuvée après que le sujet a résisté.",
    "Le policier affirme que le plaignant a consenti à la fouille.",
    "Les policiers ne doivent employer la force que si elle est raisonnablement nécessaire.",
    "La politique exige un mandat avant de fouiller une résidence.",
    "Recours à la force",
    "Arrestation ou détention illégale",
    "☐ Recours à la force",
    "☐ Fouille illégale",
    "☐ Impolitesse",
    "☐ Harcèlement ou intimidation",
    "[ ] Négligence",
    "[ ] Discrimination",
    "Nature de la plainte (cochez les cases applicables) :",
    "J'ai appelé la police parce que mon voisin criait.",
    "L'agent a pris ma déposition et m'a remis une carte.",
    "Deux agents sont arrivés dix minutes après mon appel.",
    "J'ai reçu une contravention pour excès de vitesse.",
    "L'agent a été courtois et professionnel.",
    "La plainte a été reçue le 4 mars.",
    "Le plaignant a retiré l'allégation selon laquelle l'agent était impoli.",
    "Veuillez trouver ci-joint mon formulaire de plainte.",
    "Le suspect a frappé l'agent et s'est enfui.",
    "Les cambrioleurs ont fouillé mes tiroirs.",
    "J'ai frappé le mur de frustration une fois rentré.",
    "L'enquête a conclu que l'allégation n'était pas fondée.",
    "Nous accusons réception de votre plainte.",
    "Je souhaite porter plainte contre deux agents rencontrés samedi.",
    "Le plaignant a été arrêté pour vol à l'étalage; l'accusation a été retirée.",
    "Mon voisin dit que la serrure avait déjà été forcée par les voleurs.",
    "Je suis allé à la clinique le lendemain.",
    "Le dossier relève de la Loi sur la police.",
    "Mon ex-conjoint m'a frappé, c'est pourquoi j'ai appelé la police.",
    "Les voleurs avaient déjà brisé la serrure avant l'arrivée des policiers.",
    "L'agent de sécurité du magasin a fouillé mon sac avant l'arrivée de la police.",
    "On m'a volé ma carte bancaire au terminus une semaine avant les faits.",
    "L'agent a expliqué le motif de l'interpellation et le plaignant l'a accepté.",
    "Les policiers nient avoir utilisé la force, et la vidéo confirme leur version.",
    "J'ai payé les frais de fourrière avec ma carte de crédit.",
    "L'enquêteur a demandé à l'agent s'il avait fouillé le véhicule.",
    "Je désire porter plainte au sujet de la façon dont le Service de police de Laval m'a traité.",
    "Ma plainte vise la conduite de deux agents du Service de police de la Ville de Québec.",
]


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def english() -> list[dict[str, object]]:
    rng = random.Random(15)  # noqa: S311  # a fixed, reproducible sample, not a secret
    rows: list[dict[str, object]] = []
    for category, acts in ACTS_EN.items():
        for act in acts:
            for voice, frame, obj, poss in rng.sample(FRAMES_EN, 7):
                text = frame.format(act=act.format(o=obj, p=poss))
                rows.append({"text": text, "labels": [category], "voice": voice})
        for text in WHOLE_EN[category]:
            rows.append({"text": text, "labels": [category], "voice": "first"})
        for name in NAMES_EN[category]:
            for frame in rng.sample(NAME_FRAMES_EN, 3):
                rows.append(
                    {"text": frame.format(name=name), "labels": [category], "voice": "report"}
                )
    for number, group in enumerate(GROUPS_EN):
        # Each group with two acts in two voices: the reason, not one act, is what is learnt.
        for act in (BIASED_ACTS_EN[number % 8], BIASED_ACTS_EN[(number * 3 + 1) % 8]):
            voice, frame, obj, poss, be = rng.choice(BIAS_FRAMES_EN)
            text = frame.format(act=act.format(o=obj, p=poss, be=be, group=group))
            rows.append({"text": text, "labels": ["discrimination"], "voice": voice})
    for act in NEUTRAL_ACTS_EN:
        for voice, frame, obj, poss in rng.sample(FRAMES_EN, 6):
            text = frame.format(act=act.format(o=obj, p=poss))
            rows.append({"text": text, "labels": [], "voice": f"neutral-{voice}"})
    for number, act in enumerate(ACCOUNT_ACTS_EN):
        for frame in ACCOUNT_FRAMES_EN:
            text = frame.format(n="ABCDEFGH"[number], act=act)
            rows.append({"text": text, "labels": [], "voice": "officer-account"})
    for text in NEGATIVES_EN:
        rows.append({"text": text, "labels": [], "voice": "negative"})
    return rows


def french() -> list[dict[str, object]]:
    rng = random.Random(15)  # noqa: S311  # a fixed, reproducible sample, not a secret
    rows: list[dict[str, object]] = []
    for category, acts in ACTS_FR.items():
        # Every frame is used across a category's acts, a few per act, so no voice is left out.
        for first, third in acts:
            for frame in rng.sample(FRAMES_FR_FIRST, 3):
                rows.append(
                    {"text": frame.format(act=first), "labels": [category], "voice": "first"}
                )
            for frame in rng.sample(FRAMES_FR_THIRD, 3):
                rows.append(
                    {"text": frame.format(act=third), "labels": [category], "voice": "third"}
                )
    for category, names in NAMES_FR.items():
        for name in names:
            for frame in NAME_FRAMES_FR:
                rows.append(
                    {"text": frame.format(name=name), "labels": [category], "voice": "report"}
                )
    for act in NEUTRAL_ACTS_FR:
        for frame in FRAMES_FR_FIRST:
            rows.append({"text": frame.format(act=act), "labels": [], "voice": "neutral"})
    for text in NEGATIVES_FR:
        rows.append({"text": text, "labels": [], "voice": "negative"})
    return rows


def main() -> None:
    _write(OUT / "allegations.en.jsonl", english())
    _write(OUT / "allegations.fr.jsonl", french())


if __name__ == "__main__":
    main()
