package schema

// This file is the table the generated schema is enriched from. Every JSON path of letters.Case has an
// entry (build fails otherwise, and so does an entry that matches no field). Paths use "[]" for the
// items of an array: "signatories[].civility". Allowed values come from letters.Enumerations; their
// French meanings are in valueLabels below.

const title = "Dossier saisine, format v1 / saisine case file, format v1"

const description = "Un dossier décrit une affaire de vidéosurveillance algorithmique dans une commune : " +
	"l'expéditeur, la commune, les faits connus et leurs sources, les démarches déjà faites et les pièces. " +
	"Il est saisi une fois et repris par chaque courrier. Une chaîne vide signifie « non renseigné ». " +
	"Ce schéma vérifie la forme du dossier ; les règles conditionnelles (selon le type d'expéditeur ou la " +
	"procédure), les dates dans le futur, la clé du SIREN et les caractères non imprimables sont vérifiés " +
	"par « saisine check ». — " +
	"A case file describes one case of algorithmic video surveillance in a French commune: the sender, the " +
	"commune, the known facts and their sources, the steps already taken and the exhibits. It is entered " +
	"once and reused by every letter. An empty string means \"not given\". This schema checks the shape of " +
	"the file; conditional rules (per sender kind or procedure), dates in the future, the SIREN check digit " +
	"and characters the letter font cannot draw are checked by \"saisine check\". " +
	"Documentation: docs/case-file.md."

// Patterns, in the common subset of ECMA-262 and Go (RE2) regular expressions. Each accepts "" (not
// given): whether a value is required is a conditional rule checked by letters.Check.
const (
	// 5 digits whose first two (metropolitan France, Corsica 20) or three (overseas, Monaco 980)
	// digits are an existing département or collectivity prefix.
	patternPostalCode = `^$|^((0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}|(97[1-8]|98[0678])[0-9]{2})$`
	// Code officiel géographique: département (2A/2B for Corsica, never 20) + 3 digits, or an
	// overseas département (971–976) + 2 digits.
	patternINSEE = `^$|^(0[1-9]|1[0-9]|2[AB1-9]|[3-8][0-9]|9[0-5])[0-9]{3}$|^97[1-6][0-9]{2}$`
	patternEmail = `^$|^[^@\s]+@[^@\s]+\.[^@\s]+$`
	// 10 digits starting with 0, or +33 and the 9 digits after the 0; pairs may be separated.
	patternPhone = `^$|^(0|\+33 ?)[1-9]([ .-]?[0-9]{2}){4}$`
	// W, the prefecture's code (a digit, then a digit or a capital letter: 59, 2A, 9R) and 7 digits.
	patternRNA         = `^$|^W[0-9][0-9A-Z][0-9]{7}$`
	patternSIREN       = `^$|^[0-9]{9}$`
	patternPartialDate = `^$|^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`
	patternFullDate    = `^$|^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`
	patternURL         = `^$|^https?://[^\s]+$`
	patternSHA256      = `^$|^[0-9a-f]{64}$`
)

// Address lines are limited to 38 characters (NF Z10-011); the city shares its line with the postal
// code and a space, hence 32.
const (
	lineMax = 38
	cityMax = lineMax - 6
)

// field is what the table adds to the schema generated from the Go type.
type field struct {
	desc      string // French: what to write, with an example; conditional rules in words
	pattern   string
	format    string // "email", "uri"
	maxLength int
	minimum   *int
	constant  any
}

var zero = 0

