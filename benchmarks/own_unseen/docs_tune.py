"""The tune half: 15 invented documents (marks: see build.py). Misses here may be read while tuning."""

DOCS = []


def doc(**kw):
    DOCS.append(kw)


# 1 -- complaint letter, Ontario, text PDF, serif, letterhead-less private letter
doc(
    id="ut-001",
    kind="complaint_letter",
    lang="en",
    jur="CA-ON",
    format="pdf",
    layout="letter-serif",
    serif=True,
    police_service="Peel Regional Police",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Priyanka Ramanathan",
    officers=[{"name": "Gurpreet Sandhu", "rank": "Constable", "badge": "3318"}],
    blocks=[
        (
            "pre",
            "[[P:Priyanka Ramanathan]]\n[[AD:Apt 1207, 45 Elmcrest Terrace|45 Elmcrest Terrace]]\n"
            "Mississauga ON  [[PC:L5B 3K9]]\n[[PH:(905) 271-4486]]",
        ),
        ("p", "[[D:let:2025-11-14:November 14, 2025]]"),
        (
            "pre",
            "Intake Unit\n{{Law Enforcement Complaints Agency}}\n655 Bay Street, 10th Floor\nToronto",
        ),
        ("p", "Re: my arrest at {{Square One}} bus terminal"),
        ("p", "To whom it may concern,"),
        (
            "p",
            "I am writing about what happened to me on the evening of [[D:inc:2025-10-03:3 October 2025]] "
            "with officers of the {{Peel Regional Police}}. I am a nurse and I was born on "
            "[[D:dob:1986-02-11:the 11th of February 1986]], so I was [[AGE:39 years old]] at the time.",
        ),
        (
            "p",
            "<<unlawful_arrest_or_detention|Constable [[P:Gurpreet Sandhu]] (badge [[B:3318]]) kept me in the back "
            "of his cruiser for almost two hours and would not tell me why I was being held.>> "
            "<<use_of_force|When I asked to call my sister he twisted my wrist behind my back until I screamed.>> "
            "I went to {{Credit Valley Hospital}} the next day where they told me I had "
            "[[MED:a sprained left wrist]] and [[MED:bruising on my forearm]].",
        ),
        (
            "p",
            "<<discourtesy|His partner, a tall officer whose name tag read [[P:K. Wojciechowski]], laughed and "
            "told me to stop whining like a child.>> I am not saying anybody stole anything from me, and "
            "my bag was returned to me complete.",
        ),
        (
            "p",
            "My sister [[P:Lakshmi]] waited outside the terminal the whole time. She can be reached at "
            "[[PH:647-390-2214]]. I am prepared to be interviewed and I understand the complaint falls "
            "under the {{Community Safety and Policing Act, 2019}}.",
        ),
        ("p", "Sincerely,"),
        ("p", "[[P:P. Ramanathan]]"),
    ],
)

# 2 -- complaint e-mail, BC, plain + HTML, quoted-printable
doc(
    id="ut-002",
    kind="complaint_email",
    lang="en",
    jur="CA-BC",
    format="eml",
    layout="email-html",
    html=True,
    police_service="Vancouver Police Department",
    oversight_body="Office of the Police Complaint Commissioner",
    complainant="Wei-Ling Zhou",
    officers=[{"name": "", "rank": "Sergeant", "badge": "2271"}],
    headers=[
        ("From", "[[P:Wei-Ling Zhou]] <[[EM:wlzhou.design@fastmail.ca]]>"),
        ("To", "intake@opcc-example.bc.ca"),
        ("Subject", "Complaint - search of my car on Kingsway"),
        ("Date", "[[D:rec:2025-08-19:Tue, 19 Aug 2025 21:04:11 -0700]]"),
    ],
    blocks=[
        ("p", "Hello,"),
        (
            "p",
            "I would like to file a complaint against two officers of the {{Vancouver Police Department}}. "
            "On [[D:inc:2025-08-16:Saturday August 16]] around 11 pm I was pulled over on {{Kingsway}} near "
            "{{Joyce Street}} for a burnt-out tail light.",
        ),
        (
            "p",
            "<<unlawful_search_or_seizure|Without asking me, one of them opened my trunk and went through my "
            "gym bag and my laptop case, and when I asked if they had a warrant he said he didn't need one.>> "
            "<<damage_to_property|They cracked the screen of my laptop while tossing it onto the back seat.>>",
        ),
        (
            "p",
            '<<discrimination|The sergeant, number [[B:2271]], asked me twice whether I was "even allowed to '
            'drive here" and said people like me buy their licences.>> My licence is a BC licence, number '
            "[[DL:3094417]], and my plate is [[LP:RK6 93T]].",
        ),
        (
            "p",
            "My details: date of birth [[D:dob:1981-11-04:DOB 1981/11/04]], home address "
            "[[AD:Suite 302 - 5880 Dunbar Street|5880 Dunbar Street]], Vancouver BC [[PC:V6N 1W7]]. "
            "Cell [[PH:+1 604 555 0187]]. My husband [[P:Haruto Ikeda]] was in the passenger seat.",
        ),
        ("p", "Thanks,\n[[P:Wei-Ling]]"),
    ],
)

