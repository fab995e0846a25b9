package render

import (
	"strings"
	"testing"

	"saisine/letters/document"
)

func newTestWriter(t testing.TB) *pdfWriter {
	t.Helper()
	w, err := newPDFWriter(document.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// gofpdf measures U+202F and U+00A0 from the font's own advance widths (not a default width): the narrow
// space is narrower than a space, the no-break space as wide as one.
func TestWidthsOfSpaces(t *testing.T) {
	w := newTestWriter(t)
	for _, st := range []runStyle{styleRegular, styleBold, styleItalic} {
		fc := face{st, 11}
		space, nb, narrow := w.width(fc, " "), w.width(fc, "\u00a0"), w.width(fc, "\u202f")
		if space <= 0 || nb != space || narrow <= 0 || narrow >= space {
			t.Errorf("style %d: space %.3f, U+00A0 %.3f, U+202F %.3f mm", st, space, nb, narrow)
		}
		// A glyph the font lacks would be measured with the font's default width.
		if got, want := w.width(fc, "Saint\u2011Denis"), w.width(fc, "Saint\u2010Denis"); got != want {
			t.Errorf("style %d: U+2011 measured %.3f, want the hyphen's %.3f", st, got, want)
		}
	}
}

func TestBreakLines(t *testing.T) {
	w := newTestWriter(t)
	l := &layouter{pw: w, opts: DefaultPDFOptions()}
	b := body()
	text := strings.Repeat("la pièce n°\u00a02 est jointe\u202f; ", 20)
	lines := l.prepare([]document.Run{document.T(text)}, b).lines
	if len(lines) < 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, pl := range lines {
		if pl.natural > b.w+0.001 {
			t.Errorf("line %d is %.1f mm wide, column %.1f mm", i, pl.natural, b.w)
		}
		if last := i == len(lines)-1; pl.justify == last {
			t.Errorf("line %d: justify=%v", i, pl.justify)
		}
		first := pl.words[0].frags[0].text
		if strings.HasPrefix(first, "2") || strings.HasPrefix(first, ";") {
			t.Errorf("line %d starts with %q: broken at a no-break space", i, first)
		}
	}
}

func TestSplitWord(t *testing.T) {
	w := newTestWriter(t)
	l := &layouter{pw: w, opts: DefaultPDFOptions()}
	b := body()
	for _, tc := range []struct {
		name, word string
		room       float64
		// allowed reports whether the word may be cut after its first n characters.
		allowed func(s string, n int) bool
	}{
		{"URL cut after a separator", "https://www.example.org/chemin/vers/une/page-tres-longue", 50,
			func(s string, n int) bool { return strings.ContainsRune(breakAfterChars, rune(s[n-1])) }},
		{"digest cut every eight digits", "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea", 30,
			func(s string, n int) bool { return n%8 == 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mw := l.measure(splitWords([]document.Run{document.T(tc.word)}), b)[0]
			head, tail := l.splitWord(mw, tc.room, true)
			// The head is the longest allowed prefix that fits (ASCII words: bytes are characters).
			want := ""
			for n := len(tc.word) - 1; n > 0; n-- {
				if tc.allowed(tc.word, n) && w.width(face{styleRegular, bodySize}, tc.word[:n]) <= tc.room {
					want = tc.word[:n]
					break
				}
			}
			if got := wordText(head); got != want || want == "" {
				t.Errorf("head %q, want %q", got, want)
			}
			if wordText(head)+wordText(tail) != tc.word {
				t.Error("split loses characters")
			}
			if head.w > tc.room {
				t.Errorf("head %.1f mm wider than room %.1f mm", head.w, tc.room)
			}
		})
	}
}

func wordText(m mword) string {
	var s string
	for _, f := range m.frags {
		s += f.text
	}
	return s
}
