package i18n

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestCatalogsComplete fails on a key missing from a language, an empty text, or texts whose format
// verbs (%s, %d) differ between languages.
func TestCatalogsComplete(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for _, a := range Langs() {
		for _, b := range Langs() {
			for _, k := range Keys(a) {
				if !Has(b, k) {
					t.Errorf("%s has %q, %s does not", a, k, b)
				}
			}
		}
		for _, k := range Keys(a) {
			if strings.TrimSpace(T(a, k)) == "" {
				t.Errorf("%s: %q is empty", a, k)
			}
		}
	}
	for _, k := range Keys(FR) {
		fr, en := verbs.FindAllString(T(FR, k), -1), verbs.FindAllString(T(EN, k), -1)
		if strings.Join(fr, " ") != strings.Join(en, " ") {
			t.Errorf("%q: format verbs differ: fr %v, en %v", k, fr, en)
		}
	}
	if len(Keys(FR)) < 100 {
		t.Errorf("only %d keys", len(Keys(FR)))
	}
}

// TestFrenchTypography: « » with narrow no-break spaces, a narrow no-break space before : ; ! ?, the
// typographic apostrophe.
func TestFrenchTypography(t *testing.T) {
	for _, k := range Keys(FR) {
		s := T(FR, k)
		if strings.Contains(s, "'") {
			t.Errorf("%q: straight apostrophe in %q (use ’)", k, s)
		}
		rs := []rune(s)
		for i, r := range rs {
			switch r {
			case ';', '!', '?', ':':
				if r == ':' && i+2 < len(rs) && rs[i+1] == '/' && rs[i+2] == '/' {
					continue // https://
				}
				if i == 0 || (rs[i-1] != '\u202f' && rs[i-1] != '\u00a0' && rs[i-1] != r && !unicode.IsDigit(rs[i-1])) {
					t.Errorf("%q: no narrow no-break space before %q in %q", k, r, s)
				}
			case '«':
				if i+1 >= len(rs) || rs[i+1] != '\u202f' {
					t.Errorf("%q: « not followed by U+202F in %q", k, s)
				}
			case '»':
				if i == 0 || rs[i-1] != '\u202f' {
					t.Errorf("%q: » not preceded by U+202F in %q", k, s)
				}
			}
		}
	}
}

func TestT(t *testing.T) {
	if got := T(FR, "layout.step", 3, 7); got != "Étape 3 sur 7" {
		t.Errorf("fr step: %q", got)
	}
	if got := T(EN, "layout.step", 3, 7); got != "Step 3 of 7" {
		t.Errorf("en step: %q", got)
	}
	if got := T(FR, "no.such.key"); !strings.HasPrefix(got, Missing) {
		t.Errorf("missing key: %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		cookie, header string
		want           Lang
	}{
		{"", "", FR},
		{"", "en-US,en;q=0.9", EN},
		{"", "fr-FR,fr;q=0.9,en;q=0.8", FR},
		{"", "en;q=0.5,fr;q=0.9", FR},
		{"", "de-DE,de;q=0.9", FR},
		{"", "de-DE,en;q=0.7", EN},
		{"", "garbage;;;", FR},
		{"en", "fr-FR", EN},
		{"fr", "en-GB", FR},
		{"xx", "en-GB", EN},
	} {
		if got := Negotiate(c.cookie, c.header); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", c.cookie, c.header, got, c.want)
		}
	}
}
