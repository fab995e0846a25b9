package frtext

import "testing"

// typoSlow is Typo without its fast path.
func typoSlow(s string) string {
	defer func(f func(string) bool) { plainCheck = f }(plainCheck)
	plainCheck = func(string) bool { return false }
	return Typo(s)
}

// FuzzTypoFastPath: whenever the fast path returns the text as it is, the full rewrite agrees.
func FuzzTypoFastPath(f *testing.F) {
	for _, s := range []string{"la commune de Lille", "a  b", "l'AIPD", "www.cnil.fr", "n°3", "« x »", "Déjà vu", "x\u2003y", "10:30", "",
		"article 8\u202f; «\u202fvidéoprotection\u202f» n°\u00a012\u202f: oui\u202f?!", "« \u202f»", "x \u202f;", "«\u202f\u00a0x", "n° 3", "x\u202f»", "x \u202f»", "(:", "a\xffb", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plain(s) {
			if got := typoSlow(s); got != s {
				t.Errorf("plain(%q) but Typo rewrites it to %q", s, got)
			}
		}
	})
}