# 3 -- witness statement UK MG11-like DOCX, names in capitals, NI number
doc(
    id="ut-003",
    kind="witness_statement",
    lang="en",
    jur="UK-ENG",
    format="docx",
    layout="mg11-table",
    police_service="West Midlands Police",
    oversight_body="Independent Office for Police Conduct",
    complainant="Chidinma Okonjo-Adebayo",
    header="RESTRICTED (when complete)      WITNESS STATEMENT",
    footer="Signature witnessed by: DC [[P:Rhys Pritchard]]",
    blocks=[
        (
            "table",
            [
                ["Statement of:", "[[P:OKONJO-ADEBAYO, Chidinma|OKONJO-ADEBAYO;OKONJO;ADEBAYO]]"],
                ["Age if under 18:", "Over 18"],
                ["Occupation:", "Pharmacy dispenser"],
                [
                    "Address:",
                    "[[AD:Flat 9, Harlow Court, 27 Moseley Road|27 Moseley Road]], Birmingham [[PC:B12 9AH]]",
                ],
                ["Telephone:", "[[PH:07700 914 362]]"],
                ["NI number:", "[[NI:QT 48 27 61 C]]"],
            ],
            [1, 3],
        ),
        (
            "p",
            "This statement, consisting of 1 page, is true to the best of my knowledge and belief.",
        ),
        (
            "p",
            "On [[D:inc:2025-06-21:Saturday 21st June 2025]] at about 01:30 I was walking home along "
            "{{Digbeth High Street}} with my friend [[P:Aleksandra Nowicka]] when a police van stopped beside us.",
        ),
        (
            "p",
            "<<use_of_force|An officer I now know to be PC [[P:Marcus Threlfall]] got out, grabbed [[P:Aleksandra]] by "
            "the hood and pushed her face-first against the van door.>> I heard her nose crack. She was "
            "bleeding heavily and later told me she had [[MED:a broken nose]]. [[P:Aleksandra]] is "
            "[[AGE:aged 27]].",
        ),
        (
            "p",
            "<<harassment_or_intimidation|When I started filming on my phone the officer said that if I did not "
            'put it away he would make sure I "got nicked as well" and would find out where I worked.>>',
        ),
        (
            "p",
            "I did not see any other officer touch us. The van had the number {{WM 4471}} on the side "
            "and I gave my footage to the {{Professional Standards Department}} on "
            "[[D:oth:2025-06-24:24/06/2025]].",
        ),
        (
            "p",
            "Signed: [[P:C. Okonjo-Adebayo|Okonjo-Adebayo;Okonjo;Adebayo]]     Date: [[D:int:2025-07-02:02/07/2025]]",
        ),
    ],
)

# 4 -- intake form, Ontario, PDF table with tick boxes
doc(
    id="ut-004",
    kind="complaint_form",
    lang="en",
    jur="CA-ON-MUN",
    format="pdf",
    layout="form-ticks",
    police_service="Hamilton Police Service",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Dmytro Kovalenko",
    header="PUBLIC COMPLAINT FORM - Form 1",
    footer="Page #PAGE# - personal information collected under the Community Safety and Policing Act",
    blocks=[
        ("h", "Section A - About you"),
        (
            "table",
            [
                ["Last name", "KOVALENKO"],
                ["First name", "[[P:Dmytro|]]"],
                ["Date of birth (DD-MMM-YYYY)", "[[D:dob:1979-11-07:07-NOV-1979]]"],
                ["Mailing address", "[[AD:PO Box 2218, Station LCD 1|PO Box 2218]], Hamilton ON"],
                ["Postal code", "[[PC:L8N 3Z4]]"],
                ["Phone (day)", "[[PH:289.442.7710]]"],
                ["E-mail", "[[EM:d.kovalenko79@gmail.com]]"],
                ["Ontario health card (if injured)", "[[HC:4421-870-552-KT]]"],
            ],
            [2, 3],
        ),
        ("h", "Section B - The incident"),
        (
            "table",
            [
                ["Date of incident", "[[D:inc:2025-09-12:2025-09-12]]"],
                ["Location", "{{Gage Park}}, Hamilton"],
                ["Police service", "{{Hamilton Police Service}}"],
                [
                    "Officer(s) involved",
                    "Cst. [[P:Amara Nwachukwu]] #[[B:1472]]; unknown male officer",
                ],
            ],
            [2, 3],
        ),
        ("h", "Section C - What is your complaint about? (tick all that apply)"),
        (
            "table",
            [
                ["☐ Use of force", "<<unlawful_arrest_or_detention|☒ Arrest or detention>>"],
                ["<<discourtesy|☒ Rudeness / language>>", "☐ Search of person, vehicle or home"],
                ["☐ Discrimination", "☐ Other"],
            ],
            [1, 1],
        ),
        ("h", "Section D - Describe what happened"),
        (
            "p",
            "<<unlawful_arrest_or_detention|I was sitting on a bench in the park when the officer told me to "
            'stand up, handcuffed me and held me for forty minutes because I "matched a description", '
            "and then let me go without any explanation.>> <<discourtesy|She called me a drunk idiot in "
            "front of my kids.>> I have [[MED:type 1 diabetes]] and asked for my juice; it was given to me "
            "only after twenty minutes. I do not allege that any force was used on me.",
        ),
        ("p", "Signature: [[P:D. Kovalenko]]      Date signed: [[D:let:2025-09-20:20-SEP-2025]]"),
        (
            "table",
            [
                [
                    "OFFICE USE ONLY",
                    "Received: [[D:rec:2025-09-23:Sept 23, 2025]]",
                    "File: 25-HAM-0381",
                ]
            ],
            [1, 1, 1],
        ),
    ],
)
# the surname in capitals in the table is a PERSON item on its own (form field split in two cells)
DOCS[-1]["blocks"][1][1][0][1] = "[[P:KOVALENKO]]"

