// Package deadlines derives the legal deadlines of a case from its prior steps (letters.PriorStep):
// when the administration's silence becomes a refusal, until when the user may refer to the CADA or to
// the administrative court, when a rights request or a CNIL complaint must have been answered. Each
// deadline carries a French explanation that shows the computation, so that the user can check it.
// The legal research behind the rules is ../shared/legal/reference.md §12 and gaps.md §6–7.
//
// Computation rules:
//   - A delay in months runs from the day of the event, which is not counted, to the day of the target
//     month with the same number, or the last day of that month when it has no such day (AddMonths).
//     The event is the receipt of the request (received_on, the date on the avis de réception); when
//     received_on is missing the computation starts from sent_on and the explanation says so.
//   - Deadlines for the user to act (PartyUser: cada_referral_limit, court_limit) end on Date, the
//     legal last day: a délai franc (court_limit) first adds one day, then a last day falling on a
//     Saturday, Sunday or public holiday moves to the next working day (CPC 641-642). Recommended is
//     the earlier date without the franc day or the move, which the user should aim for.
//   - Deadlines that run against the administration (PartyAdministration: the silence that becomes a
//     refusal, the date an answer is due) are never moved: they are not the user's deadlines to act,
//     and the user may act from the day after. Their Recommended equals Date.
//   - Public holidays are those of IsHoliday for the commune's département (Department).
//
// What each kind of prior step gives (answer "" is read as "none"):
//   - crpa_request, no answer: crpa_implicit_refusal (+1 month, CRPA R311-13), then
//     cada_referral_limit (+2 months, R343-1). An express refusal or a partial answer (a refusal for
//     the rest) gives cada_referral_limit from answer_on.
//   - cada_referral (the step's answer is the administration's decision after the CADA's opinion), no
//     answer: cada_opinion_due (+1 month, R343-3, not sanctioned), cada_confirmed_refusal (+2 months,
//     R343-5), then court_limit (+2 months, franc, CJA R421-1). An express refusal gives court_limit
//     from answer_on.
//   - rights_request, no answer: rights_answer_due (+1 month, GDPR 12(3)) and
//     rights_answer_extended_limit (+3 months from receipt: the month extended by two).
//   - cnil_complaint, no answer: cnil_progress_due (+3 months, GDPR 78(2)).
//   - letter: the case file has no kind dedicated to a demand to stop the processing (demande de
//     cessation, recours gracieux), so a letter step is treated as such a demand (a réclamation):
//     no answer gives cessation_implicit_rejection (+2 months, CRPA L231-4) then court_limit; an
//     express refusal gives court_limit from answer_on.
//   - councillor_request: no statutory delay (CGCT L2121-13 sets none); no deadline.
//   - A full answer ends the step: no deadline.
package deadlines

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/law"
)

// Deadline ids.
const (
	CRPAImplicitRefusal        = "crpa_implicit_refusal"
	CADAReferralLimit          = "cada_referral_limit"
	CADAOpinionDue             = "cada_opinion_due"
	CADAConfirmedRefusal       = "cada_confirmed_refusal"
	CourtLimit                 = "court_limit"
	RightsAnswerDue            = "rights_answer_due"
	RightsAnswerExtendedLimit  = "rights_answer_extended_limit"
	CNILProgressDue            = "cnil_progress_due"
	CessationImplicitRejection = "cessation_implicit_rejection"
)

// Party says who must act by the deadline.
type Party string

// Parties.
const (
	// PartyUser: the user must act by Date (refer to the CADA, go to court).
	PartyUser Party = "user"
	// PartyAdministration: the administration (the commune, the CNIL, the CADA) must answer by Date;
	// its silence has a legal effect and the user may act from the day after.
	PartyAdministration Party = "administration"
)

// Status places a deadline relative to the reference date.
type Status string

// Statuses.
const (
	StatusPast     Status = "past"
	StatusToday    Status = "today"
	StatusUpcoming Status = "upcoming"
)

