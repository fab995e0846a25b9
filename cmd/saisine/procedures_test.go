package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"saisine/letters/procedures"

	"saisine/internal/pdftest"
)

// letterDate is the date every golden letter carries (--date), so that no test depends on the clock.
const letterDate = "2026-11-27"

// procCase is one Lille-based case rendered by one procedure: its golden plain text, and what its PDF
// must print. Every procedure of procedures.All() needs at least one (TestEveryProcedureHasAGolden).
type procCase struct {
	procedure string
	input     string // case file, relative to the package directory
	golden    string // expected --format txt output
	mandants  string // --mandants list, for the procedures that take one

	// What the PDF text must contain (compared with white space folded, so that a line break, a
	// no-break space or a narrow no-break space all match one plain space).
	recipient  []string // the recipient block, line by line
	salutation string
	object     string // the object, without « Objet : »
	citations  []string
	closing    string
	signatures []string // the signature name(s)
	placeDate  string   // default « Lille, le 27 novembre 2026 »
}

var procCases = []procCase{
	{
		procedure:  procedures.PlainteCNIL,
		input:      "testdata/lille.json",
		golden:     "testdata/golden/lille-plainte-cnil.txt",
		recipient:  []string{"Madame la Présidente de la CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"},
		salutation: "Madame la Présidente,",
		object:     "Plainte relative à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"article 77 du RGPD",
			"article R. 251-1 du code de la sécurité intérieure",
			"article 35 du RGPD",
		},
		closing:    "Je vous prie d’agréer, Madame la Présidente, l’expression de ma haute considération.",
		signatures: []string{"Camille Martin"},
	},
	{
		procedure:  procedures.SignalementCNIL,
		input:      "testdata/lille-elus.json",
		golden:     "testdata/golden/lille-elus-signalement-cnil.txt",
		recipient:  []string{"Madame la Présidente de la CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"},
		salutation: "Madame la Présidente,",
		object:     "Signalement et demande de contrôle relatifs à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"articles 8 et 20 de la loi n° 78-17 du 6 janvier 1978",
			"article 35 du RGPD",
		},
		closing:    "Nous vous prions d’agréer, Madame la Présidente, l’expression de notre haute considération.",
		signatures: []string{"Claire Dufour", "Karim Benali"},
	},
	{
		procedure:  procedures.SignalementCNIL,
		input:      "testdata/golden/lille-association.json",
		golden:     "testdata/golden/lille-association-signalement-cnil.txt",
		recipient:  []string{"Madame la Présidente de la CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"},
		salutation: "Madame la Présidente,",
		object:     "Signalement et demande de contrôle relatifs à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"articles 8 et 20 de la loi n° 78-17 du 6 janvier 1978",
			"article 35 du RGPD",
		},
		closing:    "Nous vous prions d’agréer, Madame la Présidente, l’expression de notre haute considération.",
		signatures: []string{"Jean Dupré", "Sophie Lemaire"},
	},
	{
		procedure:  procedures.DemandeDocuments,
		input:      "testdata/golden/lille-resident.json",
		golden:     "testdata/golden/lille-resident-demande-documents.txt",
		recipient:  []string{"Mairie de Lille", "Place Augustin Laurent", "CS 30667", "59033 LILLE CEDEX"},
		salutation: "Madame, Monsieur,",
		object:     "Demande de communication de documents administratifs relatifs à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"article L. 311-1 du code des relations entre le public et l’administration",
			"article L. 311-9 du code des relations entre le public et l’administration",
			"article R. 311-13 du code des relations entre le public et l’administration",
		},
		closing:    "Je vous prie d’agréer, Madame, Monsieur, l’expression de ma haute considération.",
		signatures: []string{"Camille Martin"},
	},
	{
		procedure:  procedures.SaisineCADA,
		input:      "testdata/golden/lille-resident-crpa.json",
		golden:     "testdata/golden/lille-resident-crpa-saisine-cada.txt",
		recipient:  []string{"Commission d’accès aux documents", "administratifs (CADA)", "20 avenue de Ségur", "TSA 50730", "75334 PARIS CEDEX 07"},
		salutation: "Madame, Monsieur,",
		object:     "Demande d’avis sur le refus de communication de documents administratifs relatifs à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"article L. 342-1 du code des relations entre le public et l’administration",
			"article R. 311-13 du code des relations entre le public et l’administration",
			"article R. 343-1 du code des relations entre le public et l’administration",
		},
		closing:    "Je vous prie d’agréer, Madame, Monsieur, l’expression de ma haute considération.",
		signatures: []string{"Camille Martin"},
	},
	{
		procedure:  procedures.DemandeDroits,
		input:      "testdata/golden/lille-resident.json",
		golden:     "testdata/golden/lille-resident-demande-droits.txt",
		recipient:  []string{"Mairie de Lille", "À l’attention du délégué", "à la protection des données", "Place Augustin Laurent", "CS 30667", "59033 LILLE CEDEX"},
		salutation: "Madame, Monsieur,",
		object:     "Demande d’accès aux images et aux données me concernant traitées par le système de vidéoprotection de la commune de Lille",
		citations: []string{
			"article 15 du RGPD",
			"article 105 de la loi n° 78-17 du 6 janvier 1978",
			"article L. 252-5 du code de la sécurité intérieure",
		},
		closing:    "Je vous prie d’agréer, Madame, Monsieur, l’expression de ma haute considération.",
		signatures: []string{"Camille Martin"},
	},
	{
		procedure:  procedures.DemandeInformationElus,
		input:      "testdata/lille-elus.json",
		golden:     "testdata/golden/lille-elus-demande-information-elus.txt",
		recipient:  []string{"Mairie de Lille", "Place Augustin Laurent", "CS 30667", "59033 LILLE CEDEX"},
		salutation: "Madame, Monsieur,",
		object:     "Demande d’information des conseillers municipaux relative à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"article L. 2121-13 du code général des collectivités territoriales",
			"article L. 2121-19 du code général des collectivités territoriales",
			"article L. 311-1 du code des relations entre le public et l’administration",
		},
		closing:    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de notre haute considération.",
		signatures: []string{"Claire Dufour", "Karim Benali"},
	},
	{
		procedure:  procedures.CommissionVideoprotection,
		input:      "testdata/golden/lille-association.json",
		golden:     "testdata/golden/lille-association-commission-videoprotection.txt",
		recipient:  []string{"Commission départementale", "de vidéoprotection", "Préfecture du Nord", "[Numéro et voie à compléter]", "[CODE POSTAL ET VILLE À COMPLÉTER]"},
		salutation: "Madame, Monsieur,",
		object:     "Saisine de la commission départementale de vidéoprotection relative à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"article L. 253-5 du code de la sécurité intérieure",
			"article L. 252-1 du code de la sécurité intérieure",
		},
		closing:    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de notre haute considération.",
		signatures: []string{"Jean Dupré", "Sophie Lemaire"},
	},
	{
		procedure:  procedures.DemandeCessation,
		input:      "testdata/golden/lille-resident-crpa.json",
		golden:     "testdata/golden/lille-resident-crpa-demande-cessation.txt",
		recipient:  []string{"Mairie de Lille", "Place Augustin Laurent", "CS 30667", "59033 LILLE CEDEX"},
		salutation: "Madame, Monsieur,",
		object:     "Demande de confirmation de la cessation de l’utilisation du logiciel BriefCam et d’effacement des données qui en sont issues",
		citations: []string{
			"article L. 231-4 du code des relations entre le public et l’administration",
			"article R. 421-1 du code de justice administrative",
			"article R. 251-1 du code de la sécurité intérieure",
		},
		closing:    "Je vous prie d’agréer, Madame, Monsieur, l’expression de ma haute considération.",
		signatures: []string{"Camille Martin"},
	},
	{
		procedure:  procedures.PlainteCollectiveCNIL,
		input:      "testdata/golden/lille-association.json",
		mandants:   "testdata/golden/lille-mandants.csv",
		golden:     "testdata/golden/lille-association-plainte-collective-cnil.txt",
		recipient:  []string{"Madame la Présidente de la CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"},
		salutation: "Madame la Présidente,",
		object:     "Plainte collective, au nom de 3 personnes, relative à l’utilisation du logiciel BriefCam par la commune de Lille",
		citations: []string{
			"article 80, paragraphe 1, du RGPD",
			"article 77 du RGPD",
			"article 35 du RGPD",
		},
		closing:    "Nous vous prions d’agréer, Madame la Présidente, l’expression de notre haute considération.",
		signatures: []string{"Jean Dupré", "Sophie Lemaire"},
	},
	{
		// Without a list, the blank form a resident fills in and signs by hand.
		procedure:  procedures.Mandat,
		input:      "testdata/golden/lille-association.json",
		golden:     "testdata/golden/lille-association-mandat.txt",
		recipient:  []string{"Association Vigilance Libertés Lille", "5 rue des Arts", "59000 LILLE"},
		object:     "Mandat pour introduire une réclamation auprès de la CNIL (article 80, paragraphe 1, du RGPD)",
		citations:  []string{"article 80, paragraphe 1, du RGPD", "article 77 du RGPD"},
		signatures: []string{"Signature", "précédée de la mention « Bon pour mandat »"},
		placeDate:  "Fait à ……………………………………………, le ……………………………………………",
	},
}