# 5 -- investigator's report, Québec, French, 2 pages, header/footer, metadata author
doc(
    id="ut-005",
    kind="investigative_report",
    lang="fr",
    jur="CA-QC",
    format="pdf",
    layout="report-2p",
    police_service="Service de police de la Ville de Montréal",
    oversight_body="Commissaire à la déontologie policière",
    complainant="Marie-Ève Gagnon-Bélanger",
    officers=[
        {"name": "Stéphane Lévesque", "rank": "agent", "badge": "6120"},
        {"name": "Nadia Boukhalfa", "rank": "sergente", "badge": "4893"},
    ],
    meta={"author": "[[P:Julien Thériault]]", "title": "Rapport d'enquête"},
    header="Commissaire à la déontologie policière - Dossier 25-0412 - CONFIDENTIEL",
    footer="Enquêteur : [[P:J. Thériault]]   -   page #PAGE#",
    blocks=[
        ("h", "RAPPORT D'ENQUÊTE"),
        (
            "p",
            "Plaignante : [[P:Marie-Ève Gagnon-Bélanger|Gagnon-Bélanger;Gagnon;Bélanger]], née le "
            "[[D:dob:1975-05-14:14 mai 1975]] ([[AGE:50 ans]]), domiciliée au "
            "[[AD:4512, rue Fabre, app. 3|4512, rue Fabre]], Montréal (Québec) [[PC:H2J 3V5]], "
            "téléphone [[PH:514 862-3390]].",
        ),
        (
            "p",
            "Policiers visés : l'agent [[P:Stéphane Lévesque]] (matricule [[B:6120]]) et la sergente "
            "[[P:Nadia Boukhalfa]] (matricule [[B:4893]]), du {{Service de police de la Ville de Montréal}}, "
            "{{poste de quartier 38}}.",
        ),
        ("h", "1. Résumé de la plainte"),
        (
            "p",
            "La plainte a été reçue le [[D:rec:2025-07-08:8 juillet 2025]]. La plaignante allègue que, le "
            "[[D:inc:2025-06-29:29 juin 2025]], vers 22 h, lors d'une intervention pour bruit au {{parc "
            "La Fontaine}}, <<use_of_force|l'agent Lévesque l'aurait projetée au sol et lui aurait mis un "
            "genou dans le dos alors qu'elle ne résistait pas.>> Elle dit avoir subi [[MED:une fracture de "
            "deux côtes]].",
        ),
        (
            "p",
            "<<deceit|Elle allègue aussi que la sergente Boukhalfa a écrit dans son rapport que la plaignante "
            "l'avait frappée, ce qui serait faux.>>",
        ),
        ("br",),
        ("h", "2. Démarches d'enquête"),
        (
            "p",
            "La plaignante a été rencontrée le [[D:int:2025-08-05:5 août 2025]]. Son conjoint, "
            "[[P:Olivier Desrosiers-Nault|Desrosiers-Nault;Desrosiers;Nault]], témoin de la scène, a été "
            "rencontré le [[D:int:2025-08-07:7 août]]. [[P:Olivier]] confirme la version de la plaignante.",
        ),
        (
            "p",
            "Un passant, M. [[P:Idrissa Sow]], joint au [[PH:438-555-0142]], déclare n'avoir vu aucun coup.",
        ),
        ("h", "3. Analyse"),
        (
            "p",
            "Les faits sont examinés au regard de l'article 6 du {{Code de déontologie des policiers du Québec}} "
            "et de la {{Loi sur la police}}. L'enquêteur recommande que le dossier soit transmis au "
            "{{Comité de déontologie policière}}.",
        ),
        ("p", "Rapport déposé le [[D:let:2025-09-30:30 septembre 2025]]."),
    ],
)

