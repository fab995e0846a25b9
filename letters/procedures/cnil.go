package procedures

import (
	"strings"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// cnilRecipient is the CNIL's postal address as NF Z10-011 wants it: at most 6 lines of at most 38
// characters, the last one postcode + CEDEX in capitals (reference README, « Addresses and forms »).
var cnilRecipient = []string{
	"Madame la Présidente de la CNIL",
	"3 place de Fontenoy",
	"TSA 80715",
	"75334 PARIS CEDEX 07",
}

const cnilSalutation = "Madame la Présidente,"

const cnilOnline = "Transmise par le formulaire en ligne de la CNIL"

func (l *letter) cnilClosing() string {
	return l.je(
		"Je vous prie d’agréer, Madame la Présidente, l’expression de ma haute considération.",
		"Nous vous prions d’agréer, Madame la Présidente, l’expression de notre haute considération.",
	)
}

// cnilLetter assembles the parts the two CNIL letters share around their own object and exposé.
func (l *letter) cnilLetter(object string, expose document.Section) {
	d := l.doc
	d.Sender = l.senderLines()
	d.Recipient = append([]string(nil), cnilRecipient...)
	d.PlaceDate = l.placeDate()
	d.Sending = l.sending()
	d.Object = frtext.Typo(object)
	d.References = l.cnilReferences()
	d.Salutation = cnilSalutation
	d.Sections = append(d.Sections, expose)
	d.Sections = append(d.Sections, l.caseSections("Les manquements", "la CNIL")...)
	d.Sections = append(d.Sections, l.requestsSection(l.cnilRequests(l.requestCodes(letters.ReqControl))))
	d.Closing = l.cnilClosing()
	d.Signatures = l.signatures()
	d.Exhibits = l.exhibits()
}

// --- plainte-cnil ---

func plainteCNIL() Procedure {
	p := Procedure{
		ID:        PlainteCNIL,
		Title:     "Plainte auprès de la CNIL",
		Summary:   "Plainte d’une personne filmée par les caméras de la commune, au titre de l’article 77 du RGPD et, le cas échéant, du titre III de la loi Informatique et Libertés.",
		SummaryEN: "Complaint to the CNIL by a person filmed by the commune’s cameras (GDPR art. 77, or Title III of the French Data Protection Act).",
		Require: letters.Requirements{
			Procedure:   PlainteCNIL,
			SenderKinds: []string{letters.SenderResident},
			Fields:      []string{"facts.where_filmed"},
		},
		Claims:               allClaimIDs(),
		WarnWithoutPriorStep: true,
		online:               cnilOnline,
	}
	p.Build = build(p, func(l *letter) error {
		l.cnilLetter("Plainte "+relatif(l.subject(), true, false), l.plainteExpose())
		return nil
	})
	return p
}

// plainteExpose: who complains, on which basis, and how the processing concerns them.
func (l *letter) plainteExpose() document.Section {
	c := l.c
	bs := []document.Block{
		withWhy(p(
			t("J’ai l’honneur de saisir la Commission nationale de l’informatique et des libertés d’une plainte "+relatif(l.subject(), true, false)+". La commune est responsable du traitement des images de son système de vidéoprotection ("),
			cite("csi-r251-1"),
			t(")."),
		), l.why("Responsable du traitement", "csi-r251-1")),
		withWhy(p(
			t("Cette plainte est présentée sur le fondement de l’"),
			cite("rgpd-77"),
			t(" ou, si le traitement relève de la directive « police-justice », de l’"),
			cite("lil-8"),
			t(", qui confie à la CNIL le traitement des réclamations."),
		), l.why("Fondement de la plainte", "rgpd-77", "lil-8")),
	}
	bs = append(bs, p(t(concerned(c))))
	bs = append(bs, wherePara(c.Facts.WhereFilmed)...)
	if claims.Analytics(c) {
		tense := "d’être soumises"
		if c.Facts.InUseUntil != "" {
			tense = "d’avoir été soumises"
		}
		bs = append(bs, p(t("Les images qui me concernent sont ainsi susceptibles "+tense+" à l’analyse automatisée décrite ci-après.")))
	}
	return document.Section{ID: "expose", Title: "Exposé", Numbered: true, Blocks: bs}
}

// concerned says that the processing concerns the sender, agreeing with the civility, neutral without.
func concerned(c *letters.Case) string {
	switch c.Sender.Civility {
	case letters.CivilityMadame:
		return "Je suis directement concernée par ce traitement."
	case letters.CivilityMonsieur:
		return "Je suis directement concerné par ce traitement."
	}
	return "Ce traitement me concerne directement."
}

// wherePara keeps the sender's own words about how they are filmed, one paragraph per line.
func wherePara(s string) []document.Block {
	var bs []document.Block
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			bs = append(bs, p(document.Run{Text: frtext.Sentence(line)}))
		}
	}
	return bs
}