// WarnDays: a user's deadline is Urgent when fewer days than this remain before its recommended date.
const WarnDays = 10

// Deadline is one deadline derived from one prior step. Dates are days at midnight UTC.
type Deadline struct {
	ID   string
	Step int // index in Case.PriorSteps
	// Date is the legal last day: for PartyUser after the franc day and the move to a working day, for
	// PartyAdministration the day the administration's delay ends.
	Date time.Time
	// Recommended is the earlier, unextended date the user should aim for (equal to Date for
	// PartyAdministration).
	Recommended time.Time
	Basis       string // the legal basis, printed (« article R. 311-13 du code … »)
	Explanation string // French, showing the computation, with French typography
	Title       string // short French label, e.g. for a calendar (« Date limite pour saisir la CADA »)
	Party       Party
	Status      Status
	DaysLeft    int  // days from the reference date to Date; negative once past
	Urgent      bool // PartyUser, not past, not Done, and fewer than WarnDays days before Recommended
	FromSentOn  bool // computed from sent_on because received_on is missing
	// Done is true when a later step in the case file seems to have met this deadline already (a CADA
	// referral recorded after the request): it is kept, with a note, but never flagged urgent.
	Done bool
}

type deadlineJSON struct {
	ID          string `json:"id"`
	Step        int    `json:"step"`
	Date        string `json:"date"`
	Recommended string `json:"recommended"`
	Basis       string `json:"basis"`
	Explanation string `json:"explanation"`
	Title       string `json:"title"`
	Party       Party  `json:"party"`
	Status      Status `json:"status"`
	DaysLeft    int    `json:"days_left"`
	Urgent      bool   `json:"urgent"`
	FromSentOn  bool   `json:"from_sent_on"`
	Done        bool   `json:"done,omitempty"`
}

// MarshalJSON writes dates as YYYY-MM-DD.
func (d Deadline) MarshalJSON() ([]byte, error) {
	return json.Marshal(deadlineJSON{
		ID: d.ID, Step: d.Step, Date: iso(d.Date), Recommended: iso(d.Recommended), Basis: d.Basis,
		Explanation: d.Explanation, Title: d.Title, Party: d.Party, Status: d.Status, DaysLeft: d.DaysLeft,
		Urgent: d.Urgent, FromSentOn: d.FromSentOn, Done: d.Done,
	})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Deadline) UnmarshalJSON(b []byte) error {
	var j deadlineJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	date, err := time.Parse("2006-01-02", j.Date)
	if err != nil {
		return err
	}
	rec, err := time.Parse("2006-01-02", j.Recommended)
	if err != nil {
		return err
	}
	*d = Deadline{ID: j.ID, Step: j.Step, Date: date, Recommended: rec, Basis: j.Basis,
		Explanation: j.Explanation, Title: j.Title, Party: j.Party, Status: j.Status, DaysLeft: j.DaysLeft,
		Urgent: j.Urgent, FromSentOn: j.FromSentOn, Done: j.Done}
	return nil
}