# 6 -- case summary, Alberta, plain text, third person
doc(
    id="ut-006",
    kind="case_summary",
    lang="en",
    jur="CA-AB",
    format="txt",
    layout="summary-plain",
    police_service="Calgary Police Service",
    oversight_body="Police Review Commission",
    complainant="Tanis Cardinal",
    blocks=[
        ("p", "CASE SUMMARY - PRC file 2025-0117"),
        (
            "p",
            "Complainant: [[P:Tanis Cardinal]] (DOB: [[D:dob:1992-04-30:April 30th, 1992]]), of "
            "[[AD:88 Saddlecrest Way NE|88 Saddlecrest Way NE]], Calgary, AB [[PC:T3J 5L2]]. "
            "Contact number on file: [[PH:403 555 7716]].",
        ),
        (
            "p",
            "Respondent: Constable [[P:Bogdan Marinescu]], regimental number [[B:5029]], "
            "{{Calgary Police Service}}, District 5.",
        ),
        (
            "p",
            "Summary: The complainant reports that on [[D:inc:2025-03-14:March 14, 2025]] she called police about a "
            "break-in at her sister's home. <<neglect_of_duty|The reporting party alleges that the "
            "respondent officer never attended, never took a statement and closed the file the same "
            "night without speaking to anyone.>> <<discrimination|She believes the file was not taken "
            "seriously because she and her sister are First Nations.>>",
        ),
        (
            "p",
            "The complainant's sister, [[P:Raven Cardinal-Yellowhorn|Cardinal-Yellowhorn;Cardinal;Yellowhorn]], "
            "provided a written account on [[D:oth:2025-04-02:April 2, 2025]]. [[P:Raven]] says the back door lock "
            "was still broken a week later.",
        ),
        (
            "p",
            "Received by the Commission: [[D:rec:2025-03-28:28 March 2025]]. Investigator interview with the "
            "respondent: [[D:int:2025-05-06:May 6, 2025]].",
        ),
        (
            "p",
            "Applicable legislation: {{Police Act}} (Alberta), {{Police Service Regulation}}, s. 5(2)(i).",
        ),
    ],
)

# 7 -- French e-mail, Québec, with a PDF letter attached
doc(
    id="ut-007",
    kind="complaint_email",
    lang="fr",
    jur="CA-QC",
    format="eml",
    layout="email-attach-pdf",
    cte="8bit",
    police_service="Service de police de la Ville de Québec",
    oversight_body="Commissaire à la déontologie policière",
    complainant="Karim Benali",
    headers=[
        ("From", "[[P:Karim]] B. <[[EM:karim.benali@videotron.example]]>"),
        ("To", "plaintes@deontologie-example.qc.ca"),
        ("Subject", "Plainte contre deux policiers - pièce jointe"),
        ("Date", "[[D:rec:2025-02-03:Mon, 03 Feb 2025 08:15:40 -0500]]"),
    ],
    blocks=[
        ("p", "Bonjour,"),
        (
            "p",
            "Vous trouverez ci-joint ma lettre de plainte concernant l'intervention du "
            "[[D:inc:2025-01-25:25 janvier]] à Limoilou. Je suis joignable au [[PH:418 555-2093]] en soirée.",
        ),
        (
            "p",
            "Merci,\n[[P:Karim Benali]]\n[[AD:1620, 3e Avenue, app. 5|1620, 3e Avenue]], Québec [[PC:G1L 2X2]]",
        ),
    ],
    attachment={
        "format": "pdf",
        "filename": "plainte_benali.pdf",
        "id": "att",
        "blocks": [
            ("p", "Québec, le [[D:let:2025-02-02:2 février 2025]]"),
            ("p", "Objet : plainte en déontologie policière"),
            ("p", "Madame, Monsieur,"),
            (
                "p",
                "Le [[D:inc:2025-01-25:25 janvier 2025]], vers 2 h du matin, deux policiers du "
                "{{Service de police de la Ville de Québec}} m'ont interpellé devant un dépanneur de la "
                "{{3e Avenue}}. <<discourtesy|Le plus grand m'a traité de « maudit Arabe » et m'a tutoyé "
                "tout le long.>> <<discrimination|Je crois qu'ils m'ont arrêté seulement à cause de "
                "mon apparence et de mon nom.>>",
            ),
            (
                "p",
                "<<unlawful_search_or_seizure|Ils ont fouillé mes poches et mon sac à dos sans "
                "m'expliquer pourquoi et sans mon accord.>> Ils n'ont rien trouvé. Je suis né le "
                "[[D:dob:1990-09-17:17/09/1990]] et je travaille comme technicien.",
            ),
            ("p", "Je vous prie d'agréer mes salutations distinguées."),
            ("p", "[[P:Karim Benali]]"),
        ],
    },
)

