package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/deadlines"
	"saisine/letters/procedures"
)

// cmdDeadlines: saisine deadlines [--today YYYY-MM-DD] [--format text|json|ics] CASE.json
//
// The text says the steps taken, the deadlines and the letters to write next (procedures.Next), in
// French; the JSON gives the deadlines and the next letters; the calendar, the deadlines only.
//
// The case is validated first (letters.Check, « not in the future » judged against --today); errors
// give exit 1 with « path: message » lines, warnings are printed and do not stop the command.
func cmdDeadlines(e *env, args []string) int {
	fs := newFlags(e, "deadlines")
	today := fs.String("today", "", "date de référence AAAA-MM-JJ (par défaut aujourd’hui)")
	format := fs.String("format", "text", "text, json ou ics")
	lang := fs.String("lang", "fr", "langue des messages d’erreur : fr ou en (les échéances sont en français)")
	input, code := e.oneInput(fs, args, lang, "deadlines", "un seul dossier JSON")
	if code != exitOK {
		return code
	}
	if *format != "text" && *format != "json" && *format != "ics" {
		return e.usageErr("--format attend text, json ou ics (reçu « %s »)", *format)
	}
	ref, code := e.parseDay(*today, "today")
	if code != exitOK {
		return code
	}
	if ref.IsZero() {
		ref = time.Now()
	}
	c, code := e.readCase(input)
	if code != exitOK {
		return code
	}
	if e.printProblems(letters.Check(c, letters.CheckOptions{Today: ref})) {
		return exitInvalid
	}
	ds, err := deadlines.Compute(c, ref)
	if err != nil {
		return e.internal(err)
	}
	next := procedures.Next(c, ds)
	var buf bytes.Buffer
	switch *format {
	case "json":
		type nextJSON struct {
			ID     string `json:"id"`
			Reason string `json:"reason"`
		}
		js := []nextJSON{}
		for _, n := range next {
			js = append(js, nextJSON{n.ID, nextReasonFR(n)})
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Deadlines []deadlines.Deadline `json:"deadlines"`
			Next      []nextJSON           `json:"next"`
		}{ds, js})
	case "ics":
		err = deadlines.ICS(&buf, ds, ref)
	default:
		var b strings.Builder
		writeStepsText(&b, c.PriorSteps)
		b.WriteString("\n")
		writeDeadlinesText(&b, ds, ref)
		b.WriteString("\n")
		writeNextText(&b, next, caseArg(input))
		_, err = io.WriteString(&buf, b.String())
	}
	if err != nil {
		return e.internal(err)
	}
	_, err = e.stdout.Write(buf.Bytes())
	return e.internal(err)
}

var weekdaysFR = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

func longDateFR(t time.Time) string {
	return weekdaysFR[t.Weekday()] + " " + letters.FormatDateFR(letters.DateOf(t))
}

// writeStepsText says the steps taken, in French: what, to whom, when sent and received, the answer.
// With none, it says what to do first.
func writeStepsText(b *strings.Builder, steps []letters.PriorStep) {
	b.WriteString("Démarches effectuées\n")
	if len(steps) == 0 {
		b.WriteString("\n" + wrap("", "Aucune démarche indiquée dans le dossier. Pour commencer, écrivez au maire "+
			"et à son délégué à la protection des données (DPO), et gardez la preuve de l’envoi et de la "+
			"réception (lettre recommandée avec accusé de réception, ou courriel avec sa réponse) : "+
			"les délais partent de ces dates. Indiquez ensuite chaque envoi dans prior_steps.", 78))
	}
	fr := func(key string, args ...any) string { return i18n.T(i18n.FR, key, args...) }
	day := func(s string) string {
		if d, err := letters.ParseDate(s); err == nil && !d.IsZero() {
			return letters.FormatDateFR(d)
		}
		return s
	}
	for i, ps := range steps {
		kind := fr("parcours.kind_unknown")
		if ps.Kind != "" {
			kind = fr("enum.prior_steps.kind." + ps.Kind)
		}
		b.WriteString(fmt.Sprintf("\n%d. %s (prior_steps[%d])\n", i+1, kind, i))
		var sent string
		switch {
		case ps.Recipient != "" && ps.SentOn != "":
			sent = fr("parcours.sent_to", ps.Recipient, day(ps.SentOn))
		case ps.Recipient != "":
			sent = fr("parcours.to", ps.Recipient)
		case ps.SentOn != "":
			sent = fr("parcours.sent", day(ps.SentOn))
		}
		recv := fr("parcours.not_received")
		if ps.ReceivedOn != "" {
			recv = fr("parcours.received", day(ps.ReceivedOn))
		}
		if sent == "" {
			sent = strings.ToUpper(recv[:1]) + recv[1:]
		} else {
			sent += ", " + recv
		}
		b.WriteString(wrap("   ", fr("parcours.sentence", sent), 78))
		answer := ps.Answer
		if answer == "" {
			answer = "blank"
		}
		if ps.AnswerOn != "" && answer != letters.AnswerNone && answer != "blank" {
			b.WriteString(wrap("   ", fr("parcours.answer."+answer+"_on", day(ps.AnswerOn)), 78))
		} else {
			b.WriteString(wrap("   ", fr("parcours.answer."+answer), 78))
		}
		if ps.Reference != "" {
			b.WriteString(wrap("   ", "Référence : "+ps.Reference, 78))
		}
	}
}

