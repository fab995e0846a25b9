package procedures

import (
	"errors"
	"fmt"
	"iter"
	"strings"

	"saisine/internal/slug"
	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/mandants"
)

// Procedure ids of the collective filing.
const (
	Mandat                = "mandat"
	PlainteCollectiveCNIL = "plainte-collective-cnil"
)

// ErrNoMandants is returned when a collective complaint is asked for a list of mandants that is empty
// although mandants were expected (Options.RequireMandants).
var ErrNoMandants = errors.New("procedures: plainte-collective-cnil: no mandant")

// --- mandat ---

// mandat is one resident's mandate to the association that sends the case, under GDPR art. 80(1).
// Built without a mandant, it is the blank form a resident fills in and signs by hand.
func mandat() Procedure {
	p := Procedure{
		ID:        Mandat,
		Title:     "Mandat donné à l’association",
		Summary:   "Mandat par lequel une personne charge l’association d’introduire en son nom une réclamation auprès de la CNIL (article 80, paragraphe 1, du RGPD). Une page par mandant, ou un formulaire vierge à signer.",
		SummaryEN: "A resident’s mandate asking the association to lodge a complaint with the CNIL on their behalf (GDPR art. 80(1)); one page per mandant, or a blank form to sign.",
		Require: letters.Requirements{
			Procedure:   Mandat,
			SenderKinds: []string{letters.SenderAssociation},
		},
		Mandants: true,
	}
	p.Build = build(p, func(l *letter) error {
		var m *mandants.Mandant
		if len(l.opts.Mandants) > 0 {
			m = &l.opts.Mandants[0]
		}
		l.mandate(m)
		return nil
	})
	return p
}

// Mandate is the mandate of one mandant (one page).
func Mandate(c *letters.Case, m mandants.Mandant, opts Options) (*document.Document, error) {
	opts.Mandants = []mandants.Mandant{m}
	return mandat().Build(c, opts)
}

// Mandates yields one mandate per mandant, in order, building each only when asked: thousands of
// mandates go to the renderer without being held in memory together. A mandant error stops the
// sequence with that error.
func Mandates(c *letters.Case, ms iter.Seq2[mandants.Mandant, error], opts Options) iter.Seq2[*document.Document, error] {
	p := mandat()
	return func(yield func(*document.Document, error) bool) {
		one := []mandants.Mandant{{}}
		for m, err := range ms {
			if err != nil {
				yield(nil, err)
				return
			}
			one[0] = m
			opts.Mandants = one
			d, err := p.Build(c, opts)
			if !yield(d, err) || err != nil {
				return
			}
		}
	}
}

// Slice turns a list of mandants into the sequence Mandates reads.
func Slice(ms []mandants.Mandant) iter.Seq2[mandants.Mandant, error] {
	return func(yield func(mandants.Mandant, error) bool) {
		for _, m := range ms {
			if !yield(m, nil) {
				return
			}
		}
	}
}

const blankLine = "……………………………………………"

func soussigne(civility string) string {
	switch civility {
	case letters.CivilityMadame:
		return "soussignée"
	case letters.CivilityMonsieur:
		return "soussigné"
	}
	return "soussigné(e)"
}

// associationName is « l’association « X » » without a doubled « Association ».
func associationName(c *letters.Case) string {
	return "l’association " + frtext.Quote(groupName(c.Sender.Organisation, "Association "))
}

// associationRecipient is the association as addressee of a mandate.
func associationRecipient(c *letters.Case) []string {
	lines := []string{frtext.Fragment(c.Sender.Organisation)}
	for _, s := range addressLines(c.Sender.Address) {
		lines = append(lines, frtext.Fragment(s))
	}
	// NF Z10-011: the locality line of an address is in capitals.
	if len(lines) > 1 && c.Sender.Address.City != "" {
		lines[len(lines)-1] = strings.ToUpper(lines[len(lines)-1])
	}
	return lines
}

