package procedures

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// Problem codes of the procedures' own checks (Procedure.More); their sentences live in the message
// catalogue of package letters.
const (
	// CodeReferralTooEarly (error): the CRPA request is unanswered and less than a month old, so there
	// is no refusal yet to refer to the CADA. Path: prior_steps[i].received_on (sent_on when the receipt
	// date is unknown). Args: procedure, that date, the first day the referral is possible (YYYY-MM-DD).
	CodeReferralTooEarly = letters.CodeReferralTooEarly
	// CodeReferralLate (warning): the two months of CRPA R343-1 seem to have run out. Path:
	// prior_steps[i].answer_on for an express refusal, received_on or sent_on for a silence. Args:
	// procedure, the day the refusal arose (YYYY-MM-DD), the last day of the two months (YYYY-MM-DD).
	CodeReferralLate = letters.CodeReferralLate
	// CodeRecipientAddress (warning): the letter's recipient block has lines for the sender to
	// complete (the préfecture's postal address). Path: letter. Args: procedure.
	CodeRecipientAddress = letters.CodeRecipientAddress
)

// cadaRecipient: the CADA's postal address (reference README, « Addresses and forms »), its name cut
// to fit 38 characters a line (NF Z10-011).
var cadaRecipient = []string{
	"Commission d’accès aux documents",
	"administratifs (CADA)",
	"20 avenue de Ségur",
	"TSA 50730",
	"75334 PARIS CEDEX 07",
}

// crpaStep is the index of the CRPA request the referral is about: the latest one (by sending date)
// that did not get the full communication; -1 when there is none.
func crpaStep(c *letters.Case) int {
	return latestStep(c, func(s letters.PriorStep) bool {
		return s.Kind == letters.StepCRPARequest && s.Answer != letters.AnswerFull
	})
}

// crpaStepForBuild is crpaStep, falling back on a fully answered request when there is no other:
// Build does not fail on a case that did not pass Check.
func crpaStepForBuild(c *letters.Case) int {
	if i := crpaStep(c); i >= 0 {
		return i
	}
	return latestStep(c, func(s letters.PriorStep) bool { return s.Kind == letters.StepCRPARequest })
}

// latestStep is the index of the latest step (by sending date) that keep selects, -1 for none.
func latestStep(c *letters.Case, keep func(letters.PriorStep) bool) int {
	var idx []int
	for i, s := range c.PriorSteps {
		if keep(s) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return -1
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.PriorSteps[idx[a]].SentOn < c.PriorSteps[idx[b]].SentOn })
	return idx[len(idx)-1]
}

// silent reports whether a step got no answer (or none is stated).
func silent(s letters.PriorStep) bool {
	return s.Answer == letters.AnswerNone || s.Answer == ""
}

// referralTiming is the computation behind a CADA referral's dates (CRPA R311-13 and R343-1):
//   - silence: the request's one month runs from its receipt (from its sending when the receipt date
//     is unknown, which may be a few days early); the silence is « plus d’un mois » from the next day
//     on, which is the first day of the referral; the two months of R343-1 run from the end of the
//     month of silence;
//   - express refusal or partial answer: the two months run from the answer's date.
//
// Dates are the earliest safe ones: no extension for weekends or public holidays.
type referralTiming struct {
	path     string    // field the dates come from (for Check problems)
	from     time.Time // receipt (or sending) of the request, or the answer's date
	refusal  time.Time // day the refusal arose (end of the month of silence, or the answer's date)
	earliest time.Time // first day the CADA can be seized (zero for an express answer)
	last     time.Time // last day of the two months of R343-1
}

