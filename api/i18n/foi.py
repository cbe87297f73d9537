"""The FOI pages' interface strings (requests, review, jobs) in English and French."""

from __future__ import annotations

from typing import Final

FOI_STRINGS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "requests": "FOI requests",
        "new_request": "Open an FOI request",
        "number": "Number",
        "received_on": "Received",
        "requester_type": "Requester",
        "policy": "Policy",
        "requester_names": "Requester's names (one a line)",
        "requester_identifiers": (
            "Requester's identifiers: e-mail, phone, date of birth as written (one a line)"
        ),
        "requester_note": "Under the requester policy their own information stays in.",
        "save_requester": "Save the requester",
        "jurisdiction": "Jurisdiction",
        "due_on": "Due",
        "status": "Status",
        "open": "Open",
        "review": "Review redactions",
        "overview": "Request overview",
        "progress": "Progress",
        "pages_reviewed": "pages reviewed",
        "boxes_reviewed": "boxes reviewed",
        "document": "Document",
        "page": "Page",
        "of": "of",
        "prev_page": "Previous page",
        "next_page": "Next page",
        "disposition": "Page disposition",
        "none": "(not set)",
        "released_in_full": "Released in full",
        "released_in_part": "Released in part",
        "withheld_in_full": "Withheld in full",
        "not_responsive": "Not responsive",
        "duplicate": "Duplicate",
        "duplicate_of": "Looks like a duplicate of",
        "mark_duplicates": "Mark duplicates",
        "bulk_accept": "Accept all of a type",
        "entity_type": "Entity type",
        "accept_all": "Accept all",
        "accept_everywhere": "Accept everywhere in this request",
        "accept_person": "This person, all forms",
        "accept_person_help": (
            "Every box naming the same person of the case: full name, surname alone, "
            "initials, possessive, any casing."
        ),
        "accept_same": "This exact value",
        "accept_same_help": "Every box holding exactly these words (any casing).",
        "contradicting_withheld": (
            "The same words are in {n} other box(es) of this document that are not accepted."
            ' Accept them too ("This exact value"), or the release check will refuse the'
            " document: the words would still be readable there."
        ),
        "contradicting_released": (
            "The same words are in {n} accepted box(es) of this document. Left readable here,"
            " they show what those boxes hide, and the release check will refuse the document."
            " Reject those too, or accept this one."
        ),
        "select_words": "Select words",
        "box_words": "Box the selected words",
        "no_words": "This page has no text layer: draw a box instead.",
        "term": "Redact every occurrence of",
        "exemption_code": "Exemption code",
        "redact_term": "Redact everywhere",
        "box": "Selected box",
        "no_box": "Click a box, or drag on the page to add one.",
        "recognizer": "Recognizer",
        "score": "Score",
        "context": "Context",
        "accept": "Accept (a)",
        "reject": "Reject (r)",
        "recode": "Withhold with this code",
        "recode_help": "A re-coded box is withheld, under the code given.",
        "review_gaps": "Still to decide before the package can be built",
        "undecided_boxes": "proposed box(es) without a decision",
        "pages_without_disposition": "page(s) without a disposition",
        "box_ref": "box",
        "and_more": "and more",
        "remove": "Remove box",
        "proposed": "proposed",
        "accepted": "accepted",
        "rejected": "rejected",
        "kept": "left in: the requester's own information",
        "manual": "added by hand",
        "shortcuts": (
            "Keys: a accept, r reject, u or Ctrl+Z undo, n or j next box, p or k previous box, "
            "] next page, [ previous page, v preview as released, + and - zoom, 0 fit."
        ),
        "job": "Disclosure package",
        "run_job": "Build the package",
        "run_consult": "Build a consult copy",
        "resume": "Resume",
        "release": "Release the package",
        "released": "Released: this request is locked.",
        "download_pdf": "Download PDF",
        "download_csv": "Redaction log (CSV)",
        "job_progress": "Documents done",
        "failed_docs": "failed",
        "job_kind_package": "package",
        "job_kind_consult": "consult",
        "download_consult": "Consult",
        "saved": "Saved.",
        "error": "Not possible",
        "add_time": "Extension or on-hold period",
        "kind": "Kind",
        "extension": "Extension",
        "on_hold": "On hold",
        "days": "Days",
        "reason": "Reason",
        "add": "Add",
        "documents": "Documents",
        "select_documents": "Documents of the request (in order)",
        "save_documents": "Save the selection",
        "case": "Case",
        "position": "Order",
        "language": "Français",
        "create": "Open the request",
        "box_added": "Box added.",
        "package_title": "Title in the package",
        "package_title_help": (
            "The package's index and log show each document by this title. Left empty, it is "
            "the case reference and document number: a file name often names a person, so it "
            "is never used."
        ),
        "view_tools": "View",
        "as_released": "Preview as released",
        "as_released_help": (
            "As released: withheld boxes are black with their code, hatched boxes are still "
            "undecided (the package waits for them), everything else stays readable."
        ),
        "as_released_on": "Showing the page as it will be released.",
        "as_released_off": "Showing the review boxes.",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "zoom_fit": "Fit",
        "undo": "Undo",
        "undone": "Undone",
        "thumbnails": "Pages of this document",
        "thumb_undecided": "undecided boxes",
        "drag_help": "Drag on the page image to draw a new box.",
        "preflight": "Pre-flight check",
        "preflight_help": (
            "What the release check would refuse, found before building: a value withheld"
            " in one place must not be readable in another (in this document or another one"
            " of the request), and every box and page needs a decision."
        ),
        "preflight_ok": "Nothing found: the package can be built.",
        "contradictions": "value(s) withheld in one place and readable in another",
        "withheld_at": "withheld",
        "readable_at": "readable",
        "across_documents": "across documents",
        "open_box": "open",
        "bulk_preview": "What this will accept",
        "bulk_preview_help": (
            "Untick what is not personal information. Low-score values come unticked."
        ),
        "value": "Value",
        "count": "Boxes",
        "pages": "Pages",
        "apply": "Accept the ticked values",
        "cancel": "Cancel",
        "low_score": "low score",
        "release_confirm": "Release this package?",
        "release_confirm_help": (
            "Once released the request is locked: no box, page or document can be changed."
        ),
        "release_confirm_yes": "Release it",
        "package_pages": "pages in the package",
        "read_only": "Released: this review is read-only.",
        "withheld_under": "Withheld in full under",
        "save_code": "Save the section",
        "request_case": "Case the request is about",
        "no_case": "(no case: choose documents from any case)",
        "scope": "Scope of the request",
        "scope_help": "What was asked for, in the requester's words",
        "show_all_cases": "Show the documents of every case",
        "include": "Include",
        "file_name": "File name",
        "no_documents": "No document is ready for disclosure yet.",
        "term_preview": "Every occurrence found",
        "term_preview_help": (
            "Untick the occurrences that are not the information meant; only the ticked ones"
            " are boxed."
        ),
        "term_apply": "Box the ticked occurrences",
        "already_boxed": "already boxed",
        "box_table": "Every box of the request",
        "all": "(all)",
        "select_shown": "Select every box shown",
        "accept_selected": "Accept the selected",
        "reject_selected": "Reject the selected",
        "recode_selected": "Withhold the selected with this code",
    },
    "fr": {
        "requests": "Demandes d'accès",
        "new_request": "Ouvrir une demande d'accès",
        "number": "Numéro",
        "received_on": "Reçue le",
        "requester_type": "Demandeur",
        "policy": "Politique",
        "requester_names": "Noms du demandeur (un par ligne)",
        "requester_identifiers": (
            "Identifiants du demandeur : courriel, téléphone, date de naissance tels qu'écrits "
            "(un par ligne)"
        ),
        "requester_note": (
            "Sous la politique « demandeur », ses propres renseignements restent lisibles."
        ),
        "save_requester": "Enregistrer le demandeur",
        "jurisdiction": "Ressort",
        "due_on": "Échéance",
        "status": "Statut",
        "open": "Ouvrir",
        "review": "Réviser les caviardages",
        "overview": "Aperçu de la demande",
        "progress": "Avancement",
        "pages_reviewed": "pages révisées",
        "boxes_reviewed": "zones révisées",
        "document": "Document",
        "page": "Page",
        "of": "sur",
        "prev_page": "Page précédente",
        "next_page": "Page suivante",
        "disposition": "Décision pour la page",
        "none": "(non définie)",
        "released_in_full": "Communiquée en entier",
        "released_in_part": "Communiquée en partie",
        "withheld_in_full": "Retenue en entier",
        "not_responsive": "Hors de la demande",
        "duplicate": "Doublon",
        "duplicate_of": "Semble être un doublon de",
        "mark_duplicates": "Marquer les doublons",
        "bulk_accept": "Accepter tout un type",
        "entity_type": "Type d'entité",
        "accept_all": "Tout accepter",
        "accept_everywhere": "Accepter partout dans cette demande",
        "accept_person": "Cette personne, sous toutes ses formes",
        "accept_person_help": (
            "Chaque zone qui nomme la même personne du dossier : nom complet, nom de famille "
            "seul, initiales, possessif, toute casse."
        ),
        "accept_same": "Cette valeur exacte",
        "accept_same_help": "Chaque zone qui contient exactement ces mots (toute casse).",
        "contradicting_withheld": (
            "Les mêmes mots figurent dans {n} autre(s) zone(s) de ce document qui ne sont pas"
            " acceptées. Acceptez-les aussi (« Cette valeur exacte »), sinon la vérification"
            " avant communication refusera le document : les mots y resteraient lisibles."
        ),
        "contradicting_released": (
            "Les mêmes mots figurent dans {n} zone(s) acceptée(s) de ce document. Laissés"
            " lisibles ici, ils montrent ce que ces zones cachent, et la vérification avant"
            " communication refusera le document. Rejetez-les aussi, ou acceptez celle-ci."
        ),
        "select_words": "Sélectionner des mots",
        "box_words": "Caviarder les mots choisis",
        "no_words": "Cette page n'a pas de couche texte : tracez plutôt une case.",
        "term": "Caviarder chaque occurrence de",
        "exemption_code": "Code d'exception",
        "redact_term": "Caviarder partout",
        "box": "Zone choisie",
        "no_box": "Cliquez sur une zone, ou glissez sur la page pour en ajouter une.",
        "recognizer": "Détecteur",
        "score": "Score",
        "context": "Contexte",
        "accept": "Accepter (a)",
        "reject": "Rejeter (r)",
        "recode": "Retenir avec ce code",
        "recode_help": "Une zone recodée est retenue, sous le code indiqué.",
        "review_gaps": "À décider avant de pouvoir produire le dossier",
        "undecided_boxes": "zone(s) proposée(s) sans décision",
        "pages_without_disposition": "page(s) sans traitement",
        "box_ref": "zone",
        "and_more": "et d'autres",
        "remove": "Supprimer la zone",
        "proposed": "proposée",
        "accepted": "acceptée",
        "rejected": "rejetée",
        "kept": "laissée : renseignements du demandeur",
        "manual": "ajoutée à la main",
        "shortcuts": (
            "Touches : a accepter, r rejeter, u ou Ctrl+Z annuler, n ou j zone suivante, "
            "p ou k zone précédente, ] page suivante, [ page précédente, v aperçu tel que "
            "communiqué, + et - zoom, 0 ajuster."
        ),
        "job": "Dossier de communication",
        "run_job": "Produire le dossier",
        "run_consult": "Produire une copie de consultation",
        "resume": "Reprendre",
        "release": "Communiquer le dossier",
        "released": "Communiqué : cette demande est verrouillée.",
        "download_pdf": "Télécharger le PDF",
        "download_csv": "Registre des caviardages (CSV)",
        "job_progress": "Documents traités",
        "failed_docs": "en échec",
        "job_kind_package": "dossier",
        "job_kind_consult": "consultation",
        "download_consult": "Consultation",
        "saved": "Enregistré.",
        "error": "Impossible",
        "add_time": "Prorogation ou suspension",
        "kind": "Type",
        "extension": "Prorogation",
        "on_hold": "Suspension",
        "days": "Jours",
        "reason": "Motif",
        "add": "Ajouter",
        "documents": "Documents",
        "select_documents": "Documents de la demande (dans l'ordre)",
        "save_documents": "Enregistrer la sélection",
        "case": "Dossier",
        "position": "Ordre",
        "language": "English",
        "create": "Ouvrir la demande",
        "box_added": "Zone ajoutée.",
        "package_title": "Titre dans le dossier",
        "package_title_help": (
            "L'index et le registre du dossier désignent chaque document par ce titre. Laissé "
            "vide, c'est la référence du dossier et le numéro du document : un nom de fichier "
            "nomme souvent une personne, il n'est donc jamais utilisé."
        ),
        "view_tools": "Affichage",
        "as_released": "Aperçu tel que communiqué",
        "as_released_help": (
            "Tel que communiqué : les zones retenues sont noires avec leur code, les zones "
            "hachurées ne sont pas encore décidées (le dossier les attend), le reste reste lisible."
        ),
        "as_released_on": "La page est montrée telle qu'elle sera communiquée.",
        "as_released_off": "Les zones de révision sont montrées.",
        "zoom_in": "Agrandir",
        "zoom_out": "Réduire",
        "zoom_fit": "Ajuster",
        "undo": "Annuler",
        "undone": "Annulé",
        "thumbnails": "Pages de ce document",
        "thumb_undecided": "zones non décidées",
        "drag_help": "Glissez sur l'image de la page pour tracer une zone.",
        "preflight": "Vérification préalable",
        "preflight_help": (
            "Ce que la vérification avant communication refuserait, trouvé avant de produire"
            " le dossier : une valeur retenue à un endroit ne doit pas rester lisible ailleurs"
            " (dans ce document ou un autre de la demande), et chaque zone et page doit être"
            " décidée."
        ),
        "preflight_ok": "Rien à signaler : le dossier peut être produit.",
        "contradictions": "valeur(s) retenue(s) à un endroit et lisible(s) ailleurs",
        "withheld_at": "retenue",
        "readable_at": "lisible",
        "across_documents": "entre documents",
        "open_box": "ouvrir",
        "bulk_preview": "Ce qui sera accepté",
        "bulk_preview_help": (
            "Décochez ce qui n'est pas un renseignement personnel. Les valeurs à faible score"
            " sont décochées."
        ),
        "value": "Valeur",
        "count": "Zones",
        "pages": "Pages",
        "apply": "Accepter les valeurs cochées",
        "cancel": "Annuler",
        "low_score": "score faible",
        "release_confirm": "Communiquer ce dossier ?",
        "release_confirm_help": (
            "Une fois communiquée, la demande est verrouillée : aucune zone, page ou document"
            " ne peut plus être changé."
        ),
        "release_confirm_yes": "Communiquer",
        "package_pages": "pages dans le dossier",
        "read_only": "Communiqué : cette révision est en lecture seule.",
        "request_case": "Dossier visé par la demande",
        "no_case": "(aucun dossier : choisir des documents de tout dossier)",
        "scope": "Portée de la demande",
        "scope_help": "Ce qui est demandé, dans les mots du demandeur",
        "show_all_cases": "Afficher les documents de tous les dossiers",
        "include": "Inclure",
        "file_name": "Nom du fichier",
        "no_documents": "Aucun document n'est encore prêt pour la communication.",
        "term_preview": "Toutes les occurrences trouvées",
        "term_preview_help": (
            "Décochez les occurrences qui ne sont pas le renseignement visé ; seules les"
            " occurrences cochées sont caviardées."
        ),
        "term_apply": "Caviarder les occurrences cochées",
        "already_boxed": "déjà caviardée",
        "box_table": "Toutes les zones de la demande",
        "withheld_under": "Retenue en entier en vertu de",
        "save_code": "Enregistrer l'article",
        "all": "(toutes)",
        "select_shown": "Choisir toutes les zones affichées",
        "accept_selected": "Accepter la sélection",
        "reject_selected": "Rejeter la sélection",
        "recode_selected": "Retenir la sélection avec ce code",
    },
}
