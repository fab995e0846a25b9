package frtext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// typoReference is Typo as it was before it read and wrote bytes instead of runes: every input must
// give the same text.
func typoReference(s string) string {
	in := []rune(s)
	out := make([]rune, 0, len(in)+8)
	openDouble := true
	trimSpaces := func() {
		for len(out) > 0 && isSpace(out[len(out)-1]) {
			out = out[:len(out)-1]
		}
	}
	for i := 0; i < len(in); i++ {
		r := in[i]
		if startsURLReference(in, i) {
			for i < len(in) && !unicode.IsSpace(in[i]) {
				out = append(out, in[i])
				i++
			}
			i--
			continue
		}
		switch {
		case r == '\'':
			out = append(out, '’')
		case r == '"':
			if openDouble {
				out = append(out, '«', '\u202f')
				for i+1 < len(in) && isSpace(in[i+1]) {
					i++
				}
			} else {
				trimSpaces()
				out = append(out, '\u202f', '»')
			}
			openDouble = !openDouble
		case r == '«':
			out = append(out, '«', '\u202f')
			for i+1 < len(in) && isSpace(in[i+1]) {
				i++
			}
		case r == '»':
			trimSpaces()
			out = append(out, '\u202f', '»')
		case r == ';' || r == ':' || r == '!' || r == '?':
			prev := rune(0)
			if len(out) > 0 {
				prev = out[len(out)-1]
			}
			next := rune(0)
			if i+1 < len(in) {
				next = in[i+1]
			}
			switch {
			case r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(next):
				// a time or a ratio: 10:30
			case prev == 0 || prev == '\u202f' || prev == '(' || prev == '[':
			case prev == '!' || prev == '?':
				// ?! and !! keep a single space before the group
			case isSpace(prev):
				trimSpaces()
				out = append(out, '\u202f')
			default:
				out = append(out, '\u202f')
			}
			out = append(out, r)
		case r == '\u00a0' || r == '\u202f':
			// typed on purpose: kept, unless it doubles another space
			if len(out) > 0 && isSpace(out[len(out)-1]) {
				out[len(out)-1] = r
				continue
			}
			out = append(out, r)
		case unicode.IsSpace(r):
			if len(out) > 0 && isSpace(out[len(out)-1]) {
				continue
			}
			out = append(out, ' ')
		default:
			out = append(out, r)
		}
	}
	return numeroSpace(string(out)) // unchanged by the rewrite: shared
}

func startsURLReference(in []rune, i int) bool {
	if in[i] != 'h' && in[i] != 'w' {
		return false // most positions: no string to build
	}
	if i > 0 && !unicode.IsSpace(in[i-1]) && in[i-1] != '(' && in[i-1] != '«' {
		return false
	}
	rest := string(in[i:min(len(in), i+8)])
	return strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "www.")
}

func FuzzTypoReference(f *testing.F) {
	for _, s := range []string{"la commune de Lille", "a  b", "l'AIPD", "www.cnil.fr", "voir https://x.fr/a?b=c ; ok", "n°3", "N° 4", "« x »", "\"a\" et \"  b \"",
		"x :y", "10:30", "?! !!", "(: [;", "a\u00a0 b \u202f c", "\t\n x \r", "a\xffb", "\ufffd", "« \u202f\u00a0y »", "x\u2003y", "(www.a.b)", "«www.x»", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := typoSlow(s), typoReference(s); got != want {
			t.Errorf("Typo(%q) = %q, before %q", s, got, want)
		}
	})
}

var _ = utf8.RuneError
