package procedures

import (
	"strconv"
	"strings"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// tenseOf picks the wording for a use of the software that may be going on or that has ended
// (facts.in_use_until set): facts about the period of use are told in the past once it is over.
func tenseOf(c *letters.Case, ongoing, ended string) string {
	if claims.UseEnded(c) {
		return ended
	}
	return ongoing
}

// factsSection is « Les faits »: what the case says, item by item, each as the case states it (facts
// that are no breach — the ethics committee, the council's deliberation, the purposes claimed — are
// stated here and nowhere else), then the public sources with publisher, date, address and exhibit
// number.
func (l *letter) factsSection() document.Section {
	c := l.c
	f := c.Facts
	an := claims.Analytics(c)
	commune := claims.Commune(c)
	var items []string

	vendor := ""
	if f.Vendor != "" {
		vendor = ", fourni par " + frtext.Fragment(f.Vendor)
	}
	unnamed := "un logiciel d’analyse automatisée des images de vidéoprotection, dont le nom n’est pas connu"
	switch {
	case an && f.Acquired != "":
		d, _ := frtext.ParseDate(f.Acquired)
		what := "le logiciel " + frtext.Fragment(f.Software) + vendor
		if f.Software == "" {
			what = unnamed + vendor
		}
		items = append(items, commune+" a acquis "+d.On()+" "+what)
	case an:
		what := "du logiciel " + frtext.Fragment(f.Software) + vendor
		if f.Software == "" {
			what = "d’" + unnamed + vendor
		}
		items = append(items, commune+" dispose "+what)
	default:
		items = append(items, commune+" exploite un système de vidéoprotection de la voie publique")
	}

	if an {
		from, okFrom := frtext.ParseDate(f.InUseFrom)
		until, okUntil := frtext.ParseDate(f.InUseUntil)
		switch {
		case okFrom && okUntil:
			items = append(items, "ce logiciel a été utilisé "+from.From()+" "+until.To())
		case okFrom:
			items = append(items, "son utilisation a commencé "+from.On()+", sans qu’une date de fin soit connue")
		case okUntil:
			items = append(items, "ce logiciel a été utilisé "+until.Until())
		}
		if caps := claims.KnownCapabilities(c); len(caps) > 0 {
			var ls []string
			for _, k := range caps {
				ls = append(ls, claims.CapabilityLabel(k))
			}
			items = append(items, "il permet "+frtext.Join(ls, "et"))
		}
	}
	if f.PurposesClaimed != "" {
		items = append(items, "la commune invoque l’usage suivant : "+frtext.Quote(frtext.Fragment(f.PurposesClaimed)))
	}

	it := "ce logiciel"
	device := "ce dispositif"
	if !an {
		it = "ce système"
	}
	switch f.AIPD {
	case letters.AIPDMissing:
		items = append(items, "aucune analyse d’impact relative à la protection des données (AIPD) n’a été réalisée avant la mise en service de "+it)
	case letters.AIPDIncomplete:
		if an {
			items = append(items, "l’analyse d’impact relative à la protection des données (AIPD) établie par la commune "+tenseOf(c, "ne porte pas", "ne portait pas")+" sur le traitement algorithmique des images")
		} else {
			items = append(items, "l’analyse d’impact relative à la protection des données (AIPD) établie par la commune est incomplète")
		}
	case letters.AIPDExists:
		items = append(items, "une analyse d’impact relative à la protection des données (AIPD) a été établie pour "+it)
	}
	switch f.CNILConsulted {
	case letters.No:
		items = append(items, "la CNIL n’a pas été consultée avant la mise en service de "+it)
	case letters.Yes:
		items = append(items, "la CNIL a été consultée avant la mise en service de "+it)
	}
	switch f.EthicsCommitteeInformed {
	case letters.No:
		items = append(items, "le comité d’éthique de la vidéoprotection de la commune n’a pas été informé de "+device)
	case letters.Yes:
		items = append(items, "le comité d’éthique de la vidéoprotection de la commune a été informé de "+device)
	}
	switch f.CouncilDeliberation {
	case letters.DeliberationNone:
		items = append(items, "aucune délibération du conseil municipal ne porte sur "+device)
	case letters.DeliberationExists:
		items = append(items, "le conseil municipal a délibéré sur "+device)
	default:
		items = append(items, "l’existence d’une délibération du conseil municipal relative à "+device+" n’est pas connue")
	}
	switch f.PrefectoralAuthorisation {
	case letters.AuthValid:
		items = append(items, "le système de vidéoprotection bénéficie d’une autorisation préfectorale")
	case letters.AuthNone:
		items = append(items, "le système de vidéoprotection ne bénéficie d’aucune autorisation préfectorale")
	case letters.AuthExpired:
		items = append(items, "l’autorisation préfectorale du système de vidéoprotection paraît expirée")
	default:
		items = append(items, "l’existence et la portée de l’autorisation préfectorale du système de vidéoprotection ne sont pas connues")
	}
	switch f.Signage {
	case letters.SignageNone:
		items = append(items, "aucun panneau ni autre dispositif n’informe le public de la présence des caméras")
	case letters.SignageIncomplete:
		items = append(items, "l’information délivrée au public sur le système est incomplète")
	case letters.SignageAdequate:
		items = append(items, "des panneaux informent le public de la présence des caméras")
	}
	if f.RetentionDays > 0 {
		items = append(items, "les enregistrements, ou les données qui en sont dérivées, sont conservés pendant "+strconv.Itoa(f.RetentionDays)+" jour"+map[bool]string{true: "", false: "s"}[f.RetentionDays == 1])
	}

	intro := l.je("Selon les éléments dont je dispose, les faits sont les suivants :", "Selon les éléments dont nous disposons, les faits sont les suivants :")
	if len(f.Sources) > 0 {
		intro = "Selon les informations disponibles, notamment les sources publiques citées ci-après, les faits sont les suivants :"
	}
	var list [][]document.Run
	for i, s := range items {
		end := " ;"
		if i == len(items)-1 {
			end = "."
		}
		list = append(list, []document.Run{t(s + end)})
	}
	bs := []document.Block{p(t(intro)), {Kind: document.BulletList, Items: list}}

	if len(f.Sources) > 0 {
		bs = append(bs, p(t("Ces éléments ressortent notamment des sources suivantes :")))
		var srcs [][]document.Run
		for i, s := range f.Sources {
			runs := sourceRuns(c, s)
			if i == len(f.Sources)-1 {
				runs = append(runs, t("."))
			} else {
				runs = append(runs, t(" ;"))
			}
			srcs = append(srcs, runs)
		}
		bs = append(bs, document.Block{Kind: document.BulletList, Items: srcs})
	}
	return document.Section{ID: "faits", Title: "Les faits", Numbered: true, Blocks: bs}
}

// sourceRuns prints a source: « Médiacités, « Titre », 21 novembre 2024, https://… (pièce n° 1) ».
func sourceRuns(c *letters.Case, s letters.Source) []document.Run {
	var head []string
	if s.Publisher != "" {
		head = append(head, frtext.Fragment(s.Publisher))
	}
	if s.Title != "" {
		head = append(head, frtext.Quote(frtext.Fragment(s.Title)))
	}
	if s.Date != "" {
		head = append(head, frtext.FormatDate(s.Date))
	}
	runs := []document.Run{{Text: strings.Join(head, ", ")}}
	if s.URL != "" {
		if len(head) > 0 {
			runs = append(runs, document.Run{Text: ", "})
		}
		runs = append(runs, link(strings.TrimSpace(s.URL)))
	}
	if n := exhibitFor(c, s); n > 0 {
		runs = append(runs, document.Run{Text: pieceRef(n)})
	}
	return runs
}