func timingOf(s letters.PriorStep, index int) (referralTiming, bool) {
	at := "prior_steps[" + strconv.Itoa(index) + "]."
	if silent(s) {
		field, v := "received_on", s.ReceivedOn
		if v == "" {
			field, v = "sent_on", s.SentOn
		}
		d, err := letters.ParseDate(v)
		if err != nil || d.Precision != letters.PrecisionDay {
			return referralTiming{}, false
		}
		from := d.First()
		refusal := frtext.AddMonths(from, 1)
		return referralTiming{
			path: at + field, from: from, refusal: refusal,
			earliest: refusal.AddDate(0, 0, 1),
			last:     frtext.AddMonths(refusal, 2),
		}, true
	}
	d, err := letters.ParseDate(s.AnswerOn)
	if err != nil || d.Precision != letters.PrecisionDay {
		return referralTiming{}, false
	}
	from := d.First()
	return referralTiming{path: at + "answer_on", from: from, refusal: from, last: frtext.AddMonths(from, 2)}, true
}

func iso(t time.Time) string { return t.Format("2006-01-02") }

// cadaMore: the referral needs a CRPA request not fully answered; it cannot be made before a month of
// silence; past the two months of R343-1 the user is warned (the CADA may find it late, unless the
// commune's answer did not mention the remedies, which makes the delay inopposable).
func cadaMore(c *letters.Case, ref time.Time) []letters.Problem {
	i := crpaStep(c)
	if i < 0 {
		return []letters.Problem{{Path: "prior_steps", Code: letters.CodeProcedureRequired, Args: []string{SaisineCADA}}}
	}
	tm, ok := timingOf(c.PriorSteps[i], i)
	if !ok {
		return nil
	}
	if !tm.earliest.IsZero() && ref.Before(tm.earliest) {
		return []letters.Problem{{Path: tm.path, Code: CodeReferralTooEarly, Args: []string{SaisineCADA, iso(tm.from), iso(tm.earliest)}}}
	}
	if ref.After(tm.last) {
		return []letters.Problem{{Path: tm.path, Code: CodeReferralLate, Args: []string{SaisineCADA, iso(tm.refusal), iso(tm.last)}, Warning: true}}
	}
	return nil
}

func saisineCADA() Procedure {
	p := Procedure{
		ID:        SaisineCADA,
		Title:     "Saisine de la CADA",
		Summary:   "Demande d’avis à la Commission d’accès aux documents administratifs après un refus de communication ou un mois de silence de la commune.",
		SummaryEN: "Referral to the French freedom-of-information commission (CADA) after the commune refused the documents or stayed silent for a month.",
		Require: letters.Requirements{
			Procedure: SaisineCADA,
			Fields:    []string{"prior_steps", "documents_requested"},
		},
		More:   cadaMore,
		online: "Transmise par le formulaire en ligne de la CADA",
	}
	p.Build = build(p, func(l *letter) error { return l.saisineCADA() })
	return p
}

