"""The hold half: 15 invented documents (marks: see build.py). Measure only; do not read its misses
while tuning (benchmarks/own_unseen_measure.py prints figures only for this half)."""

DOCS = []


def doc(**kw):
    DOCS.append(kw)


# 1 -- handwritten-style plain letter typed into a TXT, Nova Scotia
doc(
    id="uh-001",
    kind="complaint_letter",
    lang="en",
    jur="CA-NS",
    format="txt",
    layout="letter-txt",
    police_service="Halifax Regional Police",
    oversight_body="Serious Incident Response Team",
    complainant="Mohammed Al-Khatib",
    blocks=[
        (
            "pre",
            "From: [[P:Mohammed Al-Khatib|Al-Khatib;Khatib]]\n[[AD:PO Box 4471|PO Box 4471]]\n"
            "Dartmouth NS [[PC:B2Y 4A7]]\nph [[PH:902 555 0133]]",
        ),
        ("p", "Dated this [[D:let:2025-12-01:1st day of December, 2025]]"),
        ("p", "To the {{Halifax Regional Police}} complaints office -"),
        (
            "p",
            "I was born [[D:dob:1969-08-12:12-AUG-1969]] and I have lived in Dartmouth for thirty years and "
            "never had trouble with police until [[D:inc:2025-11-09:November 9th]]. I was stopped on "
            "{{Portland Street}} and <<use_of_force|the younger officer kneed me in the back and pressed my face "
            "into the hood of my truck>>. I have [[MED:a herniated disc]] from an old work injury and it has "
            "been much worse since.",
        ),
        (
            "p",
            "<<unlawful_arrest_or_detention|They left me sitting in handcuffs on the curb for an hour in the cold "
            "and never said what I was being arrested for.>> My son [[P:Yazan]] picked me up after. "
            '<<harassment_or_intimidation|The officer said that if I made a complaint he would "remember my '
            'truck".>> The truck plate is [[LP:FKL 394]].',
        ),
        (
            "p",
            "Call me or my daughter [[P:Rania Al-Khatib|Al-Khatib;Khatib]] at [[PH:+1 (902) 555-0178]].",
        ),
        ("p", "[[P:M. Al-Khatib|Al-Khatib;Khatib]]"),
    ],
)

# 2 -- e-mail, Ontario, Korean name, DOB in words, 8bit, no HTML
doc(
    id="uh-002",
    kind="complaint_email",
    lang="en",
    jur="CA-ON",
    format="eml",
    layout="email-plain",
    cte="8bit",
    police_service="York Regional Police",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Park Ji-hoon",
    headers=[
        ("From", '"PARK Ji-hoon" <[[EM:jihoon.park.88@naver.example]]>'),
        ("To", "info@leca-example.on.ca"),
        ("Subject", "officer refused to take my report"),
        ("Date", "[[D:rec:2025-10-06:Mon, 06 Oct 2025 07:55:12 -0400]]"),
    ],
    blocks=[
        ("p", "Dear Sir/Madam"),
        (
            "p",
            "My name is [[P:Park Ji-hoon|Park;Ji-hoon]] (family name Park). I was born on the "
            "[[D:dob:1988-03-22:twenty-second of March 1988]]. On [[D:inc:2025-09-27:Sept. 27]] my restaurant in "
            "{{Richmond Hill}} was broken into and I went to the {{York Regional Police}} #2 District station.",
        ),
        (
            "p",
            "<<neglect_of_duty|The officer at the front desk would not take my report, told me to come back "
            "Monday and never gave me an occurrence number.>> <<discourtesy|When I asked for his name he said "
            '"figure it out" and walked away.>> I believe his badge was [[B:#2739]].',
        ),
        ("p", "The CCTV shows the person who broke in. My wife [[P:Min-seo]] has the files."),
        (
            "p",
            "[[P:Ji-hoon Park]]\n[[AD:Unit 14, 10825 Yonge Street|10825 Yonge Street]], Richmond Hill ON [[PC:L4C 3E3]]\n"
            "mobile [[PH:416-555-0193]]",
        ),
    ],
)

