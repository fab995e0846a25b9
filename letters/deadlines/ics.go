package deadlines

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ProdID identifies the calendars this package writes.
const ProdID = "-//saisine//deadlines 1//FR"

// UID is the stable identifier of a deadline's calendar event, derived from its id, its step and its
// date: « crpa_implicit_refusal-0-20250213@saisine ». Importing the file again updates the event
// instead of duplicating it, while a changed date (a corrected receipt date) gives a new event.
func UID(d Deadline) string {
	return d.ID + "-" + strconv.Itoa(d.Step) + "-" + d.Date.Format("20060102") + "@saisine"
}

// ICS writes the deadlines as an iCalendar file (RFC 5545): one all-day VEVENT per deadline on its Date,
// with a display alarm seven days before. today fixes DTSTAMP (its day at 00:00:00 UTC), so that the
// same case and reference date always give the same file; the zero time means now. Lines end with CRLF
// and are folded at 75 octets without splitting a UTF-8 character.
func ICS(w io.Writer, ds []Deadline, today time.Time) error {
	if today.IsZero() {
		today = time.Now()
	}
	stamp := day(today).Format("20060102") + "T000000Z"
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+value) }
	line("BEGIN:", "VCALENDAR")
	line("VERSION:", "2.0")
	line("PRODID:", ProdID)
	line("CALSCALE:", "GREGORIAN")
	line("METHOD:", "PUBLISH")
	line("X-WR-CALNAME:", escapeText("Échéances — saisine"))
	for _, d := range ds {
		line("BEGIN:", "VEVENT")
		line("UID:", UID(d))
		line("DTSTAMP:", stamp)
		line("DTSTART;VALUE=DATE:", d.Date.Format("20060102"))
		line("DTEND;VALUE=DATE:", d.Date.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:", escapeText(d.Title))
		line("DESCRIPTION:", escapeText(description(d)))
		line("TRANSP:", "TRANSPARENT")
		line("BEGIN:", "VALARM")
		line("TRIGGER:", "-P7D")
		line("ACTION:", "DISPLAY")
		line("DESCRIPTION:", escapeText(d.Title))
		line("END:", "VALARM")
		line("END:", "VEVENT")
	}
	line("END:", "VCALENDAR")
	return bw.Flush()
}

// description is the event's text: the dates, the basis and the explanation.
func description(d Deadline) string {
	var b strings.Builder
	head := func(label, value string) { b.WriteString(label + "\u202f: " + value + "\n") }
	if d.Party == PartyUser {
		head("Date limite", longDateFR(d.Date))
		if !d.Recommended.Equal(d.Date) {
			head("Date recommandée", longDateFR(d.Recommended))
		}
	} else {
		head("Échéance (contre l’administration)", longDateFR(d.Date))
	}
	head("Base", d.Basis)
	head("Démarche", "prior_steps["+strconv.Itoa(d.Step)+"]")
	b.WriteString("\n" + d.Explanation)
	return b.String()
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxLine is the longest content line RFC 5545 §3.1 allows, in octets, excluding the CRLF.
const maxLine = 75

// writeFolded writes one content line, folded: each physical line holds at most 75 octets, a
// continuation line starts with one space (which counts), and a UTF-8 sequence is never split.
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