func (l *letter) saisineCADA() error {
	c := l.c
	i := crpaStepForBuild(c)
	if i < 0 {
		return fmt.Errorf("procedures: %s: no document request (crpa_request) among the prior steps", SaisineCADA)
	}
	s := c.PriorSteps[i]
	tm, timed := timingOf(s, i)
	if timed && !tm.earliest.IsZero() && l.date.Before(tm.earliest) {
		return fmt.Errorf("procedures: %s: the request is unanswered for less than a month; the CADA can be seized from %s", SaisineCADA, iso(tm.earliest))
	}
	// A full answer cannot be referred (Check refuses it); should Build meet one, the documents listed
	// are taken as those still missing.
	partial := s.Answer == letters.AnswerPartial || s.Answer == letters.AnswerFull
	docs := requestedDocs(c)

	d := l.doc
	d.Sender = l.senderLines()
	d.Recipient = append([]string(nil), cadaRecipient...)
	d.PlaceDate = l.placeDate()
	d.Sending = l.sending()
	refusal := "le refus de communication"
	if partial {
		refusal = "le refus partiel de communication"
	}
	d.Object = frtext.Typo("Demande d’avis sur " + refusal + " de documents administratifs " + relatif(l.subject(), false, true))
	if s.Reference != "" {
		d.References = []document.Reference{{Label: "Réf. de la demande", Value: frtext.Fragment(s.Reference)}}
	}
	d.Salutation = "Madame, Monsieur,"
	d.Closing = l.closing("Madame, Monsieur")

	// The pieces R343-1 asks for: the request, and the answer when there is one.
	ex := l.stepExhibits(s)
	label, fem := claims.StepLabel(s.Kind)
	if ex.request == 0 {
		title := "Copie de la " + label
		if dates := claims.StepDates(s, fem); dates != "" {
			title += " " + dates
		}
		ex.request = l.addExhibit(title, s.SentOn)
	}
	answered := s.Answer == letters.AnswerRefusal || partial
	if answered && ex.answer == 0 {
		ex.answer = l.addExhibit("Copie de la réponse de la commune", s.AnswerOn)
	}

	// 1. Exposé: object and identity (R343-1).
	my := l.je("ma demande", "notre demande")
	expose := []document.Block{
		withWhy(p(
			t(l.je("J’ai l’honneur de solliciter", "Nous avons l’honneur de solliciter")+", sur le fondement de l’"),
			cite("crpa-l342-1"),
			t(", l’avis de la Commission d’accès aux documents administratifs sur le refus"+map[bool]string{true: " partiel", false: ""}[partial]+" opposé par "+claims.Commune(c)+" à "+my+" de communication de documents administratifs "+relatif(l.ownSubject(), false, true)+"."),
		), l.why("Saisine de la CADA", "crpa-l342-1")),
		p(t(l.identity("saisine"))),
	}

	// 2. The request and the commune's answer.
	req := "Par une demande " + claims.StepDates(s, true)
	var paren []string
	if s.Recipient != "" {
		paren = append(paren, "destinataire : "+frtext.Fragment(s.Recipient))
	}
	paren = append(paren, "pièce "+frtext.Number(ex.request))
	req += " (" + strings.Join(paren, " ; ") + "), " + l.je("j’ai sollicité", "nous avons sollicité") + " la communication des documents énumérés ci-après."
	steps := []document.Block{p(t(req))}
	switch {
	case silent(s):
		since := "sa réception"
		if s.ReceivedOn == "" {
			since = "son envoi"
		}
		if s.Answer == letters.AnswerNone {
			steps = append(steps, withWhy(p(
				t("Cette demande est restée sans réponse. Plus d’un mois s’étant écoulé depuis "+since+", ce silence vaut refus de communication, en application de l’"),
				cite("crpa-r311-13"),
				t("."),
			), l.why("Refus implicite", "crpa-r311-13")))
		} else {
			steps = append(steps, withWhy(p(
				t("À ce jour, ces documents n’ont pas été communiqués. Plus d’un mois s’étant écoulé depuis "+since+" sans communication, cette demande doit être regardée comme rejetée, le silence gardé plus d’un mois valant refus en application de l’"),
				cite("crpa-r311-13"),
				t("."),
			), l.why("Refus implicite", "crpa-r311-13")))
		}
	default:
		on := ""
		if dd, ok := frtext.ParseDate(s.AnswerOn); ok {
			on = " " + dd.On()
		}
		what := "la commune a refusé de communiquer ces documents"
		if partial {
			what = "la commune n’a communiqué qu’une partie des documents demandés"
		}
		steps = append(steps, p(t("Par une réponse"+strings.Replace(on, " le ", " du ", 1)+pieceRef(ex.answer)+", "+what+".")))
	}
	if timed && !l.date.After(tm.last) {
		steps = append(steps, withWhy(p(
			t("La présente saisine intervient dans le délai de deux mois prévu par l’"),
			cite("crpa-r343-1"),
			t("."),
		), l.why("Délai de saisine", "crpa-r343-1")))
	}

	// 3. The documents still refused, and why they are communicable.
	intro := "Les documents dont la communication a ainsi été refusée sont les suivants :"
	if partial {
		intro = "Les documents qui n’ont pas été communiqués sont les suivants :"
	}
	documents := []document.Block{p(t(intro)), docList(c, docs)}
	documents = append(documents, l.communicabilityBlocks(docs)...)

	// 4. What the CADA is asked, and the pieces.
	pieces := "la copie de " + my
	if silent(s) {
		pieces += " restée sans réponse"
	}
	pieces += pieceRef(ex.request)
	if answered {
		pieces += " et de la réponse de la commune" + pieceRef(ex.answer)
	}
	asks := []document.Block{
		p(t(l.je("Je vous demande", "Nous vous demandons") + " en conséquence d’émettre un avis favorable à la communication de ces documents, le cas échéant après occultation des seules mentions protégées par la loi.")),
		withWhy(p(
			t("Conformément à l’"),
			cite("crpa-r343-1"),
			t(l.je(", je joins", ", nous joignons")+" à la présente saisine "+pieces+"."),
		), l.why("Contenu de la saisine", "crpa-r343-1")),
	}
	if email := c.Sender.Email; email != "" {
		asks = append(asks, p(t(l.je("Je vous remercie de m’adresser", "Nous vous remercions de nous adresser")+" votre avis par courrier électronique, à l’adresse "), document.Run{Text: email}, t(".")))
	}

	d.Sections = append(d.Sections,
		document.Section{ID: "expose", Title: "Objet de la saisine", Numbered: true, Blocks: expose},
		document.Section{ID: "demande", Title: "La demande et la réponse de la commune", Numbered: true, Blocks: steps},
		document.Section{ID: "documents", Title: "Les documents demandés", Numbered: true, Blocks: documents},
		document.Section{ID: "demandes", Title: "La demande d’avis", Numbered: true, Blocks: asks},
	)
	l.finishLetter()
	return nil
}

