package render

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"saisine/letters/document"
)

// TextOptions tune the plain-text output.
type TextOptions struct {
	// Counts adds each section's character count to its title line and a summary at the end, for online
	// forms that limit the length of each field. See README.md for the exact format.
	Counts bool
}

// textWidth is the column at which paragraphs wrap: narrow enough for e-mail (RFC 5322 recommends 78)
// and for the CNIL form's text areas.
const textWidth = 78

// Text writes d as plain UTF-8 text for the CNIL online form or an e-mail. Parts are separated by one
// blank line; paragraphs wrap at 78 columns, only at spaces that French typography allows to break (never
// at U+00A0 or U+202F, never before « : »); words longer than a line (URLs) are left whole so they stay
// clickable. Links are followed by their address in parentheses.
func Text(w io.Writer, d *document.Document, opts TextOptions) error {
	if d == nil {
		return errors.New("render: nil document")
	}
	var parts []string
	add := func(lines ...string) {
		if len(lines) > 0 {
			parts = append(parts, strings.Join(lines, "\n"))
		}
	}
	add(nonEmpty(d.Sender)...)
	add(nonEmpty(d.Recipient)...)
	add(wrapText(d.PlaceDate)...)
	add(wrapText(d.Sending)...)

	var head []string
	if d.Object != "" {
		head = append(head, wrapLabelled(labelObject, d.Object)...)
	}
	for _, r := range d.References {
		head = append(head, wrapLabelled(r.Label+nnbsp+":", r.Value)...)
	}
	add(head...)
	add(wrapText(d.Salutation)...)

	var counts []sectionCount
	num := 0
	for _, s := range d.Sections {
		prefix := ""
		if s.Numbered {
			num++
			prefix = strconv.Itoa(num) + ". "
		}
		body := textBlocks(s.Blocks)
		n := runeLen(body)
		counts = append(counts, sectionCount{id: s.ID, title: prefix + s.Title, n: n})
		if strings.TrimSpace(s.Title) != "" {
			title := wrap(splitWords([]document.Run{document.T(s.Title)}), prefix, strings.Repeat(" ", runeLen(prefix)))
			if opts.Counts {
				title[len(title)-1] += "  [" + caracteres(n) + "]"
			}
			add(strings.Join(title, "\n"))
		}
		if body != "" {
			add(body)
		}
	}
	add(wrapText(d.Closing)...)
	for _, s := range d.Signatures {
		add(nonEmpty([]string{s.Name, s.Role})...)
	}

	if len(d.Exhibits) > 0 {
		add(bordereauTitle)
		for i, e := range d.Exhibits {
			add(textExhibit(i, e)...)
		}
	}
	for i, a := range d.Annexes {
		add(annexTitle(i, a))
		if b := textBlocks(a.Blocks); b != "" {
			add(b)
		}
	}
	if d.Footer != "" {
		add("* * *")
		add(wrapText(d.Footer)...)
	}
	if opts.Counts {
		add(countSummary(counts)...)
	}
	_, err := io.WriteString(w, strings.Join(parts, "\n\n")+"\n")
	return err
}

type sectionCount struct {
	id, title string
	n         int
}

// countSummary lists each section's count, then the total.
func countSummary(cs []sectionCount) []string {
	lines := []string{"Nombre de caractères par section (texte collé, sauts de ligne compris)" + nnbsp + ":"}
	total := 0
	prev := ""
	for i, c := range cs {
		title := strings.TrimSpace(c.title)
		name := title
		switch {
		case title == "" && i == 0:
			// A section without a title is named for the reader, not by its machine ID.
			name = "Introduction (sans titre)"
		case title == "" && prev == "":
			name = "Section sans titre"
		case title == "":
			name = "Section sans titre, après «" + nnbsp + prev + nnbsp + "»"
		case c.id != "":
			name += " (" + c.id + ")"
		}
		if title != "" {
			prev = title
		}
		lines = append(lines, "– "+name+nnbsp+": "+caracteres(c.n))
		total += c.n
	}
	return append(lines, "Total"+nnbsp+": "+caracteres(total))
}

// caracteres is « 1 234 caractères », singular below two as French requires.
func caracteres(n int) string {
	unit := " caractères"
	if n < 2 {
		unit = " caractère"
	}
	return frenchInt(n) + unit
}

// frenchInt groups digits by three with a narrow no-break space, the French thousands separator.
func frenchInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + frenchInt(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(nnbsp)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func wrapText(s string) []string {
	return wrap(splitWords([]document.Run{document.T(s)}), "", "")
}

// wrapLabelled is « Objet : … » with continuation lines aligned after the label.
func wrapLabelled(label, value string) []string {
	return wrap(splitWords([]document.Run{document.T(value)}), label+" ", strings.Repeat(" ", runeLen(label)+1))
}

// textBlocks is the body of a section or annex: blocks separated by a blank line.
func textBlocks(blocks []document.Block) string {
	var parts []string
	for _, b := range blocks {
		var lines []string
		switch b.Kind {
		case document.BulletList, document.NumberedList:
			markers := make([]string, len(b.Items))
			mw := 0
			for i := range b.Items {
				markers[i] = "–"
				if b.Kind == document.NumberedList {
					markers[i] = strconv.Itoa(i+1) + "."
				}
				mw = max(mw, runeLen(markers[i]))
			}
			for i, it := range b.Items {
				m := markers[i] + strings.Repeat(" ", mw-runeLen(markers[i])+1)
				lines = append(lines, wrap(splitWords(it), m, strings.Repeat(" ", mw+1))...)
			}
		default:
			lines = wrap(splitWords(b.Runs), "", "")
		}
		if len(lines) > 0 {
			parts = append(parts, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(parts, "\n\n")
}

func textExhibit(i int, e document.Exhibit) []string {
	n := e.Number
	if n == 0 {
		n = i + 1
	}
	// Continuation lines and the details align on the title, after « Pièce n° 1 – ».
	prefix := "Pièce n°\u00a0" + strconv.Itoa(n) + " – "
	indent := strings.Repeat(" ", runeLen(prefix))
	lines := wrap(splitWords([]document.Run{document.T(e.Title)}), prefix, indent)
	for _, f := range []struct{ label, value string }{
		{"Date", e.Date}, {"Origine", e.Origin}, {"SHA-256", e.SHA256},
	} {
		if f.value != "" {
			lines = append(lines, wrap(splitWords([]document.Run{document.T(f.value)}), indent+f.label+nnbsp+": ", indent+"  ")...)
		}
	}
	return lines
}

// wrap fills lines of at most textWidth characters, first starting with first and the others with rest.
// A word longer than the room left is put on a line of its own rather than cut.
func wrap(words []word, first, rest string) []string {
	var lines []string
	var cur strings.Builder
	curLen, empty := 0, true
	start := func(prefix string) {
		cur.Reset()
		cur.WriteString(prefix)
		curLen, empty = runeLen(prefix), true
	}
	start(first)
	for _, wd := range words {
		s := wd.String()
		n := runeLen(s)
		if !empty && curLen+1+n > textWidth {
			lines = append(lines, cur.String())
			start(rest)
		}
		if !empty {
			cur.WriteByte(' ')
			curLen++
		}
		cur.WriteString(s)
		curLen += n
		empty = false
		if wd.breakAfter {
			lines = append(lines, cur.String())
			start(rest)
		}
	}
	if !empty {
		lines = append(lines, cur.String())
	}
	return lines
}
