package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"saisine/letters"
	"saisine/letters/deadlines"
)

// cmdDeadlines: saisine deadlines [--today YYYY-MM-DD] [--format text|json|ics] CASE.json
//
// The case is validated first (letters.Check, « not in the future » judged against --today); errors
// give exit 1 with « path: message » lines, warnings are printed and do not stop the command.
func cmdDeadlines(e *env, args []string) int {
	fs := newFlags(e, "deadlines")
	today := fs.String("today", "", "date de référence AAAA-MM-JJ (par défaut aujourd’hui)")
	format := fs.String("format", "text", "text, json ou ics")
	lang := fs.String("lang", "fr", "langue des messages d’erreur : fr ou en (les échéances sont en français)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if code := e.setLang(*lang); code != exitOK {
		return code
	}
	if len(pos) != 1 {
		return e.usageErr("deadlines attend un seul dossier JSON")
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
	c, code := e.readCase(pos[0])
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
	var buf bytes.Buffer
	switch *format {
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Deadlines []deadlines.Deadline `json:"deadlines"`
		}{ds})
	case "ics":
		err = deadlines.ICS(&buf, ds, ref)
	default:
		err = writeDeadlinesText(&buf, ds, ref)
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

// writeDeadlinesText prints the deadlines in date order, in French, wrapped at 78 columns.
func writeDeadlinesText(w io.Writer, ds []deadlines.Deadline, today time.Time) error {
	var b strings.Builder
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
	_, err := io.WriteString(w, b.String())
	return err
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
