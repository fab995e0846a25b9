package procedures

import (
	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/document"
)

// docDescription is the precise French description of a document the commune is asked for, as a noun
// phrase with its article: precise enough that the commune cannot answer that it holds nothing under
// that name (reference.md §10, gaps.md §9: the version of the AIPD held by the commune, the contract
// even when bought through a purchasing central, the prefect's order and its renewals).
func docDescription(c *letters.Case, doc string) string {
	an := claims.Analytics(c)
	sw := claims.Software(c)
	switch doc {
	case letters.DocContract:
		if an {
			return "les pièces du marché ou de la commande par lesquels la commune a acquis " + sw + ", ou un droit d’usage de celui-ci, y compris lorsque l’achat a été effectué par l’intermédiaire d’une centrale d’achat : bon de commande, acte d’engagement, prix global, cahier des clauses techniques particulières ou spécifications techniques, ainsi que les contrats de maintenance et de mise à jour"
		}
		return "les pièces des marchés ou commandes relatifs à l’acquisition, à l’installation et à la maintenance du système de vidéoprotection et de ses logiciels, y compris lorsque l’achat a été effectué par l’intermédiaire d’une centrale d’achat : bons de commande, actes d’engagement, prix global, cahiers des clauses techniques particulières ou spécifications techniques"
	case letters.DocAIPD:
		s := "l’analyse d’impact relative à la protection des données (AIPD) établie pour le système de vidéoprotection"
		if an {
			s += " et, le cas échéant, pour le traitement des images au moyen " + claims.DuSoftware(c)
		}
		return s + ", dans toutes les versions détenues par la commune, ainsi que l’avis rendu sur cette analyse par le délégué à la protection des données, s’il en existe un"
	case letters.DocPrefectoralAuthorisation:
		return "le ou les arrêtés préfectoraux autorisant le système de vidéoprotection de la commune, avec leurs renouvellements et modifications, ainsi que le dossier de demande d’autorisation déposé en préfecture"
	case letters.DocDeliberations:
		s := "les délibérations du conseil municipal et les arrêtés ou décisions du maire relatifs au système de vidéoprotection"
		if an {
			s += " et à l’acquisition ou à l’utilisation " + claims.DuSoftware(c)
		}
		return s + ", ainsi que, le cas échéant, ceux qui instituent un comité d’éthique de la vidéoprotection et en fixent les missions"
	case letters.DocRegisterEntry:
		s := "la fiche du registre des activités de traitement de la commune relative au système de vidéoprotection"
		if an {
			s += " et, le cas échéant, au traitement des images au moyen " + claims.DuSoftware(c)
		}
		return s
	case letters.DocUserManual:
		if an {
			return "le manuel d’utilisation " + claims.DuSoftware(c) + " et les documents décrivant les fonctions acquises, activées ou activables, ainsi que le paramétrage des droits d’accès des agents"
		}
		return "les manuels d’utilisation des logiciels d’exploitation du système de vidéoprotection et les documents décrivant leurs fonctions"
	case letters.DocUsageLogs:
		if an {
			return "les journaux d’utilisation " + claims.DuSoftware(c) + " (historique des recherches, des analyses et des exportations), ou tout document en tenant lieu"
		}
		return "les journaux des accès aux enregistrements et de leurs exportations, ou tout document en tenant lieu"
	case letters.DocCNILCorrespondence:
		s := "les courriers échangés entre la commune et la CNIL au sujet du système de vidéoprotection"
		if an {
			s += " et " + claims.DuSoftware(c)
		}
		return s + ", y compris les décisions ou mises en demeure reçues de la CNIL et les réponses de la commune"
	}
	return doc
}

// requestedDocs lists the case's documents_requested in the order of letters.Enumerations.
func requestedDocs(c *letters.Case) []string {
	var out []string
	for _, d := range letters.Enumerations["documents_requested"] {
		for _, x := range c.DocumentsRequested {
			if x == d {
				out = append(out, d)
			}
		}
	}
	return out
}

func hasDoc(docs []string, doc string) bool {
	for _, d := range docs {
		if d == doc {
			return true
		}
	}
	return false
}

// docList is the numbered list of the documents, each ending with « ; » and the last with « . ».
func docList(c *letters.Case, docs []string) document.Block {
	var items [][]document.Run
	for i, d := range docs {
		end := " ;"
		if i == len(docs)-1 {
			end = "."
		}
		items = append(items, []document.Run{t(docDescription(c, d) + end)})
	}
	return document.Block{Kind: document.NumberedList, Items: items}
}

// communicabilityBlocks argue that the documents are communicable, at least in part: what an
// administrative document is, the AIPD and contract doctrine when those are asked for, and partial
// communication after occultation rather than refusal. CRPA L311-7, which states the occultation rule,
// is unverified: its principle is described, its number is not printed (reference.md §10).
func (l *letter) communicabilityBlocks(docs []string) []document.Block {
	bs := []document.Block{
		withWhy(p(
			t("Produits ou reçus par la commune dans le cadre de sa mission de service public, ces documents sont des documents administratifs au sens de l’"),
			cite("crpa-l300-2"),
			t(", quels que soient leur forme et leur support."),
		), l.why("Documents administratifs", "crpa-l300-2")),
	}
	if hasDoc(docs, letters.DocAIPD) {
		bs = append(bs, withWhy(p(
			t("Il en va ainsi de l’analyse d’impact relative à la protection des données établie pour un traitement mis en œuvre par une administration ("),
			cite("cada-2023-20234820"),
			t(")."),
		), l.why("Analyse d’impact", "cada-2023-20234820")))
	}
	if hasDoc(docs, letters.DocContract) {
		bs = append(bs, withWhy(p(
			t("S’agissant des pièces contractuelles, l’acte d’engagement, le prix global et la description des prestations sont communicables ; seules les mentions du détail des prix qui révéleraient la stratégie commerciale de l’entreprise pourraient, le cas échéant, être occultées ("),
			cite("ce-2016-375529"),
			t(")."),
		), l.why("Pièces contractuelles", "ce-2016-375529")))
	}
	bs = append(bs, withWhy(p(
		t("Si certains de ces documents comportaient des mentions protégées par la loi, au titre notamment de la sécurité publique ("),
		cite("crpa-l311-5"),
		t("), de la protection de la vie privée ou du secret des affaires ("),
		cite("crpa-l311-6"),
		t("), seules ces mentions pourraient être occultées : lorsque les mentions non communicables peuvent être occultées ou disjointes, la loi prévoit que le reste du document est communiqué."),
	), l.why("Communication partielle plutôt que refus", "crpa-l311-5", "crpa-l311-6")))
	return bs
}