# 8 -- French witness statement, Ontario francophone, DOCX
doc(
    id="ut-008",
    kind="witness_statement",
    lang="fr",
    jur="CA-ON",
    format="docx",
    layout="statement-fr",
    police_service="Service de police du Grand Sudbury",
    oversight_body="Agence des plaintes contre les forces de l'ordre",
    complainant="Rémi Paquette",
    header="DÉCLARATION DE TÉMOIN - Dossier AP-25-2290",
    footer="Initiales du témoin : ______",
    blocks=[
        (
            "table",
            [
                [
                    "Nom du témoin",
                    "[[P:Ginette Lalonde-Ouellette|Lalonde-Ouellette;Lalonde;Ouellette]]",
                ],
                ["Date de naissance", "[[D:dob:1964-12-02:2 déc. 1964]]"],
                [
                    "Adresse",
                    "[[AD:209, rue Notre-Dame Est|209, rue Notre-Dame Est]], Sudbury (Ontario) [[PC:P3A 2T6]]",
                ],
                ["Téléphone", "[[PH:705-555-3821]]"],
                ["Date de l'entrevue", "[[D:int:2025-10-21:21 octobre 2025]]"],
            ],
            [1, 2],
        ),
        (
            "p",
            "Je demeure en face du bar où les faits se sont produits. Le soir du "
            "[[D:inc:2025-10-11:samedi 11 octobre 2025]], j'ai vu par ma fenêtre deux agents du "
            "{{Service de police du Grand Sudbury}} sortir un jeune homme, [[P:Rémi Paquette]], du bar.",
        ),
        (
            "p",
            "<<use_of_force|Un des agents l'a frappé à coups de matraque sur les jambes alors qu'il était déjà par "
            "terre et menotté.>> [[P:Rémi]] criait qu'il avait mal. Le lendemain, sa mère m'a dit qu'il avait "
            "[[MED:une entorse au genou]] et [[MED:une commotion cérébrale]].",
        ),
        (
            "p",
            "L'agente portait le numéro [[B:S-4417]] sur sa veste. Je ne peux pas dire que les agents ont "
            "volé quoi que ce soit. Je n'ai jamais parlé au sergent [[P:Vijay Raghunathan]], "
            "qui est arrivé plus tard.",
        ),
        ("p", "Signature : [[P:G. Lalonde-Ouellette|Lalonde-Ouellette;Lalonde;Ouellette]]"),
    ],
)

# 9 -- UK complaint letter, PDF (A4), ornate DOB, flat, bank account (refund claim)
doc(
    id="ut-009",
    kind="complaint_letter",
    lang="en",
    jur="UK-ENG",
    format="pdf",
    layout="letter-uk",
    paper="A4",
    police_service="Greater Manchester Police",
    oversight_body="Independent Office for Police Conduct",
    complainant="Siobhan Mulcahy",
    blocks=[
        (
            "pre",
            "[[AD:Flat 4B, Ashworth House, 112 Wilmslow Road|112 Wilmslow Road]]\nRusholme\nManchester\n[[PC:M14 5LW]]",
        ),
        ("p", "[[D:let:2025-04-03:3rd April 2025]]"),
        ("pre", "{{Professional Standards Branch}}\n{{Greater Manchester Police}}\nManchester"),
        ("p", "Dear Sir or Madam,"),
        ("p", "Complaint regarding the seizure of my property"),
        (
            "p",
            "I, [[P:Siobhan Mulcahy]], born on [[D:dob:1983-07-19:the 19th day of July, 1983]], wish to "
            "complain about officers who came to my flat on [[D:inc:2025-03-08:8 March 2025]] looking for my "
            "former partner, [[P:Tomasz Zieliński]].",
        ),
        (
            "p",
            "<<unlawful_search_or_seizure|They searched every room and emptied my drawers onto the floor even though "
            "I told them he had not lived here since last year and they showed me no warrant.>> "
            "<<corrupt_practice|One of them, PC [[P:Darren Hulme]] (collar number [[B:GMP 08814]]), took £260 in "
            "cash from my kitchen tin and no receipt was ever given.>>",
        ),
        (
            "p",
            "I would like the money repaid to my account: sort code [[BA:20-45-77]], account number "
            "[[BA:53018462]]. My National Insurance number is [[NI:JM 62 19 04 D]] if you need it to "
            "identify me. I can be reached on [[PH:0161 496 0732]] or at "
            "[[EM:siobhan.mulcahy@btinternet.example]].",
        ),
        ("p", "I understand the complaint will be handled under the {{Police Reform Act 2002}}."),
        ("p", "Yours faithfully,"),
        ("p", "[[P:Siobhan Mulcahy]]"),
    ],
)