var fields = func() map[string]field {
	m := map[string]field{
		"version": {desc: "Version du format du dossier : toujours 1.", constant: 1},

		"sender": {desc: "L'expéditeur du courrier : un particulier, un groupe d'élus municipaux ou une association."},
		"sender.kind": {desc: "Qui écrit. Un particulier seul peut porter plainte à la CNIL (plainte-cnil) ; " +
			"un groupe d'élus ou une association fait un signalement (signalement-cnil)."},
		"sender.civility": {desc: "Civilité de la personne qui écrit (le particulier, ou la personne qui écrit au nom " +
			"du groupe ou de l'association) ; chaîne vide si elle préfère ne pas en indiquer."},
		"sender.first_name": {desc: "Prénom de la personne qui écrit, ex. « Camille » ; 38 caractères au plus.", maxLength: lineMax},
		"sender.last_name":  {desc: "Nom de la personne qui écrit, ex. « Martin » ; 38 caractères au plus.", maxLength: lineMax},
		"sender.organisation": {desc: "Nom du groupe d'élus ou de l'association, ex. « Groupe des élus écologistes » ; " +
			"obligatoire sauf pour un particulier (kind = resident)."},
		"sender.role": {desc: "Qualité imprimée sous le nom, ex. « Présidente », « Conseiller municipal » ; vide pour un particulier."},
		"sender.address": {desc: "Adresse postale de l'expéditeur, écrite comme sur une enveloppe (38 caractères par ligne au plus, " +
			"norme NF Z10-011)."},
		"sender.email": {desc: "Adresse électronique de l'expéditeur, ex. camille.martin@example.org ; vide si aucune.",
			pattern: patternEmail, format: "email"},
		"sender.phone": {desc: "Numéro de téléphone français, ex. « 06 12 34 56 78 » ou « +33 6 12 34 56 78 » ; facultatif.",
			pattern: patternPhone},
		"sender.association": {desc: "Identification de l'association expéditrice : à remplir quand kind = association, " +
			"à omettre sinon. Indiquer le RNA ou, à défaut, le SIREN."},
		"sender.association.rna": {desc: "Numéro RNA de l'association : W suivi de 9 caractères (chiffres, le deuxième pouvant être une lettre, " +
			"ex. W2A1234567), ex. W595000000 ; vide si elle " +
			"n'en a pas (associations d'Alsace-Moselle inscrites au tribunal).", pattern: patternRNA},
		"sender.association.siren": {desc: "Numéro SIREN à 9 chiffres, ex. 123456782 (la clé de Luhn est vérifiée) ; vide si aucun.",
			pattern: patternSIREN},
		"sender.association.declared_on": {desc: "Date de déclaration de l'association, complète ou partielle : AAAA, AAAA-MM " +
			"ou AAAA-MM-JJ, ex. 2015-03-01 ; pas dans le futur.", pattern: patternPartialDate},
		"sender.association.purpose": {desc: "Objet de l'association tel qu'il figure dans ses statuts, ex. « défense des " +
			"libertés publiques et de la vie privée » : il fonde son intérêt à agir."},

		"signatories": {desc: "Les signataires : chaque conseiller municipal du groupe d'élus, ou les représentants de " +
			"l'association. Vide pour un particulier, qui signe seul."},
		"signatories[]":            {desc: "Un signataire."},
		"signatories[].civility":   {desc: "Civilité du signataire ; chaîne vide s'il préfère ne pas en indiquer."},
		"signatories[].first_name": {desc: "Prénom du signataire ; 38 caractères au plus.", maxLength: lineMax},
		"signatories[].last_name":  {desc: "Nom du signataire ; 38 caractères au plus.", maxLength: lineMax},
		"signatories[].role":       {desc: "Qualité du signataire, ex. « Conseillère municipale », « Président »."},

		"commune":      {desc: "La commune qui met en œuvre le traitement : responsable de traitement, représentée par son maire."},
		"commune.name": {desc: "Nom officiel de la commune, ex. « Lille »."},
		"commune.insee_code": {desc: "Code officiel géographique (code INSEE) de la commune, ex. 59350 ; 2A ou 2B pour la " +
			"Corse, ex. 2A004. Ce n'est pas le code postal.", pattern: patternINSEE},
		"commune.postal_code": {desc: "Code postal à 5 chiffres de la commune, ex. 59000.", pattern: patternPostalCode},
		"commune.mayor":       {desc: "Le maire, s'il est connu ; laisser les champs vides sinon."},
		"commune.mayor.civility": {desc: "Civilité du maire, pour l'appel « Madame la Maire » ou « Monsieur le Maire » ; " +
			"vide si inconnue."},
		"commune.mayor.name": {desc: "Prénom et nom du maire, ex. « Martine Dupont » ; vide si inconnu ; 38 caractères au plus.",
			maxLength: lineMax},
		"commune.address": {desc: "Adresse postale de la mairie, où sont envoyés les courriers au maire, ex. « Place Augustin " +
			"Laurent, CS 30667, 59033 LILLE CEDEX »."},
		"commune.dpo_email": {desc: "Adresse électronique du délégué à la protection des données (DPO) de la commune, si elle " +
			"est publiée, ex. dpo@mairie.example ; vide sinon.", pattern: patternEmail, format: "email"},

		"facts": {desc: "Ce que l'expéditeur sait du dispositif, et comment il le sait. Ne rien affirmer qu'on ignore : " +
			"« unknown » et la chaîne vide sont toujours permis."},
		"facts.software": {desc: "Nom du logiciel d'analyse des images, ex. « BriefCam » ; vide si inconnu."},
		"facts.vendor":   {desc: "Fournisseur, intégrateur ou centrale d'achat, s'il est connu ; vide sinon."},
		"facts.acquired": {desc: "Date d'acquisition du logiciel, complète ou partielle : AAAA, AAAA-MM ou AAAA-MM-JJ, " +
			"ex. 2021 ; vide si inconnue ; pas dans le futur.", pattern: patternPartialDate},
		"facts.in_use_from": {desc: "Début de l'utilisation, AAAA, AAAA-MM ou AAAA-MM-JJ, ex. 2022-11 ; vide si inconnu ; " +
			"pas dans le futur.", pattern: patternPartialDate},
		"facts.in_use_until": {desc: "Fin de l'utilisation si le logiciel a été arrêté, AAAA, AAAA-MM ou AAAA-MM-JJ, " +
			"ex. 2025-01 ; vide s'il est toujours utilisé ou si on l'ignore.", pattern: patternPartialDate},
		"facts.capabilities": {desc: "Fonctions du logiciel connues de l'expéditeur (liste vide si aucune n'est connue)."},
		"facts.purposes_claimed": {desc: "Finalités annoncées par la commune, en une phrase, ex. « identification de " +
			"véhicules sur réquisition judiciaire » ; vide si aucune n'a été annoncée."},
		"facts.aipd": {desc: "Analyse d'impact relative à la protection des données (AIPD : RGPD art. 35, loi " +
			"Informatique et Libertés art. 90)."},
		"facts.cnil_consulted": {desc: "La commune a-t-elle consulté la CNIL avant la mise en œuvre (consultation " +
			"préalable, loi Informatique et Libertés art. 90) ?"},
		"facts.prefectoral_authorisation": {desc: "Autorisation préfectorale du système de vidéoprotection (code de la " +
			"sécurité intérieure, art. L252-1)."},
		"facts.signage": {desc: "Information du public sur place : panneaux aux abords des caméras."},
		"facts.ethics_committee_informed": {desc: "Le comité d'éthique de la vidéoprotection de la commune, s'il " +
			"existe, a-t-il été informé du logiciel ?"},
		"facts.council_deliberation": {desc: "Le conseil municipal a-t-il délibéré sur l'acquisition ou l'usage du logiciel ?"},
		"facts.where_filmed": {desc: "En quoi l'expéditeur est concerné : où et quand il passe devant les caméras, à la " +
			"première personne, ex. « J'habite le centre de Lille et je passe chaque jour devant des caméras de la voie " +
			"publique. » Obligatoire pour la plainte à la CNIL (plainte-cnil)."},
		"facts.sources":   {desc: "Sources publiques des faits : articles de presse, délibérations, réponses officielles."},
		"facts.sources[]": {desc: "Une source."},
		"facts.sources[].title": {desc: "Titre de l'article ou du document, ex. « Vidéosurveillance algorithmique : Lille " +
			"a déployé en secret un logiciel controversé »."},
		"facts.sources[].publisher": {desc: "Éditeur ou auteur, ex. « Médiacités », « Ville de Lille »."},
		"facts.sources[].date": {desc: "Date de publication, AAAA, AAAA-MM ou AAAA-MM-JJ, ex. 2024-11-21 ; pas dans le futur.",
			pattern: patternPartialDate},
		"facts.sources[].url": {desc: "Adresse web (http ou https) de la source, ex. https://www.mediacites.fr/… ; vide si " +
			"elle n'est pas en ligne.", pattern: patternURL, format: "uri"},
		"facts.retention_days": {desc: "Durée de conservation des enregistrements ou des données qui en sont tirées (index, " +
			"synthèses, métadonnées), en jours, si elle est connue, ex. 30 ; 0 ou absent = inconnue. Ajout au format v1.",
			minimum: &zero},

		"prior_steps":             {desc: "Démarches déjà faites : demandes, plaintes, courriers, de préférence dans l'ordre chronologique."},
		"prior_steps[]":           {desc: "Une démarche."},
		"prior_steps[].kind":      {desc: "Nature de la démarche."},
		"prior_steps[].recipient": {desc: "Destinataire, ex. « Maire de Lille », « CNIL »."},
		"prior_steps[].sent_on": {desc: "Date d'envoi, complète (AAAA-MM-JJ, les délais en dépendent), ex. 2025-01-10 ; " +
			"pas dans le futur.", pattern: patternFullDate},
		"prior_steps[].received_on": {desc: "Date de réception par le destinataire (avis de réception), AAAA-MM-JJ, " +
			"ex. 2025-01-13 ; vide si inconnue.", pattern: patternFullDate},
		"prior_steps[].answer": {desc: "Réponse obtenue."},
		"prior_steps[].answer_on": {desc: "Date de la réponse, AAAA-MM-JJ ; vide s'il n'y a pas eu de réponse.",
			pattern: patternFullDate},
		"prior_steps[].reference": {desc: "Référence de la démarche ou de la réponse (numéro de dossier, de recommandé), " +
			"ex. « 1A 123 456 7890 1 » ; vide sinon."},

		"requests": {desc: "Ce que l'expéditeur demande ; chaque procédure ne reprend que les demandes qui la concernent."},
		"documents_requested": {desc: "Documents administratifs dont la communication est demandée à la commune " +
			"(code des relations entre le public et l'administration, art. L311-1)."},

		"exhibits":         {desc: "Pièces jointes au courrier, dans l'ordre du bordereau : la première est la pièce n° 1."},
		"exhibits[]":       {desc: "Une pièce jointe."},
		"exhibits[].title": {desc: "Intitulé de la pièce au bordereau, ex. « Article de Médiacités du 21 novembre 2024 »."},
		"exhibits[].date": {desc: "Date de la pièce, AAAA, AAAA-MM ou AAAA-MM-JJ, ex. 2024-11-21 ; vide si elle n'est pas datée.",
			pattern: patternPartialDate},
		"exhibits[].source": {desc: "Provenance de la pièce : adresse web ou description, ex. « https://www.mediacites.fr/… » " +
			"ou « courrier de la mairie » ; vide si sans objet."},
		"exhibits[].file": {desc: "Nom du fichier de la pièce, ex. « piece-1.pdf » ; vide si la pièce est jointe sur papier."},
		"exhibits[].sha256": {desc: "Empreinte SHA-256 du fichier, 64 caractères hexadécimaux en minuscules, imprimée au " +
			"bordereau ; vide sans fichier.", pattern: patternSHA256},

		"letter":       {desc: "Le courrier lui-même : lieu, date et mode d'envoi."},
		"letter.place": {desc: "Lieu d'écriture, imprimé avant la date, ex. « Lille »."},
		"letter.date": {desc: "Date du courrier, AAAA-MM-JJ, ex. 2026-11-27 ; vide = date du jour.",
			pattern: patternFullDate},
		"letter.sending": {desc: "Mode d'envoi, imprimé en tête du courrier."},
		"letter.recipient_address": {desc: "Adresse postale du destinataire quand l'outil ne peut pas la connaître " +
			"(aujourd'hui : la commission départementale de vidéoprotection, à la préfecture), ex. « 12-14 rue Jean " +
			"sans Peur, 59039 LILLE CEDEX » ; à omettre sinon. Présente, elle exige la voie, le code postal et la " +
			"localité. Ajout au format v1."},
	}
	for _, addr := range []string{"sender.address", "commune.address", "letter.recipient_address"} {
		a := addr + "."
		m[a+"street"] = field{desc: "Numéro et voie, ex. « 12 rue Nationale » ; 38 caractères au plus.", maxLength: lineMax}
		m[a+"complement"] = field{desc: "Complément d'adresse (appartement, bâtiment, boîte postale, CS), ex. « CS 30667 » ; " +
			"vide si aucun ; 38 caractères au plus.", maxLength: lineMax}
		m[a+"postal_code"] = field{desc: "Code postal à 5 chiffres, ex. 59000 ; il commence par un numéro de département " +
			"existant.", pattern: patternPostalCode}
		m[a+"city"] = field{desc: "Localité, ex. « Lille » ou « LILLE CEDEX » ; 32 caractères au plus, pour que la ligne " +
			"« code postal + localité » tienne en 38.", maxLength: cityMax}
	}
	return m
}()