# 3 -- intake form, Québec, French, PDF with ticks
doc(
    id="uh-003",
    kind="complaint_form",
    lang="fr",
    jur="CA-QC",
    format="pdf",
    layout="form-fr",
    police_service="Service de police de Laval",
    oversight_body="Commissaire à la déontologie policière",
    complainant="Gabrielle St-Onge",
    header="FORMULAIRE DE PLAINTE EN DÉONTOLOGIE POLICIÈRE",
    footer="Les renseignements personnels sont protégés - page #PAGE#",
    blocks=[
        ("h", "1. Identification du plaignant"),
        (
            "table",
            [
                ["Nom", "[[P:ST-ONGE|St-Onge]]", "Prénom", "[[P:Gabrielle]]"],
                ["Date de naissance", "[[D:dob:1997-07-03:1997-07-03]]", "Âge", "[[AGE:28 ans]]"],
                [
                    "Adresse",
                    "[[AD:3300, boul. Le Carrefour, app. 1108|3300, boul. Le Carrefour]], Laval",
                    "Code postal",
                    "[[PC:H7T 2K9]]",
                ],
                [
                    "Téléphone",
                    "[[PH:450 555-0121]]",
                    "Courriel",
                    "[[EM:gab.stonge@hotmail.example]]",
                ],
            ],
            [2, 3, 2, 3],
        ),
        ("h", "2. Événement"),
        (
            "table",
            [
                ["Date", "[[D:inc:2025-04-18:18/04/2025]]", "Lieu", "{{Centropolis}}, Laval"],
                [
                    "Policier(s)",
                    "agent [[P:Mathieu Gendron-Roy|Gendron-Roy;Gendron]], matricule [[B:7754]]",
                    "Corps de police",
                    "{{Service de police de Laval}}",
                ],
            ],
            [2, 3, 2, 3],
        ),
        ("h", "3. Nature de la plainte (cochez)"),
        (
            "table",
            [
                ["☐ Force excessive", "<<sexual_misconduct|☒ Comportement à caractère sexuel>>"],
                ["<<discourtesy|☒ Propos injurieux>>", "☐ Arrestation illégale"],
                ["☐ Perquisition / fouille", "☐ Discrimination"],
            ],
            [1, 1],
        ),
        ("h", "4. Description"),
        (
            "p",
            "<<sexual_misconduct|Pendant que je donnais ma déclaration, l'agent m'a demandé mon numéro de téléphone "
            "personnel et m'a écrit le soir même pour m'inviter à prendre un verre.>> <<discourtesy|Quand j'ai "
            "refusé, il m'a traitée de « petite snob ».>> Je ne prétends pas qu'il m'a touchée.",
        ),
        ("p", "Signé à Laval, le [[D:let:2025-05-02:2 mai 2025]]   [[P:G. St-Onge|St-Onge]]"),
    ],
)

# 4 -- investigator report, UK, PDF 2 pages with footer and metadata
doc(
    id="uh-004",
    kind="investigative_report",
    lang="en",
    jur="UK-ENG",
    format="pdf",
    layout="report-uk",
    paper="A4",
    police_service="Merseyside Police",
    oversight_body="Independent Office for Police Conduct",
    complainant="Kwame Asante-Boateng",
    meta={"author": "[[P:Eleanor Fairweather]]"},
    header="OFFICIAL-SENSITIVE   Investigation report  IOPC ref 2025/041187",
    footer="Lead investigator: [[P:E. Fairweather]]      page #PAGE# of 2",
    blocks=[
        ("h", "Investigation report"),
        (
            "p",
            "1. This investigation concerns a complaint made by Mr [[P:Kwame Asante-Boateng|Asante-Boateng;Asante;Boateng]] "
            "([[AGE:aged 52]]), of [[AD:Flat 11, Canning Mansions, 9 Hope Street|9 Hope Street]], Liverpool [[PC:L1 9BQ]], "
            "about his detention at {{St Anne Street}} custody suite on [[D:inc:2025-01-31:31 January 2025]].",
        ),
        (
            "p",
            "2. The officers subject to investigation are PS [[P:Callum Reid]] (collar [[B:4471]]) and "
            "PC [[P:Agnieszka Dąbrowska]] (collar [[B:6630]]), both of {{Merseyside Police}}.",
        ),
        (
            "p",
            "3. The complaint was recorded on [[D:rec:2025-02-04:4 February 2025]]. <<neglect_of_duty|Mr "
            "Asante-Boateng alleges that custody staff ignored his repeated requests for his insulin for over "
            "six hours, although he told them he was diabetic.>> Mr Asante-Boateng has [[MED:type 2 diabetes]] "
            "and was taken to {{Royal Liverpool University Hospital}} with [[MED:hyperglycaemia]].",
        ),
        (
            "p",
            '4. <<discrimination|He further alleges that PS Reid said "you lot always play the sick card".>>',
        ),
        ("br",),
        (
            "p",
            "5. Mr Asante-Boateng was interviewed on [[D:int:2025-03-12:12/03/2025]]. His daughter, "
            "[[P:Abena Asante-Boateng|Asante-Boateng;Asante;Boateng]], was interviewed on "
            "[[D:int:2025-03-14:14/03/2025]]; [[P:Abena]] brought his medication to the station at 02:00 "
            "and was turned away. Her mobile is [[PH:07700 900 461]].",
        ),
        (
            "p",
            "6. The custody record, the CCTV and the detention log were reviewed. PC Dąbrowska's account is that "
            "she passed the request to the custody sergeant at 23:40.",
        ),
        (
            "p",
            "7. Findings: there is a case to answer for misconduct for PS Reid under the "
            "{{Police (Conduct) Regulations 2020}}. Date of report: [[D:let:2025-06-06:6 June 2025]].",
        ),
    ],
)