# 10 -- e-mail thread, Manitoba: coordinator's reply with the complainant's quoted message
doc(
    id="ut-010",
    kind="complaint_email",
    lang="en",
    jur="CA-MB",
    format="eml",
    layout="email-thread",
    police_service="Winnipeg Police Service",
    oversight_body="Law Enforcement Review Agency",
    complainant="Jordan McKay",
    headers=[
        ("From", "[[P:Farah Siddiqui]] <[[EM:fsiddiqui@lera-example.mb.ca]]>"),
        ("To", "[[EM:jmckay204@shaw.example]]"),
        ("Subject", "RE: complaint about officer at Portage Place"),
        ("Date", "[[D:oth:2025-05-27:Tue, 27 May 2025 10:22:05 -0500]]"),
    ],
    blocks=[
        ("p", "Good morning Mr. McKay,"),
        (
            "p",
            "Thank you for your message. Your complaint has been registered as LERA file 25-224 and an "
            "investigator will contact you within 30 days. Please keep any receipts for your glasses.",
        ),
        (
            "pre",
            "Regards,\n[[P:Farah Siddiqui]]\nIntake Officer, {{Law Enforcement Review Agency}}\n"
            "Tel. [[PH:204-945-8812]]",
        ),
        (
            "pre",
            "-----Original Message-----\nFrom: jordan mckay <[[EM:jmckay204@shaw.example]]>\n"
            "Sent: [[D:rec:2025-05-25:May 25, 2025 11:48 PM]]\nSubject: complaint about officer at Portage Place",
        ),
        (
            "pre",
            "> hi, my name is [[P:jordan mckay]] and i want to complain about a cop from\n"
            "> the {{Winnipeg Police Service}}. on [[D:inc:2025-05-23:may 23]] i was at portage place with my\n"
            "> cousin [[P:Tanis Beardy]].\n"
            "> <<use_of_force|he slammed me into the glass doors and my glasses broke and cut my eyebrow>>, i\n"
            "> needed [[MED:four stitches]] at {{Health Sciences Centre}}. <<damage_to_property|he stepped on my\n"
            "> glasses on purpose after they fell>>. his badge said [[B:W-1893]].\n"
            "> [[P:Tanis]] has a video. my number is [[PH:(204) 555-0169]]\n"
            "> i live at [[AD:unit 6 - 311 Selkirk Ave|311 Selkirk Ave]] [[PC:R2W 2L9]]\n"
            "> [[P:jordan]]",
        ),
    ],
)

# 11 -- investigative report, Ontario, DOCX with officer table
doc(
    id="ut-011",
    kind="investigative_report",
    lang="en",
    jur="CA-ON",
    format="docx",
    layout="report-table",
    police_service="Ottawa Police Service",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Abdirahman Hassan Farah",
    header="LECA - Investigative Report - Case 25-OTT-0077",
    footer="Prepared by Investigator [[P:Noémie Fortin-Clarke|Fortin-Clarke;Fortin;Clarke]]",
    meta={"author": "[[P:nfortin-clarke]]"},
    blocks=[
        ("h", "1. Parties"),
        (
            "table",
            [
                ["Role", "Name", "Rank / Badge", "Contact"],
                ["Complainant", "[[P:Abdirahman Hassan Farah]]", "-", "[[PH:613-555-0148]]"],
                [
                    "Subject officer",
                    "[[P:Xu Mingyu|Xu;Mingyu]]",
                    "Constable #[[B:2086]]",
                    "Ottawa Police Service",
                ],
                [
                    "Witness officer",
                    "[[P:Heather MacAskill]]",
                    "Sergeant #[[B:1140]]",
                    "Ottawa Police Service",
                ],
                ["Civilian witness", "[[P:Yusuf Abdi]]", "-", "[[EM:yusuf.abdi@rogers.example]]"],
            ],
            [2, 3, 2, 3],
        ),
        ("h", "2. Allegations"),
        (
            "p",
            "The complainant, a [[AGE:46-year-old]] taxi driver, alleges that on [[D:inc:2025-01-17:January 17, 2025]] "
            "at {{Rideau Centre}}: <<use_of_force|(a) the subject officer struck him twice in the ribs with a closed "
            "fist while he was handcuffed;>> <<deceit|(b) the subject officer later told the duty sergeant that the "
            "complainant had tried to head-butt him, which the complainant says never happened.>>",
        ),
        ("h", "3. Evidence"),
        (
            "p",
            "Mr. Hassan Farah was interviewed on [[D:int:2025-02-11:11-Feb-2025]]. He provided medical notes "
            "showing [[MED:two cracked ribs]]. The witness officer, Sgt. MacAskill, was interviewed on "
            "[[D:int:2025-02-19:19-Feb-2025]] and stated she did not see the arrest itself. The civilian witness, "
            'Mr. Abdi, says he saw "the officer punching a man who was already on the ground."',
        ),
        (
            "p",
            "Cst. Xu declined to be interviewed, as is his right under {{section 32}} of the "
            "{{Community Safety and Policing Act, 2019}}.",
        ),
        ("h", "4. Finding"),
        (
            "p",
            "The allegation of unnecessary force is substantiated. The allegation of deceit is not substantiated "
            "on the evidence. Report date: [[D:let:2025-04-22:22 April 2025]].",
        ),
    ],
)