// StatusFR says in French where the deadline stands: past, today, or how many days remain, with a
// warning when a user's deadline is near.
func (d Deadline) StatusFR() string {
	days := func(n int) string {
		if n == 1 {
			return "1 jour"
		}
		return strconv.Itoa(n) + " jours"
	}
	if d.Party == PartyAdministration {
		next := dateFR(d.Date.AddDate(0, 0, 1))
		switch d.Status {
		case StatusPast:
			return frtext.Typo("Échéance passée : sans réponse, vous pouvez agir depuis le " + next + ".")
		case StatusToday:
			return frtext.Typo("Échéance aujourd'hui : sans réponse, vous pourrez agir dès demain, le " + next + ".")
		}
		return frtext.Typo("Échéance dans " + days(d.DaysLeft) + " ; vous pourrez agir à partir du " + next + ".")
	}
	if d.Done {
		return frtext.Typo("Démarche apparemment déjà accomplie : voir l'explication.")
	}
	switch d.Status {
	case StatusPast:
		return frtext.Typo("Délai expiré.")
	case StatusToday:
		return frtext.Typo("Attention : c'est aujourd'hui le dernier jour.")
	}
	s := "Il reste " + days(d.DaysLeft) + " jusqu'à la date limite"
	toRec := d.DaysLeft - int(d.Date.Sub(d.Recommended).Hours()/24)
	switch {
	case toRec < 0:
		s = "Attention : la date recommandée est dépassée ; " + strings.ToLower(s[:1]) + s[1:]
	case d.Urgent && toRec == 0:
		s = "Attention : la date recommandée est aujourd'hui ; " + strings.ToLower(s[:1]) + s[1:]
	case d.Urgent && toRec == d.DaysLeft:
		s = "Attention : " + strings.ToLower(s[:1]) + s[1:]
	case d.Urgent:
		s = "Attention : " + strings.ToLower(s[:1]) + s[1:] + ", " + days(toRec) + " jusqu'à la date recommandée"
	}
	return frtext.Typo(s + ".")
}

// Compute derives every deadline from c.PriorSteps, in date order (then recommended date, step, id).
// today is the reference date for Status, DaysLeft and Urgent; the zero time means now. The dates of
// the prior steps must be full days (letters.Check reports the others); Compute returns an error
// naming the first one that is not.
func Compute(c *letters.Case, today time.Time) ([]Deadline, error) {
	if c == nil {
		return nil, errors.New("deadlines: no case")
	}
	if today.IsZero() {
		today = time.Now()
	}
	today = day(today)
	dept := Department(c.Commune)
	steps := make([]step, len(c.PriorSteps))
	for i, s := range c.PriorSteps {
		st, err := parseStep(i, s)
		if err != nil {
			return nil, err
		}
		steps[i] = st
	}
	out := []Deadline{}
	for _, st := range steps {
		b := &builder{dept: dept, steps: steps}
		b.step(st)
		out = append(out, b.out...)
	}
	for i := range out {
		out[i].setStatus(today)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case !a.Date.Equal(b.Date):
			return a.Date.Before(b.Date)
		case !a.Recommended.Equal(b.Recommended):
			return a.Recommended.Before(b.Recommended)
		case a.Step != b.Step:
			return a.Step < b.Step
		}
		return a.ID < b.ID
	})
	return out, nil
}

func (d *Deadline) setStatus(today time.Time) {
	d.DaysLeft = daysBetween(today, d.Date)
	switch {
	case d.DaysLeft < 0:
		d.Status = StatusPast
	case d.DaysLeft == 0:
		d.Status = StatusToday
	default:
		d.Status = StatusUpcoming
	}
	d.Urgent = d.Party == PartyUser && !d.Done && d.Status != StatusPast && daysBetween(today, d.Recommended) < WarnDays
}

func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Round(time.Hour).Hours() / 24)
}

// step is a prior step with its dates parsed.
type step struct {
	i        int
	s        letters.PriorStep
	sent     time.Time
	start    time.Time // received_on, else sent_on
	fromSent bool
	answer   string    // none, refusal, partial, full ("" read as none)
	answerOn time.Time // zero when not given
}

func parseStep(i int, s letters.PriorStep) (step, error) {
	st := step{i: i, s: s, answer: s.Answer}
	var err error
	if st.sent, err = parseDay(i, "sent_on", s.SentOn); err != nil {
		return st, err
	}
	if st.sent.IsZero() {
		return st, fmt.Errorf("deadlines: prior_steps[%d].sent_on: missing", i)
	}
	recv, err := parseDay(i, "received_on", s.ReceivedOn)
	if err != nil {
		return st, err
	}
	st.start, st.fromSent = recv, false
	if recv.IsZero() {
		st.start, st.fromSent = st.sent, true
	}
	if st.answerOn, err = parseDay(i, "answer_on", s.AnswerOn); err != nil {
		return st, err
	}
	if st.answer == "" {
		st.answer = letters.AnswerNone
	}
	return st, nil
}