# 5 -- witness statement, BC, DOCX
doc(
    id="uh-005",
    kind="witness_statement",
    lang="en",
    jur="CA-BC",
    format="docx",
    layout="statement-bc",
    police_service="Surrey Police Service",
    oversight_body="Office of the Police Complaint Commissioner",
    complainant="Baljit Singh Grewal",
    header="OPCC 2025-27115 - Statement of witness",
    footer="Page  - Statement of B. S. Grewal",
    blocks=[
        (
            "p",
            "Witness: [[P:Harpreet Dhaliwal]]     Born: [[D:dob:2001-01-26:26 Jan 2001]]     Cell: [[PH:778-555-0104]]",
        ),
        ("p", "Address: [[AD:14620 - 72 Avenue|14620 - 72 Avenue]], Surrey, BC [[PC:V3S 2E7]]"),
        ("p", "Statement taken by telephone on [[D:int:2025-09-03:September 3rd, 2025]]."),
        (
            "p",
            "I was working the till at the gas station on {{King George Boulevard}} on the night of "
            "[[D:inc:2025-08-22:August 22]]. Mr. [[P:Baljit Singh Grewal|Grewal]] came in to complain that his "
            "car had been towed. Two officers came in after him.",
        ),
        (
            "p",
            "<<use_of_force|The female officer tasered him in the chest while he had both hands up and was "
            "backing away.>> He fell and hit his head on the counter. He had [[MED:a cut above his left eye]] "
            "and was shaking. I called his wife, [[P:Manpreet]], from his phone.",
        ),
        (
            "p",
            "<<unlawful_search_or_seizure|Afterwards the other officer took my phone from the counter and "
            "deleted the video I had taken, and did not give it back until they left.>>",
        ),
        ("p", "I have nothing else to add. [[P:H. Dhaliwal]]"),
    ],
)
# the footer names the complainant; the header/footer marks are parsed from the footer text
DOCS[-1]["footer"] = "Statement re: [[P:B. S. Grewal|Grewal]]"