# 12 -- UK intake form, PDF A4 with ticked boxes
doc(
    id="ut-012",
    kind="complaint_form",
    lang="en",
    jur="UK-WLS",
    format="pdf",
    layout="form-uk",
    paper="A4",
    police_service="South Wales Police",
    oversight_body="Independent Office for Police Conduct",
    complainant="Rhiannon Bevan-Ahmed",
    header="Police complaint form - please use BLOCK CAPITALS",
    blocks=[
        ("h", "Your details"),
        (
            "table",
            [
                ["Title", "Ms", "Full name", "[[P:RHIANNON BEVAN-AHMED|BEVAN-AHMED;BEVAN;AHMED]]"],
                ["Date of birth", "[[D:dob:1995-01-09:09/01/1995]]", "Age", "[[AGE:30]]"],
                [
                    "Address",
                    "[[AD:22 Heol y Nant|22 Heol y Nant]], Whitchurch, Cardiff",
                    "Postcode",
                    "[[PC:CF14 1JR]]",
                ],
                [
                    "Mobile",
                    "[[PH:+44 7911 123 458]]",
                    "Email",
                    "[[EM:rbevanahmed@outlook.example]]",
                ],
            ],
            [1, 2, 1, 2],
        ),
        ("h", "What are you unhappy about? (put a cross in each box that applies)"),
        (
            "pre",
            "<<harassment_or_intimidation|[X] Being followed or harassed by an officer>>\n"
            "[ ] Force used against me\n"
            "<<breach_of_confidence|[X] Personal information shared without my consent>>\n"
            "[ ] Property damaged or not returned",
        ),
        ("h", "Tell us what happened"),
        (
            "p",
            "Since [[D:inc:2025-02-14:14 February 2025]] a local officer, PC [[P:Gareth Llewellyn]], has "
            "driven past my house several times a week and parked outside for long periods. "
            "<<breach_of_confidence|He told my ex-husband's family about my arrest record and my address, which "
            "he could only have got from police systems.>> <<harassment_or_intimidation|He messaged me on "
            'Facebook saying I should "watch myself".>> I have [[MED:anxiety and panic attacks]] as a result.',
        ),
        (
            "p",
            "Have you complained before? No.     Date form completed: [[D:let:2025-05-01:1 May 2025]]",
        ),
    ],
)

# 13 -- French case summary, Ontario, TXT
doc(
    id="ut-013",
    kind="case_summary",
    lang="fr",
    jur="CA-ON",
    format="txt",
    layout="summary-fr",
    police_service="Police provinciale de l'Ontario",
    oversight_body="Agence des plaintes contre les forces de l'ordre",
    complainant="Aïcha Traoré",
    blocks=[
        ("p", "SOMMAIRE DE DOSSIER - AP-25-3107"),
        (
            "p",
            "Plaignante : Mme [[P:Aïcha Traoré]], [[AGE:âgée de 41 ans]], [[AD:1450, chemin Montréal, bureau 12|1450, chemin Montréal]], "
            "Ottawa [[PC:K1J 6V4]]; courriel [[EM:a.traore@sympatico.example]].",
        ),
        ("p", "Service visé : {{Police provinciale de l'Ontario}}, détachement de Hawkesbury."),
        (
            "p",
            "Faits allégués : le [[D:inc:2025-08-02:2 août 2025]], la plaignante a été interceptée sur "
            "l'{{autoroute 417}}. <<unlawful_arrest_or_detention|Elle soutient que l'agent [[P:Pierre-Luc Ménard]] "
            "l'a gardée plus d'une heure au bord de la route sans lui dire pourquoi elle était détenue.>> "
            "<<service_or_policy|Elle se plaint aussi qu'aucun agent ne parlait français, alors qu'elle l'avait demandé.>>",
        ),
        (
            "p",
            "La plaignante dit avoir fait [[MED:une crise d'asthme]] pendant l'attente. Son fils, [[P:Moussa]], "
            "était à bord.",
        ),
        (
            "p",
            "Plainte reçue le [[D:rec:2025-08-20:20 août 2025]]. Entrevue avec la plaignante le "
            "[[D:int:2025-09-09:9 sept. 2025]]. Le dossier relève de la {{Loi de 2019 sur la sécurité "
            "communautaire et les services policiers}}.",
        ),
    ],
)

