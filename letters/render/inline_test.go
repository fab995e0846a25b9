package render

import (
	"reflect"
	"strings"
	"testing"

	"saisine/letters/document"
)

func wordsOf(ws []word) []string {
	var out []string
	for _, w := range ws {
		s := w.String()
		if w.breakAfter {
			s += "⏎"
		}
		out = append(out, s)
	}
	return out
}

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		runs []document.Run
		want []string
	}{
		{"spaces collapse", []document.Run{document.T("  un   deux\tTrois ")}, []string{"un", "deux", "Trois"}},
		{"no-break spaces glue", []document.Run{document.T("pièce n°\u00a02 et article\u202f35")}, []string{"pièce", "n°\u00a02", "et", "article\u202f35"}},
		{"ASCII space before colon is glue", []document.Run{document.T("suivants : la")}, []string{"suivants :", "la"}},
		{"guillemets hold their word", []document.Run{document.T("le « BriefCam » !")}, []string{"le", "« BriefCam » !"}},
		{"U+202F before colon", []document.Run{document.T("Objet\u202f: test")}, []string{"Objet\u202f:", "test"}},
		{"styles inside one word", []document.Run{document.T("(«"), {Text: "Le Monde", Emphasis: true}, document.T("»)")}, []string{"(«Le", "Monde»)"}},
		{"hard break", []document.Run{document.T("ligne un\nligne deux")}, []string{"ligne", "un⏎", "ligne", "deux"}},
		{"link prints its address", []document.Run{{Text: "la décision", URL: "https://x.fr/d"}}, []string{"la", "décision", "(https://x.fr/d)"}},
		{"link showing its address", []document.Run{{Text: "https://x.fr/d", URL: "https://x.fr/d"}}, []string{"https://x.fr/d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := wordsOf(splitWords(tc.runs)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitWordsKeepsStyles(t *testing.T) {
	ws := splitWords([]document.Run{document.T("voir "), {Text: "l’article 35", Emphasis: true}, {Text: " gras", Strong: true}})
	var got []string
	for _, w := range ws {
		for _, f := range w.frags {
			got = append(got, f.text+"/"+string("RBI"[f.style]))
		}
	}
	want := []string{"voir/R", "l’article/I", "35/I", "gras/B"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("mot ", 30)
	lines := wrap(splitWords([]document.Run{document.T(long)}), "– ", "  ")
	for i, l := range lines {
		if runeLen(l) > textWidth {
			t.Errorf("line %d too long: %q", i, l)
		}
		if i > 0 && !strings.HasPrefix(l, "  mot") {
			t.Errorf("line %d not indented: %q", i, l)
		}
	}
	if !strings.HasPrefix(lines[0], "– mot") {
		t.Errorf("first line %q", lines[0])
	}
	url := "https://example.org/" + strings.Repeat("a", 100)
	got := wrap(splitWords([]document.Run{document.T("voir " + url + " fin")}), "", "")
	if want := []string{"voir", url, "fin"}; !reflect.DeepEqual(got, want) {
		t.Errorf("long word: got %q, want %q", got, want)
	}
}

func TestCaracteres(t *testing.T) {
	for n, want := range map[int]string{
		0:       "0 caractère",
		1:       "1 caractère",
		2:       "2 caractères",
		999:     "999 caractères",
		1234:    "1\u202f234 caractères",
		1234567: "1\u202f234\u202f567 caractères",
	} {
		if got := caracteres(n); got != want {
			t.Errorf("caracteres(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFrenchDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-01": "1er novembre 2026",
		"2026-02-27": "27 février 2026",
		"2026-08-15": "15 août 2026",
		"mars 2025":  "mars 2025",
	} {
		if got := frenchDate(in); got != want {
			t.Errorf("frenchDate(%q) = %q, want %q", in, got, want)
		}
	}
}