# 6 -- e-mail from a lawyer, Ontario, with a PDF attachment (formal complaint), HTML part
doc(
    id="uh-006",
    kind="complaint_email",
    lang="en",
    jur="CA-ON",
    format="eml",
    layout="email-lawyer-attach",
    html=True,
    police_service="London Police Service",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Olamide Bankole",
    headers=[
        ("From", "[[P:Christine Vandermeer]] <[[EM:cvandermeer@vandermeerlaw.example]]>"),
        ("To", "registrar@leca-example.on.ca"),
        ("Cc", "[[EM:o.bankole@live.example]]"),
        ("Subject", "Our client: Bankole - complaint and consent"),
        ("Date", "[[D:rec:2025-03-17:Mon, 17 Mar 2025 16:02:33 -0400]]"),
    ],
    blocks=[
        ("p", "Good afternoon,"),
        (
            "p",
            "We act for Ms. [[P:Olamide Bankole]] and attach her signed complaint together with her consent "
            "to our communicating with your office. Please direct all correspondence to the undersigned.",
        ),
        (
            "pre",
            "[[P:Christine Vandermeer]]\nBarrister & Solicitor\n[[AD:Suite 1400, 148 Fullarton Street|148 Fullarton Street]]\n"
            "London ON [[PC:N6A 5P3]]\nT [[PH:519.555.0162]] ext. 204",
        ),
    ],
    attachment={
        "format": "pdf",
        "filename": "Bankole_complaint.pdf",
        "blocks": [
            ("h", "Complaint of [[P:Olamide Bankole]]"),
            ("p", "Name: [[P:Olamide Bankole]]   Date of birth: [[D:dob:1993-05-08:May 8, 1993]]"),
            (
                "p",
                "On the night of [[D:inc:2025-02-15:February 15, 2025]] I was a passenger in a car stopped on "
                "{{Richmond Street}}. <<unlawful_arrest_or_detention|An officer ordered me out, arrested me for "
                '"obstruction" because I asked why we were stopped, and kept me in a cell until morning; no charge '
                "was ever laid.>> <<deceit|The officer's notes, which I received through disclosure, say I "
                '"swung at" him, which is untrue and is contradicted by the dash camera.>>',
            ),
            (
                "p",
                "<<breach_of_confidence|Two weeks later my employer told me an officer had phoned to ask "
                'whether I "still worked there after my arrest".>> My employer is a bank and I was '
                "put on leave. My payroll account is [[BA:00212 004 5566781]].",
            ),
            ("p", "Signed [[D:let:2025-03-14:March 14, 2025]]   [[P:O. Bankole]]"),
        ],
    },
)

# 7 -- French letter, Ontario (Ottawa), DOCX
doc(
    id="uh-007",
    kind="complaint_letter",
    lang="fr",
    jur="CA-ON",
    format="docx",
    layout="letter-fr-docx",
    police_service="Service de police d'Ottawa",
    oversight_body="Agence des plaintes contre les forces de l'ordre",
    complainant="Éloïse Lamoureux-Nguyen",
    blocks=[
        (
            "pre",
            "[[P:Éloïse Lamoureux-Nguyen|Lamoureux-Nguyen;Lamoureux;Nguyen]]\n"
            "[[AD:88, rue Dalhousie, unité 402|88, rue Dalhousie]]\nOttawa (Ontario) [[PC:K1N 7E4]]\n"
            "Tél. : [[PH:613 555-0177]]",
        ),
        ("p", "Ottawa, le [[D:let:2025-06-10:10 juin 2025]]"),
        ("p", "Objet : plainte contre un agent du {{Service de police d'Ottawa}}"),
        ("p", "Madame, Monsieur,"),
        (
            "p",
            "Je suis née le [[D:dob:1979-02-27:27 février 1979]] et je suis enseignante au "
            "{{Marché By}}. Le [[D:inc:2025-05-24:24 mai 2025]], pendant une manifestation pacifique devant le "
            "{{parlement}}, <<use_of_force|un agent m'a aspergée de poivre de Cayenne au visage à moins d'un mètre "
            "alors que j'étais assise par terre.>> J'ai souffert de [[MED:brûlures aux yeux]] pendant trois jours.",
        ),
        (
            "p",
            "<<damage_to_property|Le même agent a arraché ma pancarte et piétiné mon téléphone, dont l'écran est "
            "maintenant inutilisable.>> Mon amie, [[P:Fatoumata Diallo]], a tout filmé. [[P:Fatoumata]] peut être "
            "jointe à [[EM:fatou.diallo@uottawa.example]].",
        ),
        ("p", "Je n'accuse pas les autres agents présents."),
        ("p", "Veuillez agréer mes salutations."),
        ("p", "[[P:Éloïse Lamoureux-Nguyen|Lamoureux-Nguyen;Lamoureux;Nguyen]]"),
    ],
)

