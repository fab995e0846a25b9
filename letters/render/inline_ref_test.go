package render

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"saisine/letters/document"
)

// The word splitter before it kept fragments as substrings of their runs: every input must give the
// same words.

// refRune is one character with the attributes of the run it came from.
type refRune struct {
	r     rune
	style runStyle
	url   string
}

// flatten turns runs into characters with attributes, adding the printed URL of links.
func refFlatten(runs []document.Run) []refRune {
	n := 0
	for _, r := range runs {
		n += len(r.Text) + len(r.URL) + 3
	}
	out := make([]refRune, 0, n)
	add := func(s string, st runStyle, url string) {
		for _, c := range s {
			out = append(out, refRune{c, st, url})
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
func splitWordsReference(runs []document.Run) []word {
	chars := refFlatten(runs)
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
	appendRune := func(c refRune) {
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
				appendRune(refRune{' ', c.style, c.url})
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

func FuzzSplitWords(f *testing.F) {
	f.Add("Madame,  la « commune » : voir\thttps://example.org/a?b=c ;", "gras", "https://ex.org", true, false)
	f.Add(" \n\n a\r b \t", "", "", false, true)
	f.Add("\xff\xfe x", " y ", "u", true, true)
	f.Add("« ", " »", "", false, false)
	f.Fuzz(func(t *testing.T, a, b, url string, strong, em bool) {
		runs := []document.Run{{Text: a}, {Text: b, Strong: strong, Emphasis: em}, {Text: a, URL: url}, {Text: b}}
		got, want := splitWords(runs), splitWordsReference(runs)
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("splitWords(%+v) =\n%v\nwant\n%v", runs, got, want)
		}
	})
}

var _ = utf8.RuneError