func parseDay(i int, field, v string) (time.Time, error) {
	d, err := letters.ParseDate(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("deadlines: prior_steps[%d].%s: %w", i, field, err)
	}
	if d.IsZero() {
		return time.Time{}, nil
	}
	if d.Precision != letters.PrecisionDay {
		return time.Time{}, fmt.Errorf("deadlines: prior_steps[%d].%s: %q is not a full date (YYYY-MM-DD)", i, field, v)
	}
	return d.First(), nil
}

// builder collects the deadlines of one step.
type builder struct {
	dept  string
	steps []step
	out   []Deadline
}

var monthWords = map[int]string{1: "un mois", 2: "deux mois", 3: "trois mois"}

// monthsLater adds n months to base and says so: « un mois plus tard : 13 février 2025 », with a note
// when the target month is too short.
func monthsLater(base time.Time, n int) (time.Time, string) {
	end, clamped := AddMonths(base, n)
	s := monthWords[n] + " plus tard : " + dateFR(end)
	if clamped {
		s += ", le " + strconv.Itoa(base.Day()) + " " + monthName(end) + " n'existant pas (le délai expire alors le dernier jour du mois)"
	}
	return end, s
}

func monthName(d time.Time) string {
	f := dateFR(d) // « 28 février 2025 »
	parts := strings.Fields(f)
	return parts[1]
}

// origin describes the event that starts a step's first delay: « Demande reçue le 13 janvier 2025 ».
func (st step) origin(what string) (string, string) {
	if st.fromSent {
		return what + " envoyée le " + dateFR(st.start), "le jour d'envoi ne compte pas"
	}
	return what + " reçue le " + dateFR(st.start), "le jour de réception ne compte pas"
}

// startWord names the start event: « la réception », or « l'envoi » without received_on.
func (st step) startWord() string {
	if st.fromSent {
		return "l'envoi"
	}
	return "la réception"
}

// fromSentNote explains a computation started from sent_on.
func (st step) fromSentNote() string {
	if !st.fromSent {
		return ""
	}
	return " La date de réception n'est pas indiquée : le calcul part de la date d'envoi, si bien que " +
		"l'échéance réelle est plus tardive du temps d'acheminement ; ajoutez au dossier la date de réception " +
		"portée sur l'avis de réception (received_on)."
}

// adminDeadline adds a deadline running against the administration: months after the step's start.
func (b *builder) adminDeadline(st step, id, title, subject string, months int, effect, basisKey, after string) time.Time {
	head, notCounted := st.origin(subject)
	end, later := monthsLater(st.start, months)
	basis := law.MustPrint(basisKey)
	var e strings.Builder
	e.WriteString(head + " ; " + notCounted + " ; " + later + " ; " + effect + " (" + basis + ").")
	e.WriteString(" Cette échéance court contre l'administration et n'est pas un délai pour vous : elle n'est pas " +
		"reportée si elle tombe un samedi, un dimanche ou un jour férié.")
	if after != "" {
		e.WriteString(" " + strings.ReplaceAll(after, "{next}", dateFR(end.AddDate(0, 0, 1))))
	}
	e.WriteString(st.fromSentNote())
	b.add(st, Deadline{ID: id, Date: end, Recommended: end, Basis: basis, Explanation: e.String(), Title: title,
		Party: PartyAdministration})
	return end
}

// decision is the event a user's delay runs from: an implicit refusal born of silence or an express
// answer.
type decision struct {
	day      time.Time
	text     string    // « Refus implicite né le 13 février 2025 (…) »
	implicit time.Time // for an express decision, the earlier implicit refusal, when there was one
}