// identity is the sentence that identifies the person or body writing (CRPA R343-1: for a natural
// person, name and address; for a legal person, its form, name, seat and representative): « La
// présente demande est présentée par … », « La présente saisine est présentée par … » (noun names the
// letter as it calls itself elsewhere).
func (l *letter) identity(noun string) string {
	c := l.c
	s := c.Sender
	addr := strings.Join(addressLines(s.Address), ", ")
	switch s.Kind {
	case letters.SenderAssociation:
		out := "La présente " + noun + " est présentée par l’association " + frtext.Quote(groupName(s.Organisation, "Association "))
		if a := s.Association; a != nil && a.RNA != "" {
			out += ", inscrite au répertoire national des associations sous le numéro " + a.RNA
		} else if a != nil && a.SIREN != "" {
			out += ", inscrite au répertoire SIRENE sous le numéro " + a.SIREN
		}
		if addr != "" {
			out += ", dont le siège est situé " + addr
		}
		if signers := l.signerLines(); len(signers) > 0 {
			out += ", représentée par " + joinSigners(signers)
		}
		return frtext.Typo(out + ".")
	case letters.SenderCouncillors:
		group := ""
		if s.Organisation != "" {
			group = " siégeant au sein du groupe " + frtext.Quote(groupName(s.Organisation, "Groupe "))
		}
		out := "La présente " + noun + " est présentée par les membres suivants du conseil municipal " + frtext.De(frtext.Fragment(c.Commune.Name)) + group + " : " + strings.Join(l.signerLines(), " ; ") + "."
		if addr != "" {
			out += " Adresse de correspondance : " + addr + "."
		}
		return frtext.Typo(out)
	}
	out := "La présente " + noun + " est présentée par " + personName(s.Civility, s.FirstName, s.LastName)
	if addr != "" {
		out += ", demeurant " + addr
	}
	return frtext.Typo(out + ".")
}

// signerLines are « Madame Hélène Roussel, conseillère municipale » for each signatory, or the sender
// when no signatory is named.
func (l *letter) signerLines() []string {
	var out []string
	for _, s := range l.c.Signatories {
		out = append(out, signatoryLine(s))
	}
	if len(out) == 0 {
		s := l.c.Sender
		out = append(out, signatoryLine(letters.Signatory{Civility: s.Civility, FirstName: s.FirstName, LastName: s.LastName, Role: s.Role}))
	}
	return out
}