// valueLabels gives the French meaning of every allowed value, keyed like letters.Enumerations.
var valueLabels = map[string]map[string]string{
	"sender.kind": {
		"resident":    "un particulier, personne filmée",
		"councillors": "un groupe de conseillers municipaux",
		"association": "une association",
	},
	"civility": {
		"Madame":   "Madame",
		"Monsieur": "Monsieur",
		"":         "pas de civilité indiquée",
	},
	"facts.capabilities": {
		"video_synopsis":     "synthèse vidéo (condensé des passages enregistrés)",
		"appearance_search":  "recherche de personnes ou de véhicules par apparence (vêtements, couleurs, silhouette)",
		"facial_recognition": "reconnaissance faciale",
		"plate_reading":      "lecture automatisée des plaques d'immatriculation",
		"realtime_detection": "détection d'événements en temps réel (alertes)",
		"statistics":         "statistiques (comptages, flux)",
	},
	"facts.aipd": {
		"missing":    "aucune AIPD",
		"incomplete": "AIPD qui ne couvre pas le traitement algorithmique",
		"exists":     "AIPD couvrant le traitement algorithmique",
		"unknown":    "on ne sait pas",
	},
	"facts.cnil_consulted": {
		"no":      "la CNIL n'a pas été consultée",
		"yes":     "la CNIL a été consultée",
		"unknown": "on ne sait pas",
	},
	"facts.prefectoral_authorisation": {
		"none":    "aucune autorisation préfectorale",
		"expired": "autorisation expirée",
		"valid":   "autorisation en cours de validité",
		"unknown": "on ne sait pas",
	},
	"facts.signage": {
		"none":       "aucun panneau d'information",
		"incomplete": "panneaux incomplets (traitement algorithmique ou mentions obligatoires absents)",
		"adequate":   "panneaux complets",
		"unknown":    "on ne sait pas",
	},
	"facts.ethics_committee_informed": {
		"no":      "comité d'éthique non informé",
		"yes":     "comité d'éthique informé",
		"unknown": "on ne sait pas (ou pas de comité)",
	},
	"facts.council_deliberation": {
		"none":    "aucune délibération",
		"exists":  "une délibération existe",
		"unknown": "on ne sait pas",
	},
	"prior_steps.kind": {
		"crpa_request":       "demande de communication de documents administratifs (CRPA)",
		"rights_request":     "demande d'exercice des droits (accès, information : RGPD art. 15)",
		"councillor_request": "demande d'information d'élus municipaux (CGCT art. L2121-13)",
		"cnil_complaint":     "plainte ou signalement à la CNIL",
		"cada_referral":      "saisine de la CADA",
		"letter":             "autre courrier",
	},
	"prior_steps.answer": {
		"none":    "pas de réponse",
		"refusal": "refus",
		"partial": "réponse partielle",
		"full":    "réponse complète",
	},
	"requests": {
		"control":          "demander un contrôle du traitement",
		"stop_processing":  "demander l'arrêt du traitement",
		"erase_data":       "demander l'effacement des données issues du traitement",
		"communicate_aipd": "demander la communication de l'AIPD",
		"inform_me":        "demander à être informé des suites données",
		"sanction":         "demander une sanction",
	},
	"documents_requested": {
		"contract":                  "marché ou contrat d'acquisition du logiciel",
		"aipd":                      "analyse d'impact (AIPD)",
		"prefectoral_authorisation": "arrêté préfectoral d'autorisation",
		"deliberations":             "délibérations du conseil municipal",
		"register_entry":            "fiche du registre des activités de traitement (RGPD art. 30)",
		"user_manual":               "manuel d'utilisation du logiciel",
		"usage_logs":                "journaux d'utilisation du logiciel",
		"cnil_correspondence":       "correspondance avec la CNIL",
	},
	"letter.sending": {
		"lrar":   "lettre recommandée avec accusé de réception",
		"online": "formulaire en ligne (téléservice)",
		"email":  "courrier électronique",
		"hand":   "remise en main propre contre récépissé",
	},
}