// --- demande-documents ---

func demandeDocuments() Procedure {
	p := Procedure{
		ID:        DemandeDocuments,
		Title:     "Demande de communication de documents administratifs",
		Summary:   "Demande au maire de communiquer les documents administratifs relatifs au système (contrats, analyse d’impact, autorisation préfectorale, délibérations…), au titre du code des relations entre le public et l’administration.",
		SummaryEN: "Request to the mayor for the administrative documents about the system (contracts, impact assessment, prefect’s authorisation, deliberations…) under the French code on relations between the public and the administration.",
		Require: letters.Requirements{
			Procedure: DemandeDocuments,
			Fields:    []string{"documents_requested"},
		},
		toCommune: true,
	}
	p.Build = build(p, func(l *letter) error {
		l.demandeDocuments()
		return nil
	})
	return p
}

func (l *letter) demandeDocuments() {
	c := l.c
	docs := requestedDocs(c)
	l.mayorLetter("Demande de communication de documents administratifs " + relatif(l.subject(), false, true))
	d := l.doc

	intro := withWhy(p(
		t(l.je("J’ai l’honneur de vous demander", "Nous avons l’honneur de vous demander")+", en application de l’"),
		cite("crpa-l311-1"),
		t(", la communication des documents énumérés ci-après, "+relatif(l.subject(), false, true)+"."),
	), l.why("Droit d’accès aux documents administratifs", "crpa-l311-1"))

	list := []document.Block{p(t("Il s’agit des documents suivants :")), docList(c, docs)}
	if len(docs) == 0 {
		// Check requires documents_requested; a case built in code without it still gets a letter.
		list = []document.Block{p(t("Les documents demandés sont l’ensemble des documents administratifs relatifs à ce système."))}
	}

	d.Sections = append(d.Sections,
		document.Section{ID: "expose", Blocks: []document.Block{intro}},
		document.Section{ID: "documents", Title: "Documents demandés", Blocks: list},
		document.Section{ID: "communication", Title: "Modalités de communication", Blocks: append(l.communicabilityBlocks(docs), l.deliveryBlocks()...)},
		document.Section{ID: "delais", Title: "Délai de réponse", Blocks: l.crpaDelayBlocks()},
	)
	l.finishLetter()
}

// deliveryBlocks: how the documents are to be sent (free e-mail when the sender gave an address), and
// what to do with documents the commune does not hold.
func (l *letter) deliveryBlocks() []document.Block {
	s := l.c.Sender
	var runs []document.Run
	if s.Email != "" {
		runs = []document.Run{
			t("Conformément à l’"),
			cite("crpa-l311-9"),
			t(l.je(", je souhaite", ", nous souhaitons") + " recevoir ces documents par courrier électronique, à l’adresse "),
			document.Run{Text: s.Email},
			t(", lorsqu’ils sont disponibles sous forme électronique : ce mode de communication est gratuit."),
		}
	} else {
		runs = []document.Run{
			t("Conformément à l’"),
			cite("crpa-l311-9"),
			t(l.je(", je souhaite", ", nous souhaitons") + " recevoir une copie de ces documents à l’adresse postale indiquée en tête de la présente lettre. " + l.je("Je vous remercie", "Nous vous remercions") + " de bien vouloir " + l.je("m’", "nous ") + "indiquer au préalable le montant des frais de reproduction et d’envoi qui seraient demandés."),
		}
	}
	return []document.Block{
		withWhy(p(runs...), l.why("Mode de communication", "crpa-l311-9")),
		p(t("Si certains de ces documents n’étaient pas détenus par la commune, notamment parce que l’achat a été effectué par l’intermédiaire d’une centrale d’achat ou d’un établissement public de coopération intercommunale, " + l.je("je vous remercie de me l’indiquer", "nous vous remercions de nous l’indiquer") + " en précisant l’administration qui les détient.")),
	}
}

// crpaDelayBlocks: acknowledgment of receipt, then one month of silence as a refusal that the CADA can
// be asked to review.
func (l *letter) crpaDelayBlocks() []document.Block {
	return []document.Block{
		withWhy(p(
			t(l.je("Je vous remercie", "Nous vous remercions")+" de bien vouloir accuser réception de la présente demande, conformément à l’"),
			cite("crpa-l112-3"),
			t("."),
		), l.why("Accusé de réception", "crpa-l112-3")),
		withWhy(p(
			t("À défaut de réponse dans le délai d’un mois à compter de sa réception, le silence gardé sur cette demande vaudra refus de communication ("),
			cite("crpa-r311-13"),
			t(l.je(") ; je pourrai", ") ; nous pourrons")+" alors saisir la Commission d’accès aux documents administratifs, comme le prévoit l’"),
			cite("crpa-l342-1"),
			t("."),
		), l.why("Silence et saisine de la CADA", "crpa-r311-13", "crpa-l342-1")),
	}
}