func (l *letter) mandate(m *mandants.Mandant) {
	c, d := l.c, l.doc
	d.Recipient = associationRecipient(c)
	d.Object = "Mandat pour introduire une réclamation auprès de la CNIL (article 80, paragraphe 1, du RGPD)"

	var who, civility string
	if m == nil {
		d.Sender = []string{"Nom et prénom : " + blankLine, "Adresse : " + blankLine, blankLine, "Courriel : " + blankLine}
		d.PlaceDate = "Fait à " + blankLine + ", le " + blankLine
		who = "Je " + soussigne("") + ", " + blankLine + ", demeurant " + blankLine + ","
	} else {
		civility = m.Civility
		name := personName(m.Civility, m.FirstName, m.LastName)
		addr := nonEmpty(m.Street, m.Complement, strings.TrimSpace(m.PostalCode+" "+m.City))
		d.Sender = append(append([]string{name}, addr...), nonEmpty(m.Email)...)
		for i := range d.Sender {
			d.Sender[i] = frtext.Fragment(d.Sender[i])
		}
		date := frtext.FormatDate(m.SignedOn)
		if sd, err := letters.ParseDate(m.SignedOn); err == nil && sd.Precision == letters.PrecisionDay {
			l.date = sd.First() // the PDF's dates: the same mandate always gives the same bytes
		}
		d.PlaceDate = frtext.Fragment(m.City) + ", le " + date
		who = "Je " + soussigne(m.Civility) + ", " + frtext.Fragment(name) + ", demeurant " + frtext.Fragment(strings.Join(addr, ", ")) + ","
	}

	ids := ""
	if a := c.Sender.Association; a != nil {
		switch {
		case a.RNA != "":
			ids = ", inscrite au répertoire national des associations sous le numéro " + a.RNA
		case a.SIREN != "":
			ids = ", inscrite au répertoire SIRENE sous le numéro " + a.SIREN
		}
	}
	seat := ""
	if a := addressLines(c.Sender.Address); len(a) > 0 {
		seat = ", dont le siège est " + frtext.Fragment(strings.Join(a, ", "))
	}
	bs := []document.Block{
		withWhy(p(
			t(who+" donne mandat à "+associationName(c)+ids+seat+", d’agir en mon nom sur le fondement de l’"),
			cite("rgpd-80-1"),
			t(", pour :"),
		), l.why("Mandat", "rgpd-80-1")),
		{Kind: document.NumberedList, Items: [][]document.Run{
			{t("introduire auprès de la Commission nationale de l’informatique et des libertés (CNIL) une réclamation, au sens de l’"), cite("rgpd-77"), t(", " + relatif(l.subject(), true, false) + " ;")},
			{t("recevoir les correspondances de la CNIL relatives à cette réclamation et y répondre ;")},
			{t("retirer cette réclamation.")},
		}, Why: l.why("Objet du mandat", "rgpd-77")},
		p(t(revocable(m))),
		p(t("Je suis " + informe(civility) + " que les informations ci-dessus sont transmises à la CNIL avec la réclamation et que l’association ne les utilise à aucune autre fin.")),
	}
	d.Sections = []document.Section{{ID: "mandat", Blocks: bs}}

	switch {
	case m == nil:
		d.Signatures = []document.Signature{{Name: "Signature", Role: "précédée de la mention « Bon pour mandat »"}}
	case m.Signature != "":
		d.Signatures = []document.Signature{{
			Name: frtext.Fragment(personName("", m.FirstName, m.LastName)),
			Role: "Signé en ligne le " + frtext.FormatDate(m.SignedOn) + " par la saisie du nom " + frtext.Quote(frtext.Fragment(m.Signature)),
		}}
	default:
		d.Signatures = []document.Signature{{
			Name: frtext.Fragment(personName("", m.FirstName, m.LastName)),
			Role: "Mandat signé sur papier le " + frtext.FormatDate(m.SignedOn) + " ; l’original est conservé par l’association",
		}}
	}
}

// revocable says the mandate can be withdrawn at any time; a mandate signed online can also be
// withdrawn with the link the signer received.
func revocable(m *mandants.Mandant) string {
	how := "en le faisant savoir à l’association"
	if m != nil && m.Signature != "" {
		how = "en le faisant savoir à l’association ou au moyen du lien de révocation qui m’a été remis"
	}
	return "Ce mandat ne vaut que pour cette réclamation. Je peux le révoquer à tout moment, sans avoir à en donner le motif, " + how + "."
}

func informe(civility string) string {
	switch civility {
	case letters.CivilityMadame:
		return "informée"
	case letters.CivilityMonsieur:
		return "informé"
	}
	return "informé(e)"
}

// --- plainte-collective-cnil ---

