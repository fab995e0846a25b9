package procedures

import (
	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// --- demande-cessation ---
//
// A demand to the mayor to stop the algorithmic processing and erase the data derived from it, on the
// grounds the claim modules establish. Two months of silence are an implicit rejection (CRPA L231-4),
// which can be brought before the administrative court within two months (CJA R421-1). Référés
// without urgency fail (reference README, rule 3): the letter announces the CNIL and the court, not a
// référé.

func demandeCessation() Procedure {
	p := Procedure{
		ID:        DemandeCessation,
		Title:     "Demande de cessation du traitement",
		Summary:   "Demande au maire de mettre fin au traitement algorithmique des images et d’effacer les données qui en sont issues\u202f; le silence gardé deux mois vaut rejet, contestable devant le tribunal administratif.",
		SummaryEN: "Demand to the mayor to stop the algorithmic processing of the images and erase the data derived from it; two months of silence are a rejection that can be challenged before the administrative court.",
		Require:   letters.Requirements{Procedure: DemandeCessation},
		Claims:    commissionClaims(),
		toCommune: true,
	}
	p.Build = build(p, func(l *letter) error {
		l.demandeCessation()
		return nil
	})
	return p
}

func (l *letter) demandeCessation() {
	c := l.c
	an := claims.Analytics(c)
	ended := an && c.Facts.InUseUntil != ""
	use := "l’utilisation " + claims.DuSoftware(c)
	var object, ask string
	switch {
	case ended:
		object = "Demande de confirmation de la cessation de " + use + " et d’effacement des données qui en sont issues"
		ask = l.je("de me confirmer", "de nous confirmer") + " que " + use + " par " + claims.Commune(c) + " a pris fin, de renoncer à toute reprise d’un traitement algorithmique des images dépourvu de base légale et de faire effacer les données qui en sont issues"
	case an:
		object = "Demande de cessation de " + use + " et d’effacement des données qui en sont issues"
		ask = "de mettre fin à " + use + " par " + claims.Commune(c) + " et de faire effacer les données qui en sont issues"
	default:
		object = "Demande de cessation des traitements non conformes des images du système de vidéoprotection de " + claims.Commune(c)
		ask = "de mettre fin à tout traitement des images du système de vidéoprotection de " + claims.Commune(c) + " qui ne serait pas conforme aux règles rappelées ci-après"
	}
	l.mayorLetter(object)
	d := l.doc

	expose := []document.Block{
		p(t(l.je("J’ai l’honneur de vous demander ", "Nous avons l’honneur de vous demander ") + ask + ", pour les motifs exposés ci-après.")),
		p(t(l.identity("demande"))),
	}
	if c.Sender.Kind == letters.SenderResident {
		expose = append(expose, p(t(concerned(c))))
	}
	expose = append(expose, wherePara(c.Facts.WhereFilmed)...)
	expose = append(expose, withWhy(p(
		t("La commune est responsable du traitement des images de son système de vidéoprotection ("),
		cite("csi-r251-1"),
		t(") : il lui appartient d’en établir la licéité."),
	), l.why("Responsable du traitement", "csi-r251-1")))

	d.Sections = append(d.Sections, document.Section{ID: "expose", Title: "Exposé", Numbered: true, Blocks: expose})
	d.Sections = append(d.Sections, l.caseSections("Les manquements", "")...)
	d.Sections = append(d.Sections, l.requestsSection(l.cessationRequests()), l.remediesSection())
	l.finishLetter()
}

// cessationRequests: stop (or confirm the end of) the processing, switch off biometric functions,
// erase derived data, and say in writing what was done.
func (l *letter) cessationRequests() []requestItem {
	c := l.c
	an := claims.Analytics(c)
	sw := claims.DuSoftware(c)
	var items []requestItem
	switch {
	case an && c.Facts.InUseUntil != "":
		items = append(items, requestItem{t(l.je("de me confirmer", "de nous confirmer") + " par écrit la date à laquelle l’utilisation " + sw + " a cessé et de renoncer à tout traitement algorithmique des images dépourvu de base légale")})
	case an && len(claims.Exceeding(c)) == 0:
		items = append(items, requestItem{t("de mettre fin sans délai à toute utilisation " + sw + " excédant les recherches différées effectuées à la demande de l’autorité judiciaire et les statistiques anonymes, et d’en justifier")})
	case an:
		items = append(items, requestItem{t("de mettre fin sans délai au traitement algorithmique des images de vidéoprotection au moyen " + sw)})
	default:
		items = append(items, requestItem{t("de mettre fin à tout traitement des images non conforme aux règles rappelées ci-dessus")})
	}
	if an && c.Facts.InUseUntil == "" && (c.Facts.HasCapability(letters.CapFacialRecognition) || c.Facts.HasCapability(letters.CapAppearanceSearch)) {
		var fns []string
		if c.Facts.HasCapability(letters.CapFacialRecognition) {
			fns = append(fns, "de reconnaissance faciale")
		}
		if c.Facts.HasCapability(letters.CapAppearanceSearch) {
			fns = append(fns, "de recherche par similitude d’apparence")
		}
		items = append(items, requestItem{t("de faire désactiver sans délai les fonctions " + frtext.Join(fns, "et") + " du logiciel")})
	}
	switch {
	case an:
		items = append(items, requestItem{t("de faire effacer les données issues de ce traitement, y compris les index, résumés vidéo (synopsis) et métadonnées produits par le logiciel, sous réserve de celles qui seraient requises par une procédure judiciaire en cours")})
	case c.Facts.RetentionDays > 30:
		items = append(items, requestItem{t("de faire effacer les enregistrements conservés au-delà de la durée autorisée, sous réserve de ceux qui seraient requis par une procédure judiciaire en cours")})
	}
	if c.HasRequest(letters.ReqCommunicateAIPD) {
		items = append(items, requestItem{t(l.je("de me communiquer", "de nous communiquer") + " l’analyse d’impact relative à la protection des données établie pour ce traitement, dans toutes ses versions")})
	}
	items = append(items, requestItem{t(l.je("de me faire connaître", "de nous faire connaître") + " par écrit les mesures prises")})
	return items
}

// remediesSection: the silence rule, the court, the revealed decision, the CNIL.
func (l *letter) remediesSection() document.Section {
	bs := []document.Block{
		withWhy(p(
			t("Le silence gardé pendant deux mois sur la présente demande vaudra décision de rejet ("),
			cite("crpa-l231-4"),
			t("). Cette décision, comme un refus exprès, pourra être contestée devant le tribunal administratif dans le délai de deux mois prévu par l’"),
			cite("cja-r421-1"),
			t("."),
		), l.why("Silence et recours", "crpa-l231-4", "cja-r421-1")),
	}
	if claims.Analytics(l.c) {
		bs = append(bs, p(t("La présente demande vaut, en tant que de besoin, recours gracieux contre la décision de recourir à ce logiciel.")))
	}
	if l.c.Sender.Kind == letters.SenderResident {
		bs = append(bs, p(t("Je me réserve par ailleurs la possibilité d’adresser une plainte à la CNIL.")))
	} else {
		bs = append(bs, p(t(l.je("Je me réserve", "Nous nous réservons")+" par ailleurs la possibilité de saisir la CNIL.")))
	}
	return document.Section{ID: "delais", Title: "Délais et voies de recours", Numbered: true, Blocks: bs}
}
