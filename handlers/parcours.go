package handlers

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"saisine/handlers/state"
	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/deadlines"
	"saisine/letters/procedures"
)

// « Mon parcours »: what the person has done (the case's prior steps), what is due and by when (every
// deadline of the deadline engine, with its French explanation), and the letters that come next, each
// one click away (the same case, sealed for that procedure, on its verification page). The calendar of
// the deadlines downloads as an .ics file.

// Pages and actions of the journey.
const (
	slugParcours = "parcours"
	slugCalendar = "calendrier"
)

type parcoursData struct {
	Steps         []doneStep
	DemarchesHref string
	Deadlines     []deadlineView
	Urgent        []deadlineView
	// DatesIncomplete: a prior step has a date that is not a full day, so no deadline is computed.
	DatesIncomplete bool
	Next            []nextLetter
	Today           string // the reference date, in words
}

// doneStep is one prior step in plain words.
type doneStep struct {
	Number    int
	Kind      string
	Sent      string
	Answer    string
	Reference string
	Href      string
}

// deadlineView is one deadline as the page shows it. Explanation, Basis and TitleFR are the engine's
// French texts (marked lang="fr" in the English interface).
type deadlineView struct {
	Anchor      string
	Title       string
	TitleFR     string
	Lead        string
	Party       string
	DateLabel   string
	Date        string
	Recommended string // empty when it is the same day as Date
	Status      string
	Explanation string
	Basis       string
	StepLabel   string
	User        bool
	Urgent      bool
	Past        bool
	Today       bool
	Done        bool
}

// nextLetter is a letter to write next, with why, and the link that opens it with the same case.
type nextLetter struct {
	ID    string
	Title string
	Why   string
	Href  string
}

func (s *Server) parcours(c *gin.Context, p procedures.Procedure) {
	tok := c.Query("etat")
	st, ok := s.open(c, tok, p)
	if !ok {
		return
	}
	v := s.newView(c, "parcours")
	v.Proc, v.Token = &p, tok
	v.Title = i18n.T(v.Lang, "parcours.title")
	v.Step = &stepInfo{Slug: slugParcours, Back: stepURL(p.ID, slugVerification, tok, "")}
	cs := st.Case
	d := parcoursData{DemarchesHref: stepURL(p.ID, demarchesStep.Slug, tok, slugParcours) + "#f-prior_steps",
		Today: formatDate(v.Lang, today(s.now()))}
	for i, ps := range cs.PriorSteps {
		d.Steps = append(d.Steps, describeStep(v.Lang, p, tok, i, ps))
	}
	ds, err := deadlines.Compute(cs, s.now())
	if err != nil {
		d.DatesIncomplete = true
		ds = nil
	}
	for _, dl := range ds {
		dv := deadlineOf(v.Lang, cs, dl)
		d.Deadlines = append(d.Deadlines, dv)
		if dv.Urgent {
			d.Urgent = append(d.Urgent, dv)
		}
	}
	d.Next = s.nextLetters(v.Lang, cs, ds)
	v.Data = d
	s.render(c, v)
}

// calendar answers POST /dossier/{procedure}/calendrier: the deadlines as an iCalendar file.
func (s *Server) calendar(c *gin.Context, p procedures.Procedure) {
	if !s.parseForm(c) {
		return
	}
	st, ok := s.open(c, c.Request.PostForm.Get("etat"), p)
	if !ok {
		return
	}
	now := s.now()
	ds, err := deadlines.Compute(st.Case, now)
	if err != nil {
		s.renderError(c, http.StatusUnprocessableEntity, "error.calendar_dates")
		return
	}
	var buf bytes.Buffer
	if err := deadlines.ICS(&buf, ds, now); err != nil {
		s.serverError(c)
		return
	}
	attach(c, "saisine-echeances.ics", "text/calendar; charset=utf-8", buf.Bytes())
}

// describeStep says what a prior step was, when it was sent and received, and what came of it.
func describeStep(lang i18n.Lang, p procedures.Procedure, tok string, i int, ps letters.PriorStep) doneStep {
	d := doneStep{Number: i + 1, Reference: ps.Reference,
		Href: stepURL(p.ID, demarchesStep.Slug, tok, slugParcours) + "#" + fieldID(rowPath("prior_steps", i, "kind"))}
	d.Kind = i18n.T(lang, "parcours.kind_unknown")
	if ps.Kind != "" {
		d.Kind = enumLabel(lang, "prior_steps.kind", ps.Kind)
	}
	sent := formatDate(lang, ps.SentOn)
	switch {
	case ps.Recipient != "" && sent != "":
		d.Sent = i18n.T(lang, "parcours.sent_to", ps.Recipient, sent)
	case ps.Recipient != "":
		d.Sent = i18n.T(lang, "parcours.to", ps.Recipient)
	case sent != "":
		d.Sent = i18n.T(lang, "parcours.sent", sent)
	}
	if ps.ReceivedOn != "" {
		d.Sent = joinSentence(lang, d.Sent, i18n.T(lang, "parcours.received", formatDate(lang, ps.ReceivedOn)))
	} else {
		d.Sent = joinSentence(lang, d.Sent, i18n.T(lang, "parcours.not_received"))
	}
	answer := ps.Answer
	if answer == "" {
		answer = "blank"
	}
	key := "parcours.answer." + answer
	if ps.AnswerOn != "" && answer != letters.AnswerNone && answer != "blank" {
		d.Answer = i18n.T(lang, key+"_on", formatDate(lang, ps.AnswerOn))
	} else {
		d.Answer = i18n.T(lang, key)
	}
	return d
}