func plainteCollectiveCNIL() Procedure {
	p := Procedure{
		ID:        PlainteCollectiveCNIL,
		Title:     "Plainte collective auprès de la CNIL",
		Summary:   "Plainte d’une association au nom des personnes qui l’ont mandatée (article 80, paragraphe 1, du RGPD), avec la liste des mandants en annexe et leurs mandats.",
		SummaryEN: "An association’s complaint to the CNIL on behalf of the residents who mandated it (GDPR art. 80(1)), with the list of mandants annexed and their mandates.",
		Require: letters.Requirements{
			Procedure:   PlainteCollectiveCNIL,
			SenderKinds: []string{letters.SenderAssociation},
			Fields:      []string{"sender.association.purpose"},
		},
		Claims:   allClaimIDs(),
		Mandants: true,
		online:   cnilOnline,
	}
	p.Build = build(p, func(l *letter) error {
		if l.opts.RequireMandants && len(l.opts.Mandants) == 0 {
			return ErrNoMandants
		}
		n := len(l.opts.Mandants)
		object := "Plainte collective " + relatif(l.subject(), true, false)
		if n > 0 {
			object = fmt.Sprintf("Plainte collective, au nom de %s, %s", persons(n), relatif(l.subject(), true, false))
		}
		l.cnilLetter(object, l.collectiveExpose())
		if n > 0 {
			l.addExhibit("Mandats des "+persons(n)+" mandantes, à la suite de la présente plainte", "")
			l.doc.Exhibits = l.exhibits()
		}
		l.doc.Annexes = []document.Annex{l.mandantsAnnex()}
		return nil
	})
	return p
}

// persons is « 1 personne », « 15 248 personnes ».
func persons(n int) string {
	if n == 1 {
		return "1 personne"
	}
	return frtext.Int(n) + " personnes"
}

func (l *letter) collectiveExpose() document.Section {
	c := l.c
	n := len(l.opts.Mandants)
	on := " des personnes énumérées en annexe, qui l’ont mandatée à cet effet"
	if n == 1 {
		on = " de la personne désignée en annexe, qui l’a mandatée à cet effet"
	} else if n > 1 {
		on = " des " + persons(n) + " énumérées en annexe, qui l’ont mandatée à cet effet"
	}
	bs := []document.Block{
		withWhy(p(
			t("Nous avons l’honneur, au nom de "+associationName(c)+", de saisir la Commission nationale de l’informatique et des libertés d’une plainte "+relatif(l.subject(), true, false)+", présentée pour le compte"+on+", conformément à l’"),
			cite("rgpd-80-1"),
			t(". La commune est responsable du traitement des images de son système de vidéoprotection ("),
			cite("csi-r251-1"),
			t(")."),
		), l.why("Plainte au nom des mandants", "rgpd-80-1", "csi-r251-1")),
		withWhy(p(
			t("Chacune de ces personnes est fondée à introduire une réclamation sur le fondement de l’"),
			cite("rgpd-77"),
			t(" ou, si le traitement relève de la directive « police-justice », de l’"),
			cite("lil-8"),
			t(", qui confie à la CNIL le traitement des réclamations."),
		), l.why("Fondement de la plainte", "rgpd-77", "lil-8")),
	}
	bs = append(bs, l.associationIdentity()...)
	bs = append(bs, p(t("L’association est un organisme à but non lucratif actif dans le domaine de la protection des droits et libertés des personnes à l’égard du traitement de leurs données personnelles.")))
	if n > 0 {
		list := "La liste des mandants (annexe 1) indique, pour chacun, son nom, sa commune de résidence et la date de son mandat ; les mandats signés sont joints à la suite de la présente plainte."
		if local := l.residents(); local > 0 {
			list += " " + residentsSentence(local, n, claims.Commune(c))
		}
		bs = append(bs, p(t(list)))
	} else {
		bs = append(bs, p(t("La liste des mandants (annexe 1) indique, pour chacun, son nom, sa commune de résidence et la date de son mandat ; les mandats signés sont joints à la suite de la présente plainte.")))
	}
	bs = append(bs, p(t("La présente plainte est signée, pour l’association, par "+joinSigners(l.signerNames())+".")))
	bs = append(bs, wherePara(c.Facts.WhereFilmed)...)
	return document.Section{ID: "expose", Title: "Exposé", Numbered: true, Blocks: bs}
}

