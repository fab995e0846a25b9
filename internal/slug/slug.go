// Package slug turns names into plain ASCII words joined by hyphens: « Villeneuve-d’Ascq » →
// « villeneuve-d-ascq ». Download names use it, and so does comparing two spellings of one commune.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ligatures have no decomposition to ASCII letters: « Dubœuf » would otherwise lose its « œ ».
var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss")

// Make joins parts and keeps their ASCII letters and digits, lower case and without accents, each run
// of anything else becoming one hyphen; at most 80 bytes; "saisine" when nothing is left.
func Make(parts ...string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(ligatures.Replace(strings.ToLower(strings.Join(parts, " ")))) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	if s == "" {
		return "saisine"
	}
	return s
}