// writeNextText lists the letters to write next: the procedure, its title, why, and the command that
// produces it.
func writeNextText(b *strings.Builder, next []procedures.NextLetter, file string) {
	b.WriteString("Prochaines lettres\n")
	if len(next) == 0 {
		b.WriteString("\nAucune lettre à préparer pour l’instant d’après les démarches du dossier.\n")
	}
	for _, n := range next {
		title := n.ID
		if q, ok := procedures.Get(n.ID); ok {
			title = q.Title
		}
		b.WriteString("\n" + n.ID + " — " + title + "\n")
		b.WriteString(wrap("  ", nextReasonFR(n), 78))
		b.WriteString("  Pour la produire :\n    saisine render --procedure " + n.ID + " " + file + "\n")
	}
}

// caseArg is the case file as a command argument: DOSSIER.json for standard input, quoted for the
// shell when needed.
func caseArg(path string) string {
	if path == "-" {
		return "DOSSIER.json"
	}
	if strings.IndexFunc(path, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./+,:@", r))
	}) < 0 && path != "" {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}

// writeDeadlinesText prints the deadlines in date order, in French, wrapped at 78 columns.
func writeDeadlinesText(b *strings.Builder, ds []deadlines.Deadline, today time.Time) {
	b.WriteString("Échéances au " + longDateFR(today) + "\n")
	if len(ds) == 0 {
		b.WriteString("\nAucune échéance : le dossier n’indique aucune démarche en attente de réponse ou de recours.\n")
	}
	for _, d := range ds {
		b.WriteString("\n" + longDateFR(d.Date) + " — " + d.Title + "\n")
		if d.Party == deadlines.PartyUser {
			if !d.Recommended.Equal(d.Date) {
				b.WriteString("  Date recommandée\u202f: " + longDateFR(d.Recommended) + "\n")
			}
		} else {
			b.WriteString("  Échéance contre l’administration, pas un délai pour vous.\n")
		}
		b.WriteString(wrap("  ", d.StatusFR(), 78))
		b.WriteString(wrap("  ", fmt.Sprintf("Démarche\u202f: prior_steps[%d] — Base\u202f: %s", d.Step, d.Basis), 78))
		b.WriteString(wrap("  ", d.Explanation, 78))
	}
}

// wrap indents text and breaks it at ordinary spaces only (never at the no-break spaces of French
// typography, nor between a day number and its month or « R. » and its article number), so that no
// line is longer than width characters unless a single unit is.
func wrap(indent, text string, width int) string {
	var units []string
	// Split at ASCII spaces only: strings.Fields would also split at U+00A0 and U+202F.
	for _, word := range strings.Split(strings.ReplaceAll(text, "\n", " "), " ") {
		if word == "" {
			continue
		}
		if n := len(units); n > 0 && glued(units[n-1]) {
			units[n-1] += " " + word
			continue
		}
		units = append(units, word)
	}
	var b strings.Builder
	line := indent
	for _, u := range units {
		if line != indent && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(u) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += u
	}
	b.WriteString(line + "\n")
	return b.String()
}

// glued reports whether s ends with a word that must stay with the next one: a day number
// (« 4 | décembre »), « 1er », or an article prefix (« R. | 343-5 »).
func glued(s string) bool {
	last := s[strings.LastIndexByte(s, ' ')+1:]
	if last == "1er" || (len(last) == 2 && last[1] == '.' && last[0] >= 'A' && last[0] <= 'Z') {
		return true
	}
	if len(last) == 0 || len(last) > 2 {
		return false
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return false
		}
	}
	return true
}

// nextReasonFR words why a letter comes next, in French, from the interface catalogue.
func nextReasonFR(n procedures.NextLetter) string {
	args := make([]any, len(n.Dates))
	for i, d := range n.Dates {
		args[i] = letters.FormatDateFR(letters.DateOf(d))
	}
	return i18n.T(i18n.FR, "next."+n.Key, args...)
}