# 8 -- case summary, UK, PDF table of parties
doc(
    id="uh-008",
    kind="case_summary",
    lang="en",
    jur="UK-ENG",
    format="pdf",
    layout="summary-uk-table",
    paper="A4",
    police_service="Thames Valley Police",
    oversight_body="Independent Office for Police Conduct",
    complainant="Zofia Kowalczyk",
    blocks=[
        ("h", "Complaint summary  -  CO/2025/00871"),
        (
            "table",
            [
                ["Party", "Name", "Details"],
                [
                    "Complainant",
                    "[[P:Zofia Kowalczyk]]",
                    "DOB [[D:dob:1976-10-30:30.10.1976]]; NI [[NI:PW 73 84 12 A]]",
                ],
                [
                    "Address",
                    "[[AD:27 Cowley Road|27 Cowley Road]], Oxford [[PC:OX4 1HP]]",
                    "Tel [[PH:01865 555 042]]",
                ],
                ["Officer", "DC [[P:Imran Chaudhry]]", "Warrant no. [[B:TV2291]]"],
                ["Witness", "[[P:Tomás Ó Briain|Briain;Ó Briain]]", "[[EM:tobriain@ox.example]]"],
            ],
            [1, 2, 3],
        ),
        (
            "p",
            "The complainant reported a burglary on [[D:inc:2025-07-05:5 July 2025]]. "
            "<<breach_of_confidence|She alleges that DC Chaudhry disclosed her new address to the suspect, her "
            "former landlord, during a phone call.>> <<neglect_of_duty|She also says he failed to return her calls for "
            "six weeks and did not follow up on fingerprints at the scene.>>",
        ),
        (
            "p",
            "Complaint logged [[D:rec:2025-08-29:29/08/2025]]. Mrs Kowalczyk is [[AGE:48]] and says the stress "
            "aggravated her [[MED:multiple sclerosis]]. Handling: investigation by {{Professional Standards}} "
            "under {{Schedule 3 to the Police Reform Act 2002}}.",
        ),
    ],
)

# 9 -- e-mail, Saskatchewan, Ukrainian/Indigenous names, phone formats, IP address in a web-form dump
doc(
    id="uh-009",
    kind="complaint_email",
    lang="en",
    jur="CA-SK",
    format="eml",
    layout="email-webform",
    police_service="Saskatoon Police Service",
    oversight_body="Public Complaints Commission",
    complainant="Lorraine Whitecalf",
    headers=[
        ("From", "webform@pcc-example.sk.ca"),
        ("To", "intake@pcc-example.sk.ca"),
        ("Subject", "New online complaint #77421"),
        ("Date", "[[D:rec:2025-01-12:Sun, 12 Jan 2025 03:14:59 -0600]]"),
    ],
    blocks=[
        (
            "pre",
            "Submitted from IP: [[IP:142.165.88.19]]\n"
            "Name: [[P:lorraine whitecalf]]\n"
            "Date of Birth: [[D:dob:1984-01-02:Jan 2 1984]]\n"
            "Phone: [[PH:306 555 0149]]\n"
            "Alt phone: [[PH:+1-306-555-0150]]\n"
            "Address: [[AD:Box 52, Site 3, RR 1|Box 52, Site 3]], Dundurn SK [[PC:S0K 1K0]]\n"
            "Health services number: [[HC:783 412 559]]\n"
            "Police service: {{Saskatoon Police Service}}\n"
            "Incident date: [[D:inc:2025-01-10:2025-01-10]]",
        ),
        (
            "p",
            "What happened: <<use_of_force|my nephew [[P:Dustin]] was thrown to the ground by two officers "
            "outside the {{Midtown Plaza}} and one of them punched him in the face while the other held him "
            "down.>> <<discrimination|they kept calling him chief and asking if he was drunk like the rest of "
            "them.>> [[P:Dustin]] is [[AGE:17]]. <<neglect_of_duty|they drove him to the edge of the city and left "
            "him there at -30 without a jacket instead of taking him home or to the station.>>",
        ),
        ("p", "Officer named: Cst. [[P:Yaroslav Hrytsenko]]"),
        (
            "p",
            "[[P:Dustin]]'s mother [[P:Charlene Whitecalf]] can confirm. [[P:Dustin]] needed treatment for "
            "[[MED:frostbite on two fingers]].",
        ),
    ],
)
# 'Dustin's' in the last paragraph uses the given name too: it is the same PERSON unit 'Dustin'