// userDeadline adds a deadline for the user to act: months after the decision, franc or not, moved to
// the next working day.
func (b *builder) userDeadline(st step, id, title string, dec decision, months int, franc bool, effect, basisKey string) {
	basis := law.MustPrint(basisKey)
	nominal, later := monthsLater(dec.day, months)
	var e strings.Builder
	e.WriteString(dec.text + " ; le jour de cette décision ne compte pas ; " + later + " ; " + effect + " (" + basis + ")")
	last := nominal
	if franc {
		last = nominal.AddDate(0, 0, 1)
		e.WriteString(" ; ce délai est franc : le jour de l'échéance ne compte pas non plus, ce qui porte le terme au " + dateFR(last))
	}
	e.WriteString(".")
	date, skips := nextWorkingDay(last, b.dept)
	if len(skips) == 0 {
		e.WriteString(" Le " + longDateFR(last) + " est un jour ouvrable : pas de report.")
	} else {
		parts := make([]string, len(skips))
		for k, s := range skips {
			parts[k] = "le " + dateFR(s.day) + " est " + s.reason
		}
		holidays := ""
		for _, s := range skips {
			if h, name := IsHoliday(s.day, ""); h && name != "" {
				holidays = " (" + law.MustPrint("ct-l3133-1") + ")"
				break
			}
		}
		e.WriteString(" " + frtext.UpperFirst(joinFR(parts)) + " ; un délai qui expire un samedi, un dimanche ou un jour férié" +
			holidays + " est prorogé au premier jour ouvrable suivant (" + law.MustPrint("cpc-641-642") + ") : " + longDateFR(date) + ".")
	}
	if _, name := IsHoliday(date, b.dept); name == SaintStephen {
		e.WriteString(" Le 26 décembre est férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (" +
			law.MustPrint("ct-l3134-13") + "), mais il n'est pas établi qu'un délai expirant ce jour-là soit " +
			"prorogé : la date n'est pas reportée ; agissez au plus tard le jour ouvrable qui précède.")
	}
	if _, name := IsHoliday(date, b.dept); name == GoodFriday {
		e.WriteString(" Le " + dateFR(date) + " est le Vendredi saint, férié seulement dans les communes d'Alsace-Moselle " +
			"ayant un temple protestant ou une église mixte (" + law.MustPrint("ct-l3134-13") + ") : la date n'est pas reportée.")
	}
	rec := nominal
	alt := time.Time{}
	if !dec.implicit.IsZero() {
		alt, _ = AddMonths(dec.implicit, months)
	}
	switch {
	case !alt.IsZero() && alt.Before(rec):
		rec = alt
		e.WriteString(" Votre demande avait déjà été implicitement rejetée le " + dateFR(dec.implicit) +
			" ; par prudence, visez la date calculée à partir de ce premier refus : " + dateFR(rec) + ".")
	case !rec.Equal(date):
		var not []string
		if franc {
			not = append(not, "le délai franc")
		}
		if len(skips) > 0 {
			not = append(not, "le report")
		}
		e.WriteString(" Date recommandée : " + dateFR(rec) + ", sans compter sur " + strings.Join(not, " ni sur ") + ".")
	}
	if !isWorkingDay(rec, b.dept) {
		prev := rec.AddDate(0, 0, -1)
		for !isWorkingDay(prev, b.dept) {
			prev = prev.AddDate(0, 0, -1)
		}
		e.WriteString(" Le " + dateFR(rec) + " étant " + dayKind(rec, b.dept) + ", pour un envoi postal, postez au plus tard le " +
			longDateFR(prev) + ".")
	}
	e.WriteString(st.fromSentNote())
	b.add(st, Deadline{ID: id, Date: date, Recommended: rec, Basis: basis, Explanation: e.String(), Title: title,
		Party: PartyUser})
}