// args is the render command line of the case (without --format).
func (pc procCase) args() []string {
	a := []string{"render", "--procedure", pc.procedure, "--date", letterDate}
	if pc.mandants != "" {
		a = append(a, "--mandants", pc.mandants)
	}
	return a
}

// pageOne is the first page's number as pdftotext prints it: « 1/3 » alone on its line.
var pageOne = regexp.MustCompile(`(?m)^1/[1-9][0-9]*$`)

// fold replaces every run of white space (including U+00A0 and U+202F) with one plain space.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// A new procedure fails here until a case, a golden and its PDF expectations are added to procCases.
func TestEveryProcedureHasAGolden(t *testing.T) {
	covered := map[string]bool{}
	for _, pc := range procCases {
		if _, ok := procedures.Get(pc.procedure); !ok {
			t.Errorf("procCases lists %q, which procedures.All() does not know", pc.procedure)
		}
		covered[pc.procedure] = true
	}
	for _, p := range procedures.All() {
		if !covered[p.ID] {
			t.Errorf("procedure %q has no golden test: add a Lille case for its sender kind to procCases in procedures_test.go "+
				"(input under testdata/golden/, golden testdata/golden/<case>-%s.txt, PDF expectations), then run "+
				"go test ./cmd/saisine -run TestProcedureGolden -update and review the new golden", p.ID, p.ID)
		}
	}
}