# 10 -- investigative report, Alberta, DOCX, officer table, 'subject member'
doc(
    id="uh-010",
    kind="investigative_report",
    lang="en",
    jur="CA-AB",
    format="docx",
    layout="report-ab",
    police_service="Edmonton Police Service",
    oversight_body="Law Enforcement Review Board",
    complainant="Nomvula Dlamini",
    header="EDMONTON POLICE SERVICE - PROFESSIONAL STANDARDS BRANCH - PSB2025-0193",
    footer="Investigator: Det. [[P:Connor Fitzgerald]]",
    blocks=[
        (
            "p",
            "Complainant: [[P:Nomvula Dlamini]], DOB [[D:dob:1990-11-15:1990-11-15]], [[PH:780-555-0126]], "
            "[[EM:nomvula.dlamini@telus.example]]",
        ),
        (
            "table",
            [
                ["Subject member", "Regimental #", "Rank"],
                ["[[P:LEBLANC, Marc-André|LEBLANC]]", "[[B:3915]]", "Constable"],
                ["[[P:Oyelaran, Temitope|Oyelaran]]", "[[B:4102]]", "Constable"],
            ],
            [3, 1, 1],
        ),
        (
            "p",
            "Summary of allegations. On [[D:inc:2025-04-05:April 5th, 2025]], the subject members attended the "
            "complainant's apartment at [[AD:#1806 10011 123 Street NW|10011 123 Street NW]], Edmonton "
            "[[PC:T5N 1M6]] on a noise call. <<unlawful_search_or_seizure|It is alleged that the subject members "
            "entered the apartment without consent or a warrant and searched her bedroom closet.>> "
            "<<discourtesy|It is further alleged that Cst. Leblanc swore at the complainant and called her "
            '"hysterical".>>',
        ),
        (
            "p",
            "The complainant was interviewed on [[D:int:2025-05-13:13 May 2025]]. Her neighbour, "
            "[[P:Svetlana Ivanova-Petrenko|Ivanova-Petrenko;Ivanova;Petrenko]], was interviewed on "
            "[[D:int:2025-05-15:15 May 2025]]. Ms. Dlamini is [[AGE:34 years of age]] and is "
            "[[MED:seven months pregnant]].",
        ),
        (
            "p",
            "The allegations fall under s. 5(2)(e) and (h) of the {{Police Service Regulation}} and the "
            "{{Police Act}}. Report concluded [[D:let:2025-07-30:July 30, 2025]].",
        ),
    ],
)

# 11 -- French e-mail thread, Québec, quoted reply
doc(
    id="uh-011",
    kind="complaint_email",
    lang="fr",
    jur="CA-QC",
    format="eml",
    layout="email-thread-fr",
    cte="quoted-printable",
    police_service="Sûreté du Québec",
    oversight_body="Commissaire à la déontologie policière",
    complainant="Jean-François Tremblay",
    headers=[
        ("From", "[[P:Jean-François Tremblay]] <[[EM:jf.tremblay@cgocable.example]]>"),
        ("To", "[[P:Sophie Bérubé]] <[[EM:sberube@deontologie-example.qc.ca]]>"),
        ("Subject", "RE: Votre plainte 25-0977"),
        ("Date", "[[D:oth:2025-09-15:Mon, 15 Sep 2025 09:30:00 -0400]]"),
    ],
    blocks=[
        ("p", "Bonjour Mme Bérubé,"),
        (
            "p",
            "Merci pour votre retour. Oui, je suis disponible pour une rencontre. Mon numéro a changé : "
            "[[PH:819-555-0190]]. Ma nouvelle adresse est le [[AD:275, rue des Érables, C.P. 118|275, rue des Érables]], "
            "Trois-Rivières (Québec) [[PC:G8T 5K1]].",
        ),
        ("p", "[[P:Jean-François]]"),
        (
            "pre",
            "Le [[D:oth:2025-09-12:12 sept. 2025]] à 14 h 05, [[P:Sophie Bérubé]] a écrit :\n"
            "> Monsieur Tremblay,\n"
            "> Nous avons bien reçu votre plainte du [[D:rec:2025-09-08:8 septembre]] concernant "
            "l'intervention\n> de la {{Sûreté du Québec}} du [[D:inc:2025-08-30:30 août 2025]] "
            "sur l'{{autoroute 40}}.\n"
            "> Vous alléguez que <<corrupt_practice|l'agent vous aurait proposé d'annuler le constat "
            "d'infraction si vous lui remettiez 200 $ comptant>>.\n"
            "> Merci de nous indiquer vos disponibilités pour une entrevue.\n"
            "> [[P:Sophie Bérubé]], analyste",
        ),
    ],
)