# 14 -- UK e-mail with a DOCX witness statement attached
doc(
    id="ut-014",
    kind="complaint_email",
    lang="en",
    jur="UK-ENG",
    format="eml",
    layout="email-attach-docx",
    police_service="Metropolitan Police Service",
    oversight_body="Independent Office for Police Conduct",
    complainant="Oluwaseun Adeyemi",
    headers=[
        ("From", "[[P:Oluwaseun Adeyemi]] <[[EM:seun.adeyemi@gmail.example]]>"),
        ("To", "complaints@met-psd.example.uk"),
        ("Subject", "Stop and search Brixton - statement from my neighbour"),
        ("Date", "[[D:rec:2025-07-14:Mon, 14 Jul 2025 19:40:00 +0100]]"),
    ],
    blocks=[
        ("p", "Dear Professional Standards,"),
        (
            "p",
            "Further to my online complaint, I attach a statement from my neighbour who saw the stop. "
            "<<unlawful_search_or_seizure|The officers made me take off my shoes and searched my bag in the "
            "street without saying what they were looking for or giving me a record of the search.>>",
        ),
        (
            "p",
            "You can call me on [[PH:020 7946 0815]]. My date of birth is [[D:dob:1998-10-05:05.10.1998]].",
        ),
        ("p", "Kind regards,\n[[P:Seun]]"),
    ],
    attachment={
        "format": "docx",
        "filename": "statement_neighbour.docx",
        "blocks": [
            ("h", "Statement of [[P:Margaret Ann O'Sullivan|O'Sullivan;Sullivan]]"),
            (
                "p",
                "I live at [[AD:Flat 2, 41 Railton Road|41 Railton Road]], London [[PC:SE24 0LY]]. On "
                "[[D:inc:2025-07-09:Wednesday 9 July]] I saw two officers stop my neighbour "
                "[[P:Seun]] outside the off-licence on {{Railton Road}}.",
            ),
            (
                "p",
                '<<discourtesy|One officer kept calling him "mate" in a sneering way and told him to '
                "shut his mouth.>> I did not see anyone hit him.",
            ),
            ("p", "[[P:M. A. O'Sullivan|O'Sullivan;Sullivan]], [[D:let:2025-07-12:12.07.2025]]"),
        ],
    },
)

# 15 -- case summary, Ontario municipal, PDF; card and SIN
doc(
    id="ut-015",
    kind="case_summary",
    lang="en",
    jur="CA-ON-MUN",
    format="pdf",
    layout="summary-pdf",
    police_service="Toronto Police Service",
    oversight_body="Law Enforcement Complaints Agency",
    complainant="Jaswinder Kaur Gill",
    blocks=[
        ("h", "File summary - 25-TOR-1190 (corrupt practice / property)"),
        (
            "table",
            [
                ["Complainant", "[[P:Jaswinder Kaur Gill|Gill]]"],
                ["DOB", "[[D:dob:1988-06-23:23/06/1988]]"],
                ["SIN (provided with wage-loss claim)", "[[SIN:947 183 521]]"],
                [
                    "Address",
                    "[[AD:2 Bloor St W, Suite 700|2 Bloor St W]], Toronto, ON [[PC:M4W 3E2]]",
                ],
            ],
            [2, 3],
        ),
        (
            "p",
            "On [[D:inc:2025-05-30:30/05/2025]] the complainant's purse was seized when she was arrested for "
            "shoplifting at {{Eaton Centre}}; the charge was later withdrawn by the {{Ontario Court of Justice}}. "
            "<<corrupt_practice|She alleges that the arresting officer, Detective Constable [[P:Andrei Popescu]], "
            "used her American Express card, number [[CC:3782 561493 01725]], to buy gift cards worth $1,400 "
            "the following day.>> Her Visa [[CC:4271 6053 8291 4741]] was also in the purse but was not used.",
        ),
        (
            "p",
            "<<neglect_of_duty|She further alleges that the property officer at {{51 Division}} failed to record "
            "the purse on the property log, so it could not be traced for three weeks.>>",
        ),
        (
            "p",
            "Bank statements from account [[BA:04512-003-7719385]] were provided. "
            "[[P:Jaswinder]] reports [[MED:depression]] since the arrest. Interview: "
            "[[D:int:2025-07-15:15/07/2025]]. Complaint received [[D:rec:2025-06-16:June 16, 2025]].",
        ),
    ],
)
