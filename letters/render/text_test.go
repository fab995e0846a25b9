package render_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"saisine/letters/document"
	"saisine/letters/render"
)

func renderText(t *testing.T, counts bool) string {
	t.Helper()
	var buf bytes.Buffer
	if err := render.Text(&buf, synthetic(), render.TextOptions{Counts: counts}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTextGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts bool
	}{
		{"text.golden", false},
		{"text_counts.golden", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, []byte(renderText(t, tc.counts)))
		})
	}
}

func TestTextShape(t *testing.T) {
	out := renderText(t, false)
	if !utf8.ValidString(out) {
		t.Fatal("not UTF-8")
	}
	for _, want := range []string{
		"Madame la Présidente de la CNIL\nService des plaintes\n3 place de Fontenoy\nTSA 80715\n75334 PARIS CEDEX 07\n",
		"\nLille, le 27 novembre 2026\n",
		"\nLettre recommandée avec demande d’avis de réception\n",
		"\nObjet" + nnbsp + ": Réclamation",
		"\n1. Les faits\n\nJ’ai l’honneur",
		"\n– acquisition du logiciel" + nnbsp + ": 2021" + nnbsp + ";\n",
		"\n1. l’absence d’analyse d’impact",
		"\nCamille Martin\nConseillère municipale de Lille\n\nDominique Lefebvre\n",
		"\nBordereau des pièces communiquées\n",
		"SHA-256" + nnbsp + ": " + sampleSHA,
		"\nAnnexe 1 – Liste des signataires\n",
		"l’œil humain",
		"(pièce n°" + nbsp + "2)",
		longURL, // never cut: it must stay clickable in an e-mail
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if !strings.HasSuffix(out, "ce n’est pas un conseil juridique.\n") {
		t.Error("the footer notice does not end the text")
	}
	for i, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 78 {
			// Only a word longer than the line may overflow, alone after its indent and label.
			if f := strings.Fields(l); utf8.RuneCountInString(f[len(f)-1]) < 60 {
				t.Errorf("line %d has %d characters: %q", i+1, n, l)
			}
		}
		if strings.TrimRight(l, " ") != l {
			t.Errorf("line %d has trailing spaces: %q", i+1, l)
		}
	}
}

// TestTextCounts checks each count against the section body as it appears in the output, i.e. what a
// user selects from the line after the title's blank line to the end of the section.
func TestTextCounts(t *testing.T) {
	out := renderText(t, true)
	title := regexp.MustCompile(`(?m)^(\d\. .*)  \[([\d` + nnbsp + `]+) caractères?\]$`)
	ms := title.FindAllStringSubmatchIndex(out, -1)
	if len(ms) != 5 {
		t.Fatalf("%d section titles with counts, want 5:\n%s", len(ms), out)
	}
	closing := strings.Index(out, "\n\nJe vous prie d’agréer")
	for i, m := range ms {
		start := m[1] + 2 // after the title line and the blank line
		end := closing
		if i+1 < len(ms) {
			end = ms[i+1][0] - 2
		}
		body := out[start:end]
		want := strings.ReplaceAll(out[m[4]:m[5]], nnbsp, "")
		if got := utf8.RuneCountInString(body); want != strconv.Itoa(got) {
			t.Errorf("section %q: title says %s characters, body has %d:\n%s", out[m[2]:m[3]], want, got, body)
		}
	}
	for _, want := range []string{
		"\nNombre de caractères par section (texte collé, sauts de ligne compris)" + nnbsp + ":\n",
		"\n– 1. Les faits (faits)" + nnbsp + ": ",
		"\n– 5. La suite de la procédure (suite)" + nnbsp + ": ",
		"\nTotal" + nnbsp + ": 2" + nnbsp,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("counts summary lacks %q", want)
		}
	}
	if plain := renderText(t, false); strings.Contains(plain, "caractères]") {
		t.Error("counts printed without Counts")
	}
}

// TestTextCountsUntitled: the summary names a section without a title for the reader (never by its
// machine ID): the opening as « Introduction (sans titre) », a later one after the title it follows.
func TestTextCountsUntitled(t *testing.T) {
	d := synthetic()
	d.Sections = append([]document.Section{{ID: "expose", Blocks: []document.Block{document.P(document.T("J’ai l’honneur de vous demander."))}}}, d.Sections...)
	d.Sections = append(d.Sections, document.Section{ID: "annexe-libre", Blocks: []document.Block{document.P(document.T("Texte libre."))}})
	var buf bytes.Buffer
	if err := render.Text(&buf, d, render.TextOptions{Counts: true}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"\n– Introduction (sans titre)" + nnbsp + ": 32 caractères\n",
		"\n– Section sans titre, après «" + nnbsp + "5. La suite de la procédure" + nnbsp + "»" + nnbsp + ": 12 caractères\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("counts summary lacks %q:\n%s", want, out[strings.Index(out, "Nombre de caractères"):])
		}
	}
	for _, bad := range []string{"– expose", "annexe-libre"} {
		if strings.Contains(out, bad) {
			t.Errorf("counts summary names a section by its ID: %q", bad)
		}
	}
}