# 12 -- TXT case summary, Manitoba, RCMP-style third person; lower/upper case names
doc(
    id="uh-012",
    kind="case_summary",
    lang="en",
    jur="CA-FED",
    format="txt",
    layout="summary-rcmp",
    police_service="Royal Canadian Mounted Police",
    oversight_body="Civilian Review and Complaints Commission for the RCMP",
    complainant="Delphine Spence",
    blocks=[
        ("p", "CRCC - Complaint intake summary - File PC-2025-1184"),
        (
            "p",
            "COMPLAINANT: SPENCE, Delphine     DOB: [[D:dob:1973-09-05:5 Sep 73]]     AGE: [[AGE:52]]",
        ),
        (
            "p",
            "CONTACT: [[AD:General Delivery|General Delivery]], Norway House MB [[PC:R0B 1B0]]; [[PH:(204) 555-0112]]",
        ),
        (
            "p",
            "MEMBER(S): Cpl. [[P:Gordon Thiessen]] (reg. [[B:51827]]), {{Norway House Detachment}}",
        ),
        (
            "p",
            "NARRATIVE: The complainant states that on [[D:inc:2025-06-07:June 7, 2025]] her son "
            "[[P:Curtis Spence]] was arrested after a fight at the arena. <<neglect_of_duty|She alleges that the "
            "member refused to let [[P:Curtis]] see the nurse although he was vomiting and had a head wound, and that "
            "he was left in cells overnight without being checked.>> [[P:Curtis]] was later flown to Winnipeg with "
            "[[MED:a fractured skull]].",
        ),
        (
            "p",
            "<<service_or_policy|She also complains that the detachment has no interpreter for Cree speakers, "
            "so her mother could not report what she saw.>> The complainant does not allege that the member "
            "struck her son.",
        ),
        (
            "p",
            "Received: [[D:rec:2025-06-20:20-JUN-2025]]. Acknowledged: [[D:oth:2025-06-23:23-JUN-2025]]. "
            "Governing statute: {{Royal Canadian Mounted Police Act}}, Part VII.",
        ),
    ],
)
DOCS[-1]["blocks"][1] = (
    "p",
    "COMPLAINANT: [[P:SPENCE, Delphine|SPENCE]]     DOB: [[D:dob:1973-09-05:5 Sep 73]]     "
    "AGE: [[AGE:52]]",
)

# 13 -- UK letter from a parent, PDF, Scottish-style? (England), card number partially typed
doc(
    id="uh-013",
    kind="complaint_letter",
    lang="en",
    jur="UK-ENG",
    format="pdf",
    layout="letter-uk-parent",
    paper="A4",
    police_service="West Yorkshire Police",
    oversight_body="Independent Office for Police Conduct",
    complainant="Nasreen Begum",
    blocks=[
        ("pre", "[[P:Mrs N. Begum|Begum]]\n[[AD:14 Lumb Lane|14 Lumb Lane]]\nBradford\nBD8 7QU"),
        ("p", "Monday [[D:let:2025-10-20:20th October 2025]]"),
        ("p", "Dear Chief Constable,"),
        (
            "p",
            "I am writing on behalf of my son, [[P:Zayan Hussain]], who is [[AGE:15]] and was born on "
            "[[D:dob:2010-02-03:3rd February 2010]].",
        ),
        (
            "p",
            "On [[D:inc:2025-10-11:11/10/2025]] [[P:Zayan]] and two friends were stopped on {{Manningham Lane}}. "
            "<<unlawful_search_or_seizure|An officer put his hands in [[P:Zayan]]'s pockets and took his phone and his "
            "bank card without telling him why he was being searched.>> <<harassment_or_intimidation|The officer "
            'then told the boys he would be "watching them" and has since stopped [[P:Zayan]] three more times on his '
            "way to school.>>",
        ),
        (
            "p",
            "The bank card (ending [[CC:5412 3098 7654 3212]]) was not returned. His friend [[P:Kacper]] saw it "
            "happen. I do not say any of the officers hit him.",
        ),
        (
            "p",
            "Please reply to me at [[EM:nasreen.begum62@yahoo.example]] or on [[PH:07700 900 218]].",
        ),
        ("p", "Yours sincerely,"),
        ("p", "[[P:Nasreen Begum]]"),
    ],
)
# the postcode sits in the address block
DOCS[-1]["blocks"][0] = (
    "pre",
    "[[P:Mrs N. Begum|Begum]]\n[[AD:14 Lumb Lane|14 Lumb Lane]]\nBradford\n[[PC:BD8 7QU]]",
)

