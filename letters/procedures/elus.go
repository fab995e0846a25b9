package procedures

import (
	"strings"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// --- demande-information-elus ---
//
// Councillors ask their mayor for information under CGCT L2121-13 (the right to be informed of the
// commune's affairs that are the subject of a deliberation). The case file does not say whether a
// deliberation on the system is pending, so L2121-12 (the explanatory note sent with the convocation)
// is recalled conditionally. Each councillor signs; one councillor alone writes « je ».

func demandeInformationElus() Procedure {
	p := Procedure{
		ID:        DemandeInformationElus,
		Title:     "Demande d’information des conseillers municipaux",
		Summary:   "Demande de conseillers municipaux au maire, au titre de leur droit à l’information sur les affaires de la commune (article L. 2121-13 du code général des collectivités territoriales)\u202f: documents et précisions sur le système.",
		SummaryEN: "Municipal councillors’ request to the mayor, under their right to be informed of the commune’s affairs (art. L2121-13 of the local authorities code): documents and explanations about the system.",
		Require: letters.Requirements{
			Procedure:   DemandeInformationElus,
			SenderKinds: []string{letters.SenderCouncillors},
			Fields:      []string{"signatories"},
		},
		toCommune: true,
	}
	p.Build = build(p, func(l *letter) error {
		l.demandeInformationElus()
		return nil
	})
	return p
}

func (l *letter) demandeInformationElus() {
	c := l.c
	l.plural = len(c.Signatories) != 1
	l.mayorLetter("Demande d’information des conseillers municipaux " + relatif(l.subject(), true, false))
	if !l.plural {
		who := "d’un conseiller municipal"
		if c.Signatories[0].Civility == letters.CivilityMadame {
			who = "d’une conseillère municipale"
		}
		l.doc.Object = frtext.Typo("Demande d’information " + who + " " + relatif(l.subject(), true, false))
	}
	d := l.doc

	group := ""
	if c.Sender.Organisation != "" {
		group = " siégeant au sein du groupe " + frtext.Quote(groupName(c.Sender.Organisation, "Groupe "))
	}
	council := "du conseil municipal " + frtext.De(frtext.Fragment(c.Commune.Name)) + group
	why := l.why("Droit à l’information des conseillers municipaux", "cgct-l2121-13")
	expose := []document.Block{
		withWhy(p(
			t(l.je("En ma qualité de membre "+council+", j’ai l’honneur", "En notre qualité de membres "+council+", nous avons l’honneur")+" de vous demander, sur le fondement de l’"),
			cite("cgct-l2121-13"),
			t(", les informations et documents énumérés ci-après, "+relatif(l.subject(), false, true)+"."),
		), why),
		withWhy(p(t("Ce texte garantit à tout conseiller municipal le droit, dans le cadre de sa fonction, d’être informé des affaires de la commune qui font l’objet d’une délibération. Le système de vidéoprotection de la commune et les conditions de son exploitation se rattachent à de telles affaires, ne serait-ce que par le vote des crédits qui en financent l’acquisition et le fonctionnement.")), why),
	}
	if l.plural {
		expose = append(expose, p(t("La présente demande est signée par chacun des membres suivants du conseil municipal : "+strings.Join(l.signerLines(), " ; ")+".")))
	}
	expose = append(expose, withWhy(p(
		t(l.je("Elle est présentée sans préjudice du droit que je tiens", "Elle est présentée sans préjudice du droit que chacun de nous tient")+", comme toute personne, de l’"),
		cite("crpa-l311-1"),
		t("."),
	), l.why("Droit d’accès aux documents administratifs", "crpa-l311-1")))

	facts := l.factsSection()
	facts.Numbered = false

	sections := []document.Section{{ID: "expose", Blocks: expose}, facts}
	docs := requestedDocs(c)
	if len(docs) > 0 {
		sections = append(sections, document.Section{ID: "documents", Title: "Documents demandés", Blocks: []document.Block{
			p(t(l.je("Je vous demande", "Nous vous demandons") + " communication des documents suivants :")),
			docList(c, docs),
		}})
	}
	intro := l.je("Je vous demande", "Nous vous demandons") + " de " + l.je("m’", "nous ") + "apporter des précisions sur les points suivants :"
	if len(docs) > 0 {
		intro = l.je("Je vous demande", "Nous vous demandons") + " également de " + l.je("m’", "nous ") + "apporter des précisions sur les points suivants :"
	}
	var items [][]document.Run
	qs := l.questions()
	for i, q := range qs {
		end := " ;"
		if i == len(qs)-1 {
			end = "."
		}
		items = append(items, []document.Run{t(q + end)})
	}
	sections = append(sections, document.Section{ID: "informations", Title: "Précisions demandées", Blocks: []document.Block{
		p(t(intro)), {Kind: document.BulletList, Items: items},
	}})

	next := []document.Block{
		withWhy(p(
			t("Si une délibération relative à ce dispositif devait être soumise au conseil municipal, "+l.je("je vous rappelle", "nous vous rappelons")+" que l’"),
			cite("cgct-l2121-12"),
			t(" prévoit, dans les communes de 3\u202f500 habitants et plus, l’envoi avec la convocation d’une note explicative de synthèse sur chaque affaire soumise à délibération : cette note devrait alors comporter une information complète sur les conditions d’exploitation des images, y compris leur éventuelle analyse automatisée."),
		), l.why("Note explicative de synthèse", "cgct-l2121-12")),
		withWhy(p(
			t(l.je("Je vous remercie", "Nous vous remercions")+" de "+l.je("me", "nous")+" communiquer ces informations et documents dans les meilleurs délais, et en tout état de cause avant la prochaine séance du conseil municipal. À défaut, "+l.je("je me réserve", "nous nous réservons")+" la possibilité de poser une question orale en séance, comme le permet l’"),
			cite("cgct-l2121-19"),
			t("."),
		), l.why("Question orale", "cgct-l2121-19")),
	}
	sections = append(sections, document.Section{ID: "suites", Title: "Suites", Blocks: next})
	d.Sections = append(d.Sections, sections...)
	l.finishLetter()
}

// questions are the points the councillors ask the mayor to clarify: the legal basis and the actual
// use of the software, what every grievance module that applies would have a control verify, and the
// facts the case leaves unknown.
func (l *letter) questions() []string {
	c := l.c
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	an := claims.Analytics(c)
	if an {
		add("la base légale sur laquelle la commune " + tenseOf(c, "fonde", "a fondé") + " le recours " + softwareDative(c))
		add("le nombre de recherches ou d’analyses effectuées au moyen de ce logiciel " + tenseOf(c, "depuis sa mise en service", "pendant toute la durée de son utilisation") + ", et le cadre dans lequel elles l’ont été, notamment à la demande de l’autorité judiciaire")
	} else {
		add("le recours éventuel à un logiciel d’analyse automatisée des images du système de vidéoprotection")
	}
	for _, cl := range claims.ApplicableIn(c, l.ctx) {
		if cl.Checks != nil {
			for _, s := range cl.Checks(c, l.ctx) {
				add(s)
			}
		}
	}
	f := c.Facts
	if an && (f.AIPD == letters.Unknown || f.AIPD == "") {
		add("l’existence et le contenu d’une AIPD couvrant le traitement algorithmique")
	}
	if an && (f.CNILConsulted == letters.Unknown || f.CNILConsulted == "") {
		add("la consultation éventuelle de la CNIL avant la mise en œuvre de ce traitement")
	}
	if f.PrefectoralAuthorisation == letters.Unknown || f.PrefectoralAuthorisation == "" {
		add("l’existence, la date et la portée de l’autorisation préfectorale du système")
	}
	if f.Signage == letters.Unknown || f.Signage == "" {
		add("le contenu de l’information délivrée au public")
	}
	return out
}
