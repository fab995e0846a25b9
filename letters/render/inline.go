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
	switch next {
	case ':', ';', '!', '?', '»', '%': // glueBefore, without a search for each space of a letter
		return false
	}
	return true
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

// segment is a piece of inline text with the attributes of its run: a run's own text, or the parts of
// the address printed after a link (see linkSuffix).
type segment struct {
	text  string
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

// segments lists the text of runs with its attributes, the printed address of links included. A
// paragraph without links is its runs.
func segments(runs []document.Run, into []segment) []segment {
	for _, r := range runs {
		st := styleOf(r)
		into = append(into, segment{r.Text, st, r.URL})
		if u := linkSuffix(r); u != "" {
			into = append(into, segment{" (", styleRegular, ""}, segment{u, styleRegular, r.URL}, segment{")", styleRegular, ""})
		}
	}
	return into
}

// wordSplitter cuts inline text into words. A fragment is a substring of its segment when it is one in
// the source, which is nearly always: a letter's thousand words then cost no copy of their text. It is
// built in buf only when collapsed spaces, a tab turned into a space or a segment boundary make it
// differ.
type wordSplitter struct {
	segs  []segment
	words []word
	frags []frag // backing array of every word's frags
	first int    // index in frags of the current word's first fragment
	buf   []byte
	// The open fragment: style and url, and either segs[seg].text[from:to] or buf (built).
	open     bool
	built    bool
	style    runStyle
	url      string
	seg      int
	from, to int
}

func (ws *wordSplitter) endFrag() {
	if !ws.open {
		return
	}
	text := ""
	if ws.built {
		text = string(ws.buf)
	} else {
		text = ws.segs[ws.seg].text[ws.from:ws.to]
	}
	ws.frags = append(ws.frags, frag{text: text, style: ws.style, url: ws.url})
	ws.open, ws.built = false, false
}

func (ws *wordSplitter) flush(hard bool) {
	ws.endFrag()
	if n := len(ws.frags); n > ws.first {
		ws.words = append(ws.words, word{frags: ws.frags[ws.first:n:n]})
		ws.first = n
	}
	if hard && len(ws.words) > 0 {
		ws.words[len(ws.words)-1].breakAfter = true
	}
}

// add appends r, found at bytes [at, at+size) of segment seg (or standing for them, as a space does
// for a tab), to the open fragment.
func (ws *wordSplitter) add(r rune, seg, at, size int) {
	sg := &ws.segs[seg]
	// Verbatim unless a tab or CR stands as a space, or an invalid byte as U+FFFD.
	if (r != ' ' || sg.text[at] == ' ') && (r != utf8.RuneError || size > 1) {
		ws.addRun(seg, at, at+size)
		return
	}
	if ws.open && (ws.style != sg.style || ws.url != sg.url) {
		ws.endFrag()
	}
	switch {
	case !ws.open:
		ws.open, ws.style, ws.url = true, sg.style, sg.url
		ws.built, ws.buf = true, ws.buf[:0]
	case !ws.built:
		ws.built, ws.buf = true, append(ws.buf[:0], ws.segs[ws.seg].text[ws.from:ws.to]...)
	}
	ws.buf = utf8.AppendRune(ws.buf, r)
}

// splitWords cuts inline runs into words at breakable spaces. Consecutive spaces collapse; leading and
// trailing spaces vanish; "\n" is a hard break.
func splitWords(runs []document.Run) []word {
	var ws wordSplitter
	return ws.split(runs)
}

// split is splitWords reusing the splitter's arrays: the words it returns, and their frags, are valid
// until the next call.
func (ws *wordSplitter) split(runs []document.Run) []word {
	ws.segs = segments(runs, ws.segs[:0])
	ws.words, ws.frags, ws.first, ws.open, ws.built = ws.words[:0], ws.frags[:0], 0, false, false
	segs := ws.segs
	// at moves (si, i) past the ends of segments to the next character, if any.
	at := func(si, i int) (int, int, bool) {
		for si < len(segs) && i >= len(segs[si].text) {
			si, i = si+1, 0
		}
		return si, i, si < len(segs)
	}
	var prev rune // the character before the current one; only read before a space
	si, i := 0, 0
	for {
		var ok bool
		if si, i, ok = at(si, i); !ok {
			break
		}
		r, size := utf8.DecodeRuneInString(segs[si].text[i:])
		switch {
		case r == '\n':
			ws.flush(true)
		case isSpace(r):
			// The spaces end before next, the first other character (0 at the end of the text).
			sj, j := si, i+size
			next := rune(0)
			for {
				if sj, j, ok = at(sj, j); !ok {
					break
				}
				c, n := utf8.DecodeRuneInString(segs[sj].text[j:])
				if !isSpace(c) {
					next = c
					break
				}
				j += n
			}
			if (ws.open || len(ws.frags) > ws.first) && next != 0 && next != '\n' && !breakableSpace(prev, next) {
				ws.add(' ', si, i, size)
			} else {
				ws.flush(false)
			}
			si, i = sj, j
			continue
		default:
			// The characters up to the next space or line break go in at once when they are valid
			// UTF-8, which is the rule: a word is then one substring of its segment.
			text := segs[si].text
			j := i + size
			for j < len(text) && !isSpace(rune(text[j])) && text[j] != '\n' {
				j++
			}
			if chunk := text[i:j]; j > i+size && utf8.ValidString(chunk) {
				ws.addRun(si, i, j)
				prev, _ = utf8.DecodeLastRuneInString(chunk)
				i = j
				continue
			}
			ws.add(r, si, i, size)
		}
		prev = r
		i += size
	}
	ws.flush(false)
	return ws.words
}

// addRun appends segs[seg].text[from:to], text copied as it is, to the open fragment: extending the
// fragment's substring when it continues it, copying into buf otherwise.
func (ws *wordSplitter) addRun(seg, from, to int) {
	sg := &ws.segs[seg]
	if ws.open && (ws.style != sg.style || ws.url != sg.url) {
		ws.endFrag()
	}
	switch {
	case !ws.open:
		ws.open, ws.style, ws.url = true, sg.style, sg.url
		ws.built, ws.seg, ws.from, ws.to = false, seg, from, to
	case !ws.built && seg == ws.seg && from == ws.to:
		ws.to = to
	case !ws.built:
		ws.built, ws.buf = true, append(ws.buf[:0], ws.segs[ws.seg].text[ws.from:ws.to]...)
		fallthrough
	default:
		ws.buf = append(ws.buf, sg.text[from:to]...)
	}
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
