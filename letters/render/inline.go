package render

import (
	"strings"
	"unicode/utf8"

	"saisine/letters/document"
)

// Line-breaking rules shared by the PDF and plain-text renderers, so a line never breaks in one output
// where the other keeps the words together.
//
// Lines break only at ASCII spaces (and tabs). U+00A0 and U+202F are glue: authors put them in
// « pièce n° 2 », « article 35 » or before « : » precisely to forbid a break there. An ASCII space that
// sits where French typography wants a non-breaking one (after « or before : ; ! ? » %) is treated as glue
// too, because text typed in a form rarely carries the right space and a line starting with « : » is a
// typesetting error the reader notices.

// glueBefore lists the characters that must never start a line.
const glueBefore = ":;!?»%"

// breakableSpace reports whether an ASCII space between prev and next may become a line break.
func breakableSpace(prev, next rune) bool {
	if prev == '«' {
		return false
	}
	return !strings.ContainsRune(glueBefore, next)
}

// isSpace reports the characters the renderers treat as breakable whitespace (before the glue rules).
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }

// runStyle is the typographic style of a piece of inline text.
type runStyle uint8

const (
	styleRegular runStyle = iota
	styleBold
	styleItalic
)

// styleOf maps a run to a face. Strong wins over Emphasis because the letter typeface ships no bold italic
// (see assets): bold is the stronger signal of the two.
func styleOf(r document.Run) runStyle {
	switch {
	case r.Strong:
		return styleBold
	case r.Emphasis:
		return styleItalic
	}
	return styleRegular
}

// frag is a maximal piece of a word with one style and one link target.
type frag struct {
	text  string
	style runStyle
	url   string
}

// word is an unbreakable unit: the text between two breakable spaces, possibly in several styles
// (« », an italic title and a closing « » can form one word).
type word struct {
	frags []frag
	// breakAfter is true when the source has a hard line break ("\n") after this word.
	breakAfter bool
}

func (w word) String() string {
	var b strings.Builder
	for _, f := range w.frags {
		b.WriteString(f.text)
	}
	return b.String()
}

// attrRune is one character with the attributes of the run it came from.
type attrRune struct {
	r     rune
	style runStyle
	url   string
}

// linkSuffix reports the text printed after a run that carries a URL: on paper and in plain text the link
// would be lost, so the address is printed in parentheses unless the run's text already shows it.
func linkSuffix(r document.Run) string {
	if r.URL == "" || strings.Contains(r.Text, r.URL) {
		return ""
	}
	return r.URL
}

// flatten turns runs into characters with attributes, adding the printed URL of links.
func flatten(runs []document.Run) []attrRune {
	n := 0
	for _, r := range runs {
		n += len(r.Text) + len(r.URL) + 3
	}
	out := make([]attrRune, 0, n)
	add := func(s string, st runStyle, url string) {
		for _, c := range s {
			out = append(out, attrRune{c, st, url})
		}
	}
	for _, r := range runs {
		st := styleOf(r)
		add(r.Text, st, r.URL)
		if u := linkSuffix(r); u != "" {
			add(" (", styleRegular, "")
			add(u, styleRegular, r.URL)
			add(")", styleRegular, "")
		}
	}
	return out
}

// splitWords cuts inline runs into words at breakable spaces. Consecutive spaces collapse; leading and
// trailing spaces vanish; "\n" is a hard break.
func splitWords(runs []document.Run) []word {
	chars := flatten(runs)
	var words []word
	var cur []frag
	// The current fragment's text grows in buf and becomes a string once, when the style or the word
	// changes: adding rune by rune to a string made splitWords a fifth of a letter's rendering time.
	var buf []byte
	var open bool // a fragment is being built in buf
	var style runStyle
	var url string
	endFrag := func() {
		if open {
			cur = append(cur, frag{text: string(buf), style: style, url: url})
			buf, open = buf[:0], false
		}
	}
	flush := func(hard bool) {
		endFrag()
		if len(cur) > 0 {
			words = append(words, word{frags: cur})
			cur = nil
		}
		if hard && len(words) > 0 {
			words[len(words)-1].breakAfter = true
		}
	}
	appendRune := func(c attrRune) {
		if open && (style != c.style || url != c.url) {
			endFrag()
		}
		if !open {
			open, style, url = true, c.style, c.url
		}
		buf = utf8.AppendRune(buf, c.r)
	}
	for i := 0; i < len(chars); i++ {
		c := chars[i]
		switch {
		case c.r == '\n':
			flush(true)
		case isSpace(c.r):
			j := i
			for j+1 < len(chars) && isSpace(chars[j+1].r) {
				j++
			}
			var prev, next rune
			if i > 0 {
				prev = chars[i-1].r
			}
			if j+1 < len(chars) {
				next = chars[j+1].r
			}
			if (open || len(cur) > 0) && next != 0 && next != '\n' && !breakableSpace(prev, next) {
				appendRune(attrRune{' ', c.style, c.url})
			} else {
				flush(false)
			}
			i = j
		default:
			appendRune(c)
		}
	}
	flush(false)
	return words
}

// plainText is the text of runs as printed in the plain-text output (links followed by their URL).
func plainText(runs []document.Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
		if u := linkSuffix(r); u != "" {
			b.WriteString(" (")
			b.WriteString(u)
			b.WriteString(")")
		}
	}
	return b.String()
}

// runeLen counts characters, the unit of the plain-text renderer's columns and counts.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