# 14 -- witness statement, Québec, French, PDF, officer as witness
doc(
    id="uh-014",
    kind="witness_statement",
    lang="fr",
    jur="CA-QC",
    format="pdf",
    layout="statement-fr-pdf",
    police_service="Service de police de l'agglomération de Longueuil",
    oversight_body="Commissaire à la déontologie policière",
    complainant="Anh Thu Pham",
    header="DÉCLARATION - Dossier CDP-25-1532",
    blocks=[
        (
            "table",
            [
                ["Déclarant", "[[P:Thi Hoa Lê|Lê]]"],
                ["Né(e) le", "[[D:dob:1958-04-06:6 avril 1958]] ([[AGE:67 ans]])"],
                [
                    "Adresse",
                    "[[AD:1050, rue Saint-Charles Ouest, logement 7|1050, rue Saint-Charles Ouest]], Longueuil [[PC:J4H 1C6]]",
                ],
                ["Téléphone", "[[PH:+1 450 555 0185]]"],
                ["Rencontre", "[[D:int:2025-11-04:le 4 novembre 2025 à 10 h]]"],
            ],
            [1, 3],
        ),
        (
            "p",
            "Je suis la mère de [[P:Anh Thu Pham]]. Le [[D:inc:2025-10-19:dimanche 19 octobre]], deux policiers du "
            "{{Service de police de l'agglomération de Longueuil}} sont venus chez nous à propos d'une plainte "
            "de voisinage.",
        ),
        (
            "p",
            "<<unlawful_arrest_or_detention|Ils ont menotté ma fille dans l'entrée et l'ont gardée plus de "
            "quarante minutes dans la voiture de patrouille sans lui dire de quoi on l'accusait.>> "
            "<<discourtesy|La policière m'a dit de « retourner dans mon pays » quand j'ai posé une question.>> "
            "[[P:Anh Thu]] souffre d'[[MED:épilepsie]] et a fait une crise dans la voiture.",
        ),
        (
            "p",
            "L'agent portait le matricule [[B:2468]]. Je ne dis pas qu'ils ont abîmé quoi que ce soit dans la maison.",
        ),
        ("p", "Lu et signé : [[P:T. H. Lê|Lê]]"),
    ],
)

# 15 -- intake form DOCX, Ontario, check boxes + table, driver's licence
doc(
    id="uh-015",
    kind="complaint_form",
    lang="en",
    jur="CA-ON",
    format="docx",
    layout="form-docx",
    police_service="Ontario Provincial Police",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Siddharth Venkataraman",
    header="Complaint Intake Form - LECA",
    footer="Form LECA-101 (rev. 2024)",
    blocks=[
        (
            "table",
            [
                ["Surname", "[[P:VENKATARAMAN]]"],
                ["Given name(s)", "[[P:Siddharth]]"],
                ["Date of birth", "[[D:dob:1985-12-19:19th Dec. 1985]]"],
                ["Driver's licence", "[[DL:V4512-78305-51219]]"],
                [
                    "Address",
                    "[[AD:RR 2, 4471 Concession 6|4471 Concession 6]], Uxbridge ON [[PC:L9P 1R2]]",
                ],
                ["Phone", "[[PH:+1 289 555 0116]]"],
                ["SIN (only if requesting wage-loss)", "[[SIN:916 258 072]]"],
            ],
            [1, 2],
        ),
        ("p", "Which of the following describe your complaint?"),
        (
            "pre",
            "☐ Excessive force\n<<unlawful_arrest_or_detention|☒ Unlawful arrest / detention>>\n"
            "☐ Search without authority\n<<damage_to_property|☒ Damage to property>>\n☐ Discourtesy",
        ),
        (
            "p",
            "Details: On [[D:inc:2025-02-28:Feb 28, 2025]] I was arrested at a RIDE check on {{Highway 12}} by "
            "an {{Ontario Provincial Police}} officer, Provincial Constable [[P:Shauna McIntyre]] "
            "(badge [[B:13309]]). <<unlawful_arrest_or_detention|She arrested me for impaired driving although "
            "I blew a zero twice and she never told me why I was still being detained.>> "
            "<<damage_to_property|A tow truck she called broke my driver's side mirror and she refused to note it.>>",
        ),
        ("p", "Date: [[D:let:2025-03-10:March 10, 2025]]      Signature: [[P:S. Venkataraman]]"),
        ("table", [["For office use: received", "[[D:rec:2025-03-12:12-Mar-2025]]"]], [1, 1]),
    ],
)
