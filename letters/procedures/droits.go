package procedures

import (
	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// --- demande-droits ---
//
// A resident's access request to the mayor, for the attention of the data protection officer. The
// regime depends on the purpose of the processing: the GDPR (art. 15) or Title III of the loi
// Informatique et Libertés (art. 105), argued in the alternative (reference README, rule 5). CSI
// L253-5 no longer grants an access right and is never cited here (rule 4). Title III answer
// deadlines are unverified: the one-month period is stated under the GDPR only.

func demandeDroits() Procedure {
	p := Procedure{
		ID:        DemandeDroits,
		Title:     "Demande d’accès aux images et données",
		Summary:   "Demande d’un habitant au maire et au délégué à la protection des données\u202f: accès aux images et données le concernant, et information sur leur analyse éventuelle par un logiciel (article 15 du RGPD ou article 105 de la loi Informatique et Libertés).",
		SummaryEN: "A resident’s request to the mayor and the data protection officer for access to images and data about them, and whether analytics software processed them (GDPR art. 15 or art. 105 of the French Data Protection Act).",
		Require: letters.Requirements{
			Procedure:   DemandeDroits,
			SenderKinds: []string{letters.SenderResident},
			Fields:      []string{"facts.where_filmed"},
		},
		toCommune: true,
	}
	p.Build = build(p, func(l *letter) error {
		l.demandeDroits()
		return nil
	})
	return p
}

// capabilityQuestion names a function of the software as the object of a question.
func capabilityQuestion(k string) string {
	switch k {
	case letters.CapVideoSynopsis:
		return "la condensation des enregistrements en résumés vidéo"
	case letters.CapAppearanceSearch:
		return "la recherche de personnes par similitude d’apparence"
	case letters.CapFacialRecognition:
		return "la reconnaissance faciale"
	case letters.CapPlateReading:
		return "la lecture des plaques d’immatriculation"
	case letters.CapRealtimeDetection:
		return "la détection automatisée d’événements"
	case letters.CapStatistics:
		return "le comptage statistique"
	}
	return k
}

func (l *letter) demandeDroits() {
	c := l.c
	an := claims.Analytics(c)
	object := "Demande d’accès aux images et aux données me concernant traitées par le système de vidéoprotection de " + claims.Commune(c)
	l.mayorLetter(object, "À l’attention du délégué", "à la protection des données")
	d := l.doc
	if c.Commune.DPOEmail != "" {
		d.References = []document.Reference{{Label: "Copie", Value: "délégué à la protection des données, par courrier électronique (" + c.Commune.DPOEmail + ")"}}
	}

	expose := []document.Block{
		withWhy(p(
			t("La commune étant responsable du traitement des images de son système de vidéoprotection ("),
			cite("csi-r251-1"),
			t("), j’ai l’honneur de vous adresser une demande d’accès aux images et aux données me concernant que ce système a pu enregistrer ou produire."),
		), l.why("Responsable du traitement", "csi-r251-1")),
		p(t("Les caméras de la commune sont susceptibles de me filmer dans les circonstances suivantes.")),
	}
	expose = append(expose, wherePara(c.Facts.WhereFilmed)...)
	if an {
		s := "Selon les éléments dont je dispose, les images de ce système ont pu être soumises à une analyse automatisée au moyen " + claims.DuSoftware(c)
		from, okFrom := frtext.ParseDate(c.Facts.InUseFrom)
		until, okUntil := frtext.ParseDate(c.Facts.InUseUntil)
		switch {
		case okFrom && okUntil:
			s += ", utilisé " + from.From() + " " + until.To()
		case okFrom:
			s += ", utilisé depuis " + from.String()
		}
		expose = append(expose, p(t(s+".")))
	}

	basis := withWhy(p(
		t("Cette demande est présentée sur le fondement de l’"),
		cite("rgpd-15"),
		t(" ou, si le traitement relève de la directive « police-justice », de l’"),
		cite("lil-105"),
		t(", qui reconnaissent l’un et l’autre à la personne concernée le droit d’obtenir la confirmation que des données la concernant sont ou ne sont pas traitées et, lorsqu’elles le sont, l’accès à ces données."),
	), l.why("Droit d’accès", "rgpd-15", "lil-105"))

	items := []string{"de me confirmer si des images ou d’autres données me concernant sont ou ont été traitées par le système de vidéoprotection de la commune"}
	if an {
		q := "de m’indiquer en particulier si ces images ont été soumises " + softwareDative(c) + " et, dans l’affirmative, à quelles dates, pour quelles finalités et au moyen de quelles fonctions"
		var fns []string
		for _, k := range claims.KnownCapabilities(c) {
			fns = append(fns, capabilityQuestion(k))
		}
		if len(fns) > 0 {
			q += ", notamment " + frtext.Join(fns, "ou")
		}
		items = append(items, q)
		items = append(items, "de me communiquer une copie de ces images et données, y compris des données qui en ont été dérivées, telles que des index, résumés vidéo, métadonnées ou résultats de recherche, le cas échéant après occultation de l’image des tiers")
	} else {
		items = append(items, "de me communiquer une copie de ces images et données, le cas échéant après occultation de l’image des tiers")
	}
	items = append(items, "de m’indiquer les finalités de ces traitements, les destinataires auxquels ces données ont été communiquées, notamment des services de police ou des autorités judiciaires, et la durée pendant laquelle elles sont conservées")
	var list [][]document.Run
	for i, it := range items {
		end := " ;"
		if i == len(items)-1 {
			end = "."
		}
		list = append(list, []document.Run{t(it + end)})
	}
	asks := []document.Block{p(t("Je vous demande en conséquence :")), {Kind: document.NumberedList, Items: list}}

	delays := []document.Block{
		withWhy(p(
			t("Les enregistrements devant être détruits dans le délai fixé par l’autorisation du système, qui ne peut excéder un mois ("),
			cite("csi-l252-5"),
			t("), je vous remercie de traiter cette demande sans attendre. La destruction des enregistrements à l’expiration de ce délai ne dispenserait pas la commune de me communiquer les données qui en auraient été dérivées et conservées."),
		), l.why("Urgence", "csi-l252-5")),
		withWhy(p(
			t("L’"),
			cite("rgpd-12-3"),
			t(", applicable si le traitement relève de ce règlement, impose au responsable du traitement de répondre à la présente demande dans le délai d’un mois à compter de sa réception. Ce délai ne peut être prolongé de deux mois qu’au besoin, compte tenu de la complexité et du nombre de demandes, et à la condition de m’informer de cette prolongation et de ses motifs dans le mois qui suit la réception de la demande."),
		), l.why("Délai de réponse", "rgpd-12-3")),
		withWhy(p(
			t("Si vous estimiez ne pas devoir donner suite à tout ou partie de cette demande, je vous remercie de m’en indiquer les motifs au plus tard dans le mois qui suit sa réception, ainsi que le prévoit l’"),
			cite("rgpd-12-4"),
			t(". Si la commune entendait restreindre l’exercice de mes droits pour l’un des motifs que prévoit la loi, je les exercerais par l’intermédiaire de la CNIL, conformément aux "),
			citeAll("lil-107", "lil-108"),
			t("."),
		), l.why("Refus ou restriction", "rgpd-12-4", "lil-107", "lil-108")),
	}
	reply := "Je me tiens à votre disposition pour justifier de mon identité et, afin de faciliter la recherche des images, pour préciser les dates, heures et lieux de mes passages ou fournir une description permettant de me reconnaître."
	runs := []document.Run{t(reply)}
	if e := c.Sender.Email; e != "" {
		runs = append(runs, t(" Je vous remercie de me répondre par courrier électronique, à l’adresse "), document.Run{Text: e}, t("."))
	}
	delays = append(delays, p(runs...))
	if e := c.Commune.DPOEmail; e != "" {
		delays = append(delays, p(t("Copie de la présente est adressée au délégué à la protection des données de la commune, à l’adresse "), document.Run{Text: e}, t(".")))
	}

	d.Sections = append(d.Sections,
		document.Section{ID: "expose", Blocks: expose},
		document.Section{ID: "fondement", Title: "Fondement de la demande", Blocks: []document.Block{basis}},
		document.Section{ID: "demandes", Title: "Objet de la demande", Blocks: asks},
		document.Section{ID: "delais", Title: "Délai de réponse", Blocks: delays},
	)
	l.finishLetter()
}

// softwareDative is « au logiciel BriefCam » or « à un logiciel d’analyse automatisée ».
func softwareDative(c *letters.Case) string {
	if c.Facts.Software != "" {
		return "au logiciel " + frtext.Typo(c.Facts.Software)
	}
	return "à un logiciel d’analyse automatisée"
}