// Each case checks clean for its procedure (warnings allowed), so the golden shows a letter a user can
// actually produce, and renders to the golden plain text.
func TestProcedureGolden(t *testing.T) {
	for _, pc := range procCases {
		t.Run(pc.procedure+"/"+filepath.Base(pc.input), func(t *testing.T) {
			if code, _, stderr := runCLI(t, "", "check", "--procedure", pc.procedure, "--today", letterDate, pc.input); code != exitOK {
				t.Fatalf("check --procedure %s %s: exit %d, want 0:\n%s", pc.procedure, pc.input, code, stderr)
			}
			code, stdout, stderr := runCLI(t, "", append(pc.args(), "--format", "txt", pc.input)...)
			if code != exitOK {
				t.Fatalf("render --procedure %s %s: exit %d:\n%s", pc.procedure, pc.input, code, stderr)
			}
			if *update {
				if err := os.WriteFile(pc.golden, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(pc.golden)
			if os.IsNotExist(err) {
				t.Fatalf("no golden %s for procedure %s: run go test ./cmd/saisine -run TestProcedureGolden -update and review it", pc.golden, pc.procedure)
			} else if err != nil {
				t.Fatal(err)
			}
			if stdout != string(want) {
				t.Errorf("%s: text differs from %s at line %d (run go test ./cmd/saisine -run TestProcedureGolden -update and review the diff)",
					pc.procedure, pc.golden, firstDiffLine(stdout, string(want)))
			}
		})
	}
}

// firstDiffLine is the 1-based number of the first line where got and want differ.
func firstDiffLine(got, want string) int {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return i + 1
		}
	}
	return min(len(g), len(w)) + 1
}

// The PDF, rendered through the CLI and read back with pdftotext, prints each part of the letter.
func TestProcedurePDFText(t *testing.T) {
	for _, pc := range procCases {
		t.Run(pc.procedure+"/"+filepath.Base(pc.input), func(t *testing.T) {
			if len(pc.citations) < 2 {
				t.Fatalf("procCases: %s needs at least two citations to check", pc.procedure)
			}
			code, pdf, stderr := runCLI(t, "", append(pc.args(), "--format", "pdf", pc.input)...)
			if code != exitOK {
				t.Fatalf("render --procedure %s --format pdf %s: exit %d:\n%s", pc.procedure, pc.input, code, stderr)
			}
			if !bytes.HasPrefix([]byte(pdf), []byte("%PDF-")) {
				t.Fatalf("%s: output is not a PDF", pc.procedure)
			}
			raw := pdftest.Text(t, []byte(pdf))
			text := fold(raw)
			has := func(what, s string) {
				t.Helper()
				if !strings.Contains(text, fold(s)) {
					t.Errorf("%s: PDF text lacks the %s %q", pc.procedure, what, s)
				}
			}
			// The recipient block is printed as such: its lines in order, one after the other.
			has("recipient block", strings.Join(pc.recipient, " "))
			has("salutation", pc.salutation)
			has("object", "Objet : "+pc.object)
			for _, c := range pc.citations {
				has("citation", c)
			}
			has("closing", pc.closing)
			for _, s := range pc.signatures {
				has("signature", s)
			}
			placeDate := pc.placeDate
			if placeDate == "" {
				placeDate = "Lille, le 27 novembre 2026"
			}
			has("place and date", placeDate)
			// Page numbering « 1/N » on the first page, and French typography.
			// (A bare « 1/ » would also match the URLs of the bordereau: the number stands on its own line.)
			if !pageOne.MatchString(raw) {
				t.Errorf("%s: PDF text lacks the page number « 1/N » on a line of its own", pc.procedure)
			}
			for _, typo := range []string{"« ", " »", "’"} {
				if !strings.Contains(text, typo) {
					t.Errorf("%s: PDF text lacks %q", pc.procedure, typo)
				}
			}
			if strings.Contains(raw, "'") {
				t.Errorf("%s: PDF text has a straight apostrophe; the letters use ’", pc.procedure)
			}
		})
	}
}
