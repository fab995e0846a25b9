package handlers

import (
	"bytes"
	"saisine/internal/slug"
	"strings"
	"time"

	"saisine/letters"
	"saisine/letters/document"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// build assembles the letter of a case that passed procedures.Check, dated letter.date or today.
func (s *Server) build(p procedures.Procedure, c *letters.Case) (*document.Document, error) {
	opts := procedures.Options{Settings: s.settings}
	if d, err := letters.ParseDate(c.Letter.Date); err != nil || d.Precision != letters.PrecisionDay {
		opts.Date = s.now()
	}
	return p.Build(c, opts)
}

// hasErrors reports whether problems hold an error (warnings do not stop a letter).
func hasErrors(problems []letters.Problem) bool {
	for _, p := range problems {
		if !p.Warning {
			return true
		}
	}
	return false
}

// sectionText is one section of the letter as plain text, for one field of an online form.
type sectionText struct {
	ID    string
	Title string
	Text  string
	Count int
	Shown string // Count with its thousands separator
}

// sectionTexts renders each section's body alone, exactly as render.Text prints it (the text the
// character counts of TextOptions.Counts measure).
func sectionTexts(d *document.Document) ([]sectionText, error) {
	var out []sectionText
	num := 0
	for _, sec := range d.Sections {
		title := sec.Title
		if sec.Numbered {
			num++
			title = itoa(num) + ". " + title
		}
		one := &document.Document{Sections: []document.Section{{ID: sec.ID, Blocks: sec.Blocks}}}
		var buf bytes.Buffer
		if err := render.Text(&buf, one, render.TextOptions{}); err != nil {
			return nil, err
		}
		body := strings.Trim(buf.String(), "\n")
		out = append(out, sectionText{ID: sec.ID, Title: strings.TrimSpace(title), Text: body, Count: len([]rune(body))})
	}
	return out, nil
}

// fileSlug is an ASCII name for a download: « plainte-cnil-villeneuve-d-ascq ».
func fileSlug(parts ...string) string { return slug.Make(parts...) }

func today(now time.Time) string { return now.Format(time.DateOnly) }