// joinSentence joins the parts of a sentence with the language's comma and ends it with a full stop.
func joinSentence(lang i18n.Lang, a, b string) string {
	if a == "" {
		return i18n.T(lang, "parcours.sentence", upperFirst(b))
	}
	return i18n.T(lang, "parcours.sentence", a+", "+b)
}

func upperFirst(s string) string {
	for i, r := range s {
		if r >= 'a' && r <= 'z' {
			return string(r-'a'+'A') + s[i+1:]
		}
		break
	}
	return s
}

// deadlineOf is the view of one deadline in lang.
func deadlineOf(lang i18n.Lang, c *letters.Case, d deadlines.Deadline) deadlineView {
	day := func(t time.Time) string { return formatDate(lang, t.Format(time.DateOnly)) }
	v := deadlineView{
		Anchor:      "echeance-" + d.ID + "-" + strconv.Itoa(d.Step),
		Title:       d.Title,
		TitleFR:     d.Title,
		Date:        day(d.Date),
		Explanation: d.Explanation,
		Basis:       d.Basis,
		User:        d.Party == deadlines.PartyUser,
		Urgent:      d.Urgent,
		Past:        d.Status == deadlines.StatusPast,
		Today:       d.Status == deadlines.StatusToday,
		Done:        d.Done,
	}
	if lead, ok := i18n.Lookup(lang, "deadline."+d.ID+".lead"); ok {
		v.Lead = lead
	}
	var ps letters.PriorStep
	if d.Step >= 0 && d.Step < len(c.PriorSteps) {
		ps = c.PriorSteps[d.Step]
	}
	v.StepLabel = i18n.T(lang, "parcours.deadline.step", d.Step+1, enumLabel(lang, "prior_steps.kind", ps.Kind))
	if lang == i18n.EN {
		if t, ok := i18n.Lookup(lang, "deadline."+d.ID+".title"); ok {
			v.Title = t
			if ps.Recipient != "" && (d.ID != deadlines.CourtLimit || ps.Kind != letters.StepCADAReferral) {
				v.Title += " — " + ps.Recipient
			}
		}
	}
	if v.User {
		v.Party = i18n.T(lang, "parcours.party.user")
		v.DateLabel = i18n.T(lang, "parcours.date.user")
		if !d.Recommended.Equal(d.Date) {
			v.Recommended = day(d.Recommended)
		}
	} else {
		v.Party = i18n.T(lang, "parcours.party.administration")
		v.DateLabel = i18n.T(lang, "parcours.date.administration")
	}
	if lang == i18n.EN {
		v.Status = statusEN(d)
	} else {
		v.Status = d.StatusFR()
	}
	return v
}

// statusEN is deadlines.Deadline.StatusFR in English.
func statusEN(d deadlines.Deadline) string {
	lang := i18n.EN
	days := func(n int) string {
		if n == 1 {
			return i18n.T(lang, "parcours.day_one")
		}
		return i18n.T(lang, "parcours.days", n)
	}
	next := formatDate(lang, d.Date.AddDate(0, 0, 1).Format(time.DateOnly))
	if d.Party == deadlines.PartyAdministration {
		switch d.Status {
		case deadlines.StatusPast:
			return i18n.T(lang, "parcours.status.admin_past", next)
		case deadlines.StatusToday:
			return i18n.T(lang, "parcours.status.admin_today", next)
		}
		return i18n.T(lang, "parcours.status.admin_upcoming", days(d.DaysLeft), next)
	}
	if d.Done {
		return i18n.T(lang, "parcours.status.done")
	}
	switch d.Status {
	case deadlines.StatusPast:
		return i18n.T(lang, "parcours.status.past")
	case deadlines.StatusToday:
		return i18n.T(lang, "parcours.status.today")
	}
	toRec := d.DaysLeft - int(d.Date.Sub(d.Recommended).Hours()/24)
	switch {
	case toRec < 0:
		return i18n.T(lang, "parcours.status.recommended_past", days(d.DaysLeft))
	case d.Urgent && toRec == 0:
		return i18n.T(lang, "parcours.status.recommended_today", days(d.DaysLeft))
	case d.Urgent && toRec == d.DaysLeft:
		// The recommended date is the last day: say the countdown once.
		return i18n.T(lang, "parcours.status.urgent_same", days(d.DaysLeft))
	case d.Urgent:
		return i18n.T(lang, "parcours.status.urgent", days(d.DaysLeft), days(toRec))
	}
	return i18n.T(lang, "parcours.status.upcoming", days(d.DaysLeft))
}

// nextLetters are the letters that follow from the case (procedures.Next), each with the link that
// opens it with the same case.
func (s *Server) nextLetters(lang i18n.Lang, c *letters.Case, ds []deadlines.Deadline) []nextLetter {
	var out []nextLetter
	for _, n := range procedures.Next(c, ds) {
		q, ok := procedures.Get(n.ID)
		if !ok {
			continue
		}
		next := cloneCase(c)
		next.Letter.Date = "" // the date of another letter
		tok, err := s.sealer.Seal(state.State{Procedure: q.ID, Case: next})
		if err != nil {
			continue
		}
		out = append(out, nextLetter{ID: q.ID, Title: procTitle(lang, q), Why: nextReason(lang, n),
			Href: stepURL(q.ID, slugVerification, tok, "")})
	}
	return out
}

// nextReason words why a letter comes next, with its dates in the reader's language.
func nextReason(lang i18n.Lang, n procedures.NextLetter) string {
	args := make([]any, len(n.Dates))
	for i, d := range n.Dates {
		args[i] = formatDate(lang, d.Format(time.DateOnly))
	}
	return i18n.T(lang, "next."+n.Key, args...)
}