func joinFR(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

func (b *builder) add(st step, d Deadline) {
	d.Step = st.i
	d.FromSentOn = st.fromSent
	d.Explanation = strings.TrimSpace(frtext.Typo(d.Explanation))
	// The court deadline after a CADA referral is against the commune, not the CADA (the recipient).
	if r := strings.TrimSpace(st.s.Recipient); r != "" && (d.ID != CourtLimit || st.s.Kind != letters.StepCADAReferral) {
		d.Title += " — " + r
	}
	d.Title = frtext.Typo(d.Title)
	b.out = append(b.out, d)
}

// express returns the decision of an express refusal or partial answer. Without answer_on, it starts
// from the step's start, the earliest day the answer can have been given, and says so.
func (st step) express(implicit time.Time) decision {
	what := "Refus exprès"
	if st.answer == letters.AnswerPartial {
		what = "Réponse partielle, qui vaut refus pour le surplus,"
	}
	if st.answerOn.IsZero() {
		return decision{day: st.start, text: what + " à une date non indiquée : le calcul part du " + dateFR(st.start) +
			", date la plus précoce possible de la réponse (ajoutez au dossier la date de la réponse, answer_on)"}
	}
	d := decision{day: st.answerOn, text: what + " du " + dateFR(st.answerOn) +
		" (le délai court de sa notification : si vous l'avez reçue plus tard, la date limite réelle est plus tardive)"}
	if !implicit.IsZero() && implicit.Before(st.answerOn) {
		d.implicit = implicit
	}
	return d
}

func (b *builder) step(st step) {
	if st.answer == letters.AnswerFull {
		return
	}
	express := st.answer == letters.AnswerRefusal || st.answer == letters.AnswerPartial
	switch st.s.Kind {
	case letters.StepCRPARequest:
		b.crpaRequest(st, express)
	case letters.StepCADAReferral:
		b.cadaReferral(st, express)
	case letters.StepRightsRequest:
		if express {
			return
		}
		b.adminDeadline(st, RightsAnswerDue, "Réponse due à votre demande d'exercice des droits",
			"Demande", 1, "le responsable du traitement doit y répondre dans ce délai", "rgpd-12-3",
			"S'il vous a informé dans ce premier mois d'une prolongation motivée, voyez l'échéance de la prolongation ; "+
				"sinon, sans réponse, vous pouvez adresser une plainte à la CNIL à partir du {next}.")
		b.rightsExtended(st)
	case letters.StepCNILComplaint:
		if express {
			return
		}
		b.adminDeadline(st, CNILProgressDue, "Information due par la CNIL sur votre plainte", "Plainte", 3,
			"la CNIL doit vous avoir informé de l'état d'avancement ou de l'issue de votre plainte dans ce délai, faute de quoi "+
				"un recours juridictionnel vous est ouvert", "rgpd-78",
			"Sans information de la CNIL, ce recours vous est ouvert à partir du {next}.")
	case letters.StepLetter:
		b.letter(st, express)
	}
}

func (b *builder) crpaRequest(st step, express bool) {
	implicit, _ := AddMonths(st.start, 1)
	if express {
		b.cadaLimit(st, st.express(implicit))
		return
	}
	implicit = b.adminDeadline(st, CRPAImplicitRefusal, "Refus implicite de votre demande de documents", "Demande", 1,
		"le silence gardé jusqu'à cette date vaut refus", "crpa-r311-13",
		"Sans réponse, vous pouvez saisir la CADA à partir du {next}.")
	b.cadaLimit(st, decision{day: implicit, text: "Refus implicite né du silence gardé jusqu'au " + dateFR(implicit) +
		" (un mois après " + st.startWord() + " de la demande)"})
}

func (b *builder) cadaLimit(st step, dec decision) {
	n := len(b.out)
	b.userDeadline(st, CADAReferralLimit, "Date limite pour saisir la CADA", dec, 2,
		false, "la CADA doit être saisie dans ce délai", "crpa-r343-1")
	for _, o := range b.steps {
		if o.s.Kind == letters.StepCADAReferral && !o.sent.Before(st.sent) {
			d := &b.out[n]
			d.Done = true
			d.Explanation += frtext.Typo(" Le dossier indique une saisine de la CADA envoyée le " + dateFR(o.sent) +
				" (prior_steps[" + strconv.Itoa(o.i) + "]) : si elle porte sur cette demande, ce délai est sans objet.")
			break
		}
	}
}

func (b *builder) cadaReferral(st step, express bool) {
	confirmed, _ := AddMonths(st.start, 2)
	if express {
		b.userDeadline(st, CourtLimit, "Date limite de recours au tribunal administratif", st.express(confirmed), 2, true,
			"le recours au tribunal administratif doit être formé dans ce délai", "cja-r421-1")
		return
	}
	b.adminDeadline(st, CADAOpinionDue, "Avis attendu de la CADA", "Saisine de la CADA", 1,
		"la CADA notifie son avis dans ce délai", "crpa-r343-3",
		"Ce délai n'est pas sanctionné : un avis rendu plus tard reste valable.")
	confirmed = b.adminDeadline(st, CADAConfirmedRefusal, "Refus confirmé (silence après la saisine de la CADA)",
		"Saisine de la CADA", 2, "le silence gardé par l'administration jusqu'à cette date vaut confirmation du refus",
		"crpa-r343-5", "Sans communication des documents, vous pouvez saisir le tribunal administratif à partir du {next}.")
	b.userDeadline(st, CourtLimit, "Date limite de recours au tribunal administratif",
		decision{day: confirmed, text: "Refus confirmé par le silence de l'administration le " + dateFR(confirmed) +
			" (deux mois après " + st.startWord() + " de la saisine)"}, 2, true,
		"le recours au tribunal administratif doit être formé dans ce délai", "cja-r421-1")
}

func (b *builder) rightsExtended(st step) {
	head, notCounted := st.origin("Demande")
	end, clamped := AddMonths(st.start, 3)
	later := "trois mois plus tard (le mois de réponse prolongé de deux mois) : " + dateFR(end)
	if clamped {
		later += ", le " + strconv.Itoa(st.start.Day()) + " " + monthName(end) + " n'existant pas (le délai expire alors le dernier jour du mois)"
	}
	basis := law.MustPrint("rgpd-12-3")
	e := head + " ; " + notCounted + " ; " + later + " ; c'est le délai maximal de réponse, si le responsable du traitement " +
		"vous a informé dans le premier mois de la prolongation et de ses motifs (" + basis + "). Cette échéance court contre " +
		"l'administration et n'est pas un délai pour vous : elle n'est pas reportée si elle tombe un samedi, un dimanche ou " +
		"un jour férié. Sans réponse, vous pouvez adresser une plainte à la CNIL à partir du " + dateFR(end.AddDate(0, 0, 1)) + "." +
		st.fromSentNote()
	b.add(st, Deadline{ID: RightsAnswerExtendedLimit, Date: end, Recommended: end, Basis: basis, Explanation: e,
		Title: "Réponse due en cas de prolongation (droits RGPD)", Party: PartyAdministration})
}

func (b *builder) letter(st step, express bool) {
	rejection, _ := AddMonths(st.start, 2)
	const treated = " Le dossier n'a pas de type de démarche propre à une demande de cessation : ce courrier est traité " +
		"comme une demande (réclamation) adressée à l'administration."
	if express {
		b.userDeadline(st, CourtLimit, "Date limite de recours au tribunal administratif", st.express(rejection), 2, true,
			"le recours au tribunal administratif doit être formé dans ce délai", "cja-r421-1")
		b.out[len(b.out)-1].Explanation += frtext.Typo(treated)
		return
	}
	rejection = b.adminDeadline(st, CessationImplicitRejection, "Rejet implicite de votre demande", "Demande", 2,
		"le silence gardé jusqu'à cette date vaut décision de rejet", "crpa-l231-4",
		"Sans réponse, vous pouvez saisir le tribunal administratif à partir du {next}."+treated)
	b.userDeadline(st, CourtLimit, "Date limite de recours au tribunal administratif",
		decision{day: rejection, text: "Rejet implicite né du silence gardé jusqu'au " + dateFR(rejection) +
			" (deux mois après " + st.startWord() + " de la demande)"}, 2, true,
		"le recours au tribunal administratif doit être formé dans ce délai", "cja-r421-1")
}