// --- signalement-cnil ---

func signalementCNIL() Procedure {
	p := Procedure{
		ID:        SignalementCNIL,
		Title:     "Signalement à la CNIL et demande de contrôle",
		Summary:   "Signalement par des élus municipaux ou une association, demandant à la CNIL de faire usage de ses pouvoirs de contrôle à l’égard de la commune.",
		SummaryEN: "Referral by municipal councillors or an association asking the CNIL to use its powers of control over the commune.",
		Require: letters.Requirements{
			Procedure:   SignalementCNIL,
			SenderKinds: []string{letters.SenderCouncillors, letters.SenderAssociation},
		},
		Claims: allClaimIDs(),
		online: cnilOnline,
	}
	p.Build = build(p, func(l *letter) error {
		l.cnilLetter("Signalement et demande de contrôle "+relatif(l.subject(), false, true), l.signalementExpose())
		return nil
	})
	return p
}

// groupName is the group's or association's name without a leading « Groupe » / « Association »,
// to be printed after « le groupe » / « l’association ».
func groupName(org, prefix string) string {
	org = frtext.Fragment(org)
	if len(org) > len(prefix) && strings.EqualFold(org[:len(prefix)], prefix) {
		return strings.TrimSpace(org[len(prefix):])
	}
	return org
}

// joinSigners joins signatory lines (« Monsieur Jean Dupré, président ») with « et », closing the
// apposition before it: « Monsieur Jean Dupré, président, et Madame Sophie Lemaire, secrétaire ».
func joinSigners(lines []string) string {
	items := append([]string(nil), lines...)
	if n := len(items); n >= 2 && strings.Contains(items[n-2], ", ") {
		items[n-2] += ","
	}
	return frtext.Join(items, "et")
}

func signatoryLine(s letters.Signatory) string {
	line := personName(s.Civility, s.FirstName, s.LastName)
	if s.Role != "" {
		line += ", " + frtext.LowerFirst(frtext.Fragment(s.Role))
	}
	return line
}

// signalementExpose: who refers, in which capacity, who signs, and what the referral asks.
func (l *letter) signalementExpose() document.Section {
	c := l.c
	powers := []document.Run{
		t(" de porter à votre connaissance les faits exposés ci-après, " + relatif(l.subject(), false, true) + ", et de vous demander de faire usage, à l’égard de cette commune, des pouvoirs de contrôle et de correction que la CNIL tient des "),
		citeAll("lil-8", "lil-20"),
		t("."),
	}
	var first []document.Run
	var bs []document.Block
	if c.Sender.Kind == letters.SenderAssociation {
		first = append([]document.Run{t("Nous avons l’honneur, au nom de l’association " + frtext.Quote(groupName(c.Sender.Organisation, "Association ")) + ",")}, powers...)
		bs = append(bs, withWhy(p(first...), l.why("Fondement du signalement", "lil-8", "lil-20")))
		bs = append(bs, l.associationIdentity()...)
	} else {
		group := ""
		if c.Sender.Organisation != "" {
			group = " siégeant au sein du groupe " + frtext.Quote(groupName(c.Sender.Organisation, "Groupe "))
		}
		first = append([]document.Run{t("Nous, membres du conseil municipal " + frtext.De(frtext.Fragment(c.Commune.Name)) + group + ", avons l’honneur")}, powers...)
		bs = append(bs, withWhy(p(first...), l.why("Fondement du signalement", "lil-8", "lil-20")))
	}

	signers := l.signerNames()
	if c.Sender.Kind == letters.SenderAssociation {
		bs = append(bs, p(t("Le présent signalement est signé, pour l’association, par "+joinSigners(signers)+".")))
	} else {
		bs = append(bs, p(t("Le présent signalement est signé par chacun des membres suivants du conseil municipal : "+strings.Join(signers, " ; ")+".")))
	}
	bs = append(bs, p(t("Il ne constitue pas une réclamation individuelle : il tend à ce que la CNIL exerce, de sa propre initiative, les pouvoirs que lui confèrent ces textes.")))
	bs = append(bs, wherePara(c.Facts.WhereFilmed)...)
	return document.Section{ID: "expose", Title: "Exposé", Numbered: true, Blocks: bs}
}
