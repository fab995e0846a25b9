package render_test

import (
	"time"

	"saisine/letters/document"
)

// Typographic characters the tests look for in every output.
const (
	nnbsp = "\u202f" // narrow no-break space
	nbsp  = "\u00a0"
)

// longURL is wider than the text column at any size the renderers use.
const longURL = "https://www.legifrance.gouv.fr/ceta/id/CETATEXT000053412345?init=true&page=1&query=vid%C3%A9oprotection+algorithmique&searchField=ALL&tab_selection=all"

const sampleSHA = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea"

func citationRGPD35() document.Citation {
	return document.Citation{
		Key:        "rgpd-35",
		Printed:    "article 35 du règlement (UE) 2016/679",
		Paraphrase: "Une analyse d’impact est requise avant tout traitement susceptible d’engendrer un risque élevé.",
		URL:        "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
		Reviewed:   "2026-11-01",
	}
}

// synthetic is a complete letter exercising every block the renderers know: the shape of a complaint to
// the CNIL, with French typography (« », ’, œ, U+202F before « : », U+00A0 in « pièce n° 2 »).
func synthetic() *document.Document {
	T := document.T
	cit := citationRGPD35()
	return &document.Document{
		Meta: document.Meta{
			Title:   "Réclamation auprès de la CNIL – vidéosurveillance algorithmique à Lille",
			Author:  "Camille Martin",
			Subject: "Réclamation – logiciel BriefCam – commune de Lille",
			Creator: "saisine",
			Date:    time.Date(2026, time.November, 27, 0, 0, 0, 0, time.UTC),
		},
		Sender: []string{
			"Camille Martin",
			"Conseillère municipale de Lille",
			"12 rue Nationale",
			"Appartement 4",
			"59000 Lille",
			"camille.martin@example.org",
		},
		Recipient: []string{
			"Madame la Présidente de la CNIL",
			"Service des plaintes",
			"3 place de Fontenoy",
			"TSA 80715",
			"75334 PARIS CEDEX 07",
		},
		PlaceDate:  "Lille, le 27 novembre 2026",
		Sending:    "Lettre recommandée avec demande d’avis de réception",
		Object:     "Réclamation – traitement de vidéosurveillance algorithmique (logiciel BriefCam) mis en œuvre par la commune de Lille",
		References: []document.Reference{{Label: "Nos réf.", Value: "CM-2026-014"}},
		Salutation: "Madame la Présidente,",
		Sections: []document.Section{
			{
				ID: "faits", Title: "Les faits", Numbered: true,
				Blocks: []document.Block{
					document.P(T("J’ai l’honneur de porter à votre connaissance les faits suivants" + nnbsp + ": la commune de Lille a acquis en 2021 un logiciel d’analyse d’images, « BriefCam », et l’a utilisé à partir de novembre 2022 sur les images des caméras de la voie publique reliées à son centre de supervision urbain.")),
					document.P(T("Ces faits ont été rapportés par la presse (pièce n°"+nbsp+"1) et confirmés par le groupe d’opposition (pièce n°"+nbsp+"2). Selon son éditeur, ce logiciel permet de retrouver une personne ou un véhicule d’après son apparence, ce qui dépasse l’œil humain. La décision du Conseil d’État est consultable à l’adresse suivante"+nnbsp+": "), document.Run{Text: longURL, URL: longURL}, T(".")),
					{Kind: document.BulletList, Items: [][]document.Run{
						{T("acquisition du logiciel" + nnbsp + ": 2021" + nnbsp + ";")},
						{T("mise en service" + nnbsp + ": novembre 2022" + nnbsp + ";")},
						{T("fonctions utilisées" + nnbsp + ": synthèse vidéo et lecture de plaques d’immatriculation, sans qu’aucune analyse d’impact complète n’ait été publiée ni communiquée au conseil municipal.")},
					}},
				},
			},
			{
				ID: "cadre", Title: "Le cadre juridique", Numbered: true,
				Blocks: []document.Block{
					{Kind: document.Paragraph, Runs: []document.Run{
						T("Un traitement susceptible d’engendrer un risque élevé pour les droits et libertés des personnes doit être précédé d’une analyse d’impact ("),
						{Text: cit.Printed, Emphasis: true, Cite: cit.Key},
						T("). Lorsque la finalité relève de la prévention des infractions, la même obligation résulte de l’"),
						{Text: "article 90 de la loi n°" + nbsp + "78-17 du 6 janvier 1978", Emphasis: true},
						T("."),
					}, Why: &document.Why{
						Claim: "aipd", Title: "Absence d’analyse d’impact",
						Facts:     []string{"AIPD incomplète selon les documents obtenus", "Traitement d’images de la voie publique"},
						Citations: []document.Citation{cit},
					}},
				},
			},
			{
				ID: "manquements", Title: "Les manquements constatés", Numbered: true,
				Blocks: []document.Block{
					document.P(T("Au vu de ces éléments, les manquements suivants peuvent être relevés" + nnbsp + ":")),
					{Kind: document.NumberedList, Items: [][]document.Run{
						{T("l’absence d’analyse d’impact complète préalable à la mise en œuvre" + nnbsp + ";")},
						{T("l’absence de consultation de la CNIL alors que le risque résiduel demeurait élevé" + nnbsp + ";")},
						{T("l’absence d’information du public sur l’existence d’une analyse automatisée des images.")},
					}},
				},
			},
			{
				ID: "demandes", Title: "Mes demandes", Numbered: true,
				Blocks: []document.Block{
					document.P(T("Je vous demande, Madame la Présidente, de bien vouloir" + nnbsp + ":")),
					{Kind: document.BulletList, Items: [][]document.Run{
						{T("instruire la présente réclamation et procéder, le cas échéant, à un contrôle" + nnbsp + ";")},
						{T("enjoindre à la commune de "), {Text: "cesser tout traitement", Strong: true}, T(" dépourvu de base légale" + nnbsp + ";")},
						{T("m’informer des suites données" + nnbsp + "!")},
					}},
				},
			},
			{
				ID: "suite", Title: "La suite de la procédure", Numbered: true,
				Blocks: []document.Block{
					document.P(T("Je saisis parallèlement la commune d’une demande de communication des documents administratifs relatifs à ce traitement et, faute de réponse dans le délai d’un mois, saisirai la Commission d’accès aux documents administratifs.")),
				},
			},
		},
		Closing: "Je vous prie d’agréer, Madame la Présidente, l’expression de ma haute considération.",
		Signatures: []document.Signature{
			{Name: "Camille Martin", Role: "Conseillère municipale de Lille"},
			{Name: "Dominique Lefebvre", Role: "Conseiller municipal de Lille"},
		},
		Exhibits: []document.Exhibit{
			{Number: 1, Title: "Article « Vidéosurveillance algorithmique : Lille a déployé un logiciel controversé »", Date: "21 novembre 2024", Origin: "https://www.mediacites.fr/enquete/lille/2024/11/21/videosurveillance-algorithmique-lille-briefcam/", SHA256: sampleSHA},
			{Number: 2, Title: "Communiqué de presse du groupe d’opposition", Date: "21 novembre 2024", Origin: "Document remis par le groupe"},
			{Number: 3, Title: "Réponse de la CNIL au groupe d’opposition", Date: "mars 2025", Origin: "Courrier reçu"},
		},
		Annexes: []document.Annex{{
			Title: "Liste des signataires",
			Blocks: []document.Block{
				document.P(T("Les personnes suivantes s’associent à la présente réclamation" + nnbsp + ":")),
				{Kind: document.NumberedList, Items: [][]document.Run{
					{T("Camille Martin, conseillère municipale")},
					{T("Dominique Lefebvre, conseiller municipal")},
				}},
			},
		}},
		Footer: "Lettre préparée avec saisine, un outil d’aide à la rédaction" + nnbsp + ": modèle à relire, ce n’est pas un conseil juridique.",
	}
}