func residentsSentence(local, n int, commune string) string {
	if local == n {
		if n == 1 {
			return "Elle réside sur le territoire de " + commune + "."
		}
		return "Toutes résident sur le territoire de " + commune + "."
	}
	if local == 1 {
		return "L’une d’elles réside sur le territoire de " + commune + "."
	}
	return "Parmi elles, " + frtext.Int(local) + " résident sur le territoire de " + commune + "."
}

// residents counts the mandants whose city is the commune's (compared as slugs: no case, accents or
// punctuation).
func (l *letter) residents() int {
	k := slug.Make(l.c.Commune.Name)
	n := 0
	for _, m := range l.opts.Mandants {
		if slug.Make(m.City) == k {
			n++
		}
	}
	return n
}

func (l *letter) signerNames() []string {
	var signers []string
	for _, s := range l.c.Signatories {
		signers = append(signers, signatoryLine(s))
	}
	if len(signers) == 0 {
		s := l.c.Sender
		signers = append(signers, signatoryLine(letters.Signatory{Civility: s.Civility, FirstName: s.FirstName, LastName: s.LastName, Role: s.Role}))
	}
	return signers
}

// associationIdentity states the association's registration, declaration date and statutory purpose
// as the case gives them, and nothing more.
func (l *letter) associationIdentity() []document.Block {
	a := l.c.Sender.Association
	if a == nil {
		return nil
	}
	var ids []string
	if a.RNA != "" {
		ids = append(ids, "au répertoire national des associations sous le numéro "+a.RNA)
	}
	if a.SIREN != "" {
		ids = append(ids, "au répertoire SIRENE sous le numéro "+a.SIREN)
	}
	var sent []string
	if len(ids) > 0 {
		sent = append(sent, "L’association est inscrite "+frtext.Join(ids, "et"))
	}
	if d, ok := frtext.ParseDate(a.DeclaredOn); ok {
		if len(sent) > 0 {
			sent[0] += " ; elle a été déclarée " + d.On()
		} else {
			sent = append(sent, "L’association a été déclarée "+d.On())
		}
	}
	text := ""
	if len(sent) > 0 {
		text = sent[0] + ". "
	}
	if a.Purpose != "" {
		text += "Son objet statutaire est le suivant : " + frtext.Quote(frtext.Fragment(a.Purpose)) + "."
	}
	if text == "" {
		return nil
	}
	return []document.Block{p(t(strings.TrimSpace(text)))}
}

// mandantsAnnex lists every mandant: name, commune, date of the mandate. Without mandants (a preview
// before the collection closes) it says the list will be drawn up.
func (l *letter) mandantsAnnex() document.Annex {
	a := document.Annex{Title: "Liste des mandants"}
	if len(l.opts.Mandants) == 0 {
		a.Blocks = []document.Block{p(t("La liste des personnes qui ont mandaté l’association sera établie à la clôture de la collecte des mandats."))}
		return a
	}
	items := make([][]document.Run, len(l.opts.Mandants))
	for i, m := range l.opts.Mandants {
		items[i] = []document.Run{{Text: frtext.Fragment(strings.ToUpper(m.LastName) + " " + m.FirstName + " — " + m.City + " — mandat du " + frtext.FormatDate(m.SignedOn))}}
	}
	a.Blocks = []document.Block{
		p(t(persons(len(l.opts.Mandants)) + " ont mandaté l’association pour la présente plainte :")),
		{Kind: document.NumberedList, Items: items},
	}
	return a
}

// CollectiveComplaint is the association's complaint to the CNIL on behalf of the mandants, with the
// annex listing them (name, commune, date of mandate). ms must not be empty.
func CollectiveComplaint(c *letters.Case, ms []mandants.Mandant, opts Options) (*document.Document, error) {
	opts.Mandants = ms
	opts.RequireMandants = true
	return plainteCollectiveCNIL().Build(c, opts)
}

// CollectiveFiling yields the complaint, then the mandates themselves: the whole filing, to render as
// one PDF with render.PDFAll.
func CollectiveFiling(c *letters.Case, ms []mandants.Mandant, opts Options) iter.Seq2[*document.Document, error] {
	return func(yield func(*document.Document, error) bool) {
		d, err := CollectiveComplaint(c, ms, opts)
		if !yield(d, err) || err != nil {
			return
		}
		for d, err := range Mandates(c, Slice(ms), opts) {
			if !yield(d, err) || err != nil {
				return
			}
		}
	}
}
