package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saisine/internal/pdftest"
)

const (
	associationCase = "testdata/golden/lille-association.json"
	goodMandants    = "testdata/golden/lille-mandants.csv"
	sampleMandants  = "../../../shared/cases/mandants-sample.csv"
)

// The shared sample has three bad rows (lines 6, 7, 8): the list is refused as a whole, each bad row
// named, and no file is written.
func TestRenderMandantsRefusesBadRows(t *testing.T) {
	if _, err := os.Stat(sampleMandants); err != nil {
		t.Skip("../shared/cases is not beside the repository")
	}
	out := filepath.Join(t.TempDir(), "plainte.pdf")
	code, _, stderr := runCLI(t, "", "render", "--procedure", "plainte-collective-cnil", "--date", letterDate,
		"--mandants", sampleMandants, associationCase, "-o", out)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d:\n%s", code, exitInvalid, stderr)
	}
	for _, want := range []string{"ligne 6: postal_code: ", "ligne 7: email: ", "ligne 8: signed_on: ", "3 lignes refusées sur 7"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused list still wrote %s", out)
	}
}

// --skip-invalid keeps the valid rows, says what it skipped, and the filing holds exactly them: the
// annex lists the four valid mandants and one mandate page follows for each.
func TestRenderCollectiveSkipInvalid(t *testing.T) {
	if _, err := os.Stat(sampleMandants); err != nil {
		t.Skip("../shared/cases is not beside the repository")
	}
	out := filepath.Join(t.TempDir(), "plainte.pdf")
	code, _, stderr := runCLI(t, "", "render", "--procedure", "plainte-collective-cnil", "--date", letterDate,
		"--mandants", sampleMandants, "--skip-invalid", associationCase, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "3 lignes ignorées sur 7 (--skip-invalid)") || !strings.Contains(stderr, "ligne 7: email: ") {
		t.Errorf("stderr does not report the skipped rows:\n%s", stderr)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := fold(pdftest.Text(t, pdf))
	for _, want := range []string{
		"Plainte collective, au nom de 4 personnes",
		"1. LEFÈVRE Inès — Lille — mandat du 2 octobre 2026",
		"2. DUBŒUF Benoît — Lille — mandat du 3 octobre 2026",
		"3. N’DIAYE Zoé — Lille — mandat du 3 octobre 2026",
		"4. MARTIN-LOPEZ Alex — Lille — mandat du 5 octobre 2026",
		"Je soussignée, Madame Inès Lefèvre",
		"Je soussigné(e), Alex Martin-Lopez",
	} {
		if !strings.Contains(text, fold(want)) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, refused := range []string{"Roussel", "Petit", "Connell"} {
		if strings.Contains(text, refused) {
			t.Errorf("PDF names %s, whose row was refused", refused)
		}
	}
	if n := strings.Count(text, "Objet : Mandat pour introduire"); n != 4 {
		t.Errorf("%d mandates in the filing, want 4", n)
	}
}

// One mandate per page, in the order of the list.
func TestRenderMandatesPDF(t *testing.T) {
	code, pdf, stderr := runCLI(t, "", "render", "--procedure", "mandat", "--mandants", goodMandants, associationCase)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if n := pdftest.Pages(t, []byte(pdf)); n != 3 {
		t.Errorf("%d pages, want one per mandant (3)", n)
	}
	text := fold(pdftest.Text(t, []byte(pdf)))
	a, b, c := strings.Index(text, "Inès Lefèvre"), strings.Index(text, "Benoît Dubœuf"), strings.Index(text, "Alex Martin-Lopez")
	if a < 0 || b < a || c < b {
		t.Errorf("mandates missing or out of order (%d, %d, %d)", a, b, c)
	}
	// The same list gives the same bytes: a mandate is dated by its signature.
	_, again, _ := runCLI(t, "", "render", "--procedure", "mandat", "--mandants", goodMandants, associationCase)
	if again != pdf {
		t.Error("two renders of the same mandates differ")
	}
}

func TestRenderMandatesZip(t *testing.T) {
	out := filepath.Join(t.TempDir(), "mandats.zip")
	code, _, stderr := runCLI(t, "", "render", "--procedure", "mandat", "--mandants", goodMandants, associationCase, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mandat-0001-lefevre-ines.pdf", "mandat-0002-duboeuf-benoit.pdf", "mandat-0003-martin-lopez-alex.pdf"}
	if len(zr.File) != len(want) {
		t.Fatalf("%d files in the zip, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		if f.Name != want[i] {
			t.Errorf("file %d is %q, want %q", i, f.Name, want[i])
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		if n := pdftest.Pages(t, b.Bytes()); n != 1 {
			t.Errorf("%s: %d pages, want 1", f.Name, n)
		}
	}
}

func TestRenderMandantsUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--procedure", "plainte-collective-cnil", associationCase}, "plainte-collective-cnil exige la liste des mandants : --mandants FICHIER.csv"},
		{[]string{"--procedure", "plainte-cnil", "--mandants", goodMandants, associationCase}, "--mandants ne sert qu’aux procédures mandat et plainte-collective-cnil"},
		{[]string{"--procedure", "mandat", "--skip-invalid", associationCase}, "--skip-invalid s’emploie avec --mandants"},
		{[]string{"--procedure", "mandat", "--format", "zip", associationCase}, "--format zip donne un PDF par mandant"},
		{[]string{"--procedure", "plainte-collective-cnil", "--format", "zip", "--mandants", goodMandants, associationCase}, "--format zip donne un PDF par mandant"},
		{[]string{"--procedure", "mandat", "--format", "txt", "--mandants", goodMandants, associationCase}, "les mandats se rendent en PDF"},
		{[]string{"--procedure", "mandat", "--bundle", "--mandants", goodMandants, associationCase}, "les mandats n’en ont pas"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"render"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("render %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr, exitUsage, tc.want)
		}
	}
}

// A Latin-1 list is refused with the encoding explained, before anything is rendered.
func TestRenderMandantsLatin1(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "latin1.csv")
	data := "civility,first_name,last_name,street,complement,postal_code,city,email,signed_on\nMadame,In\xe8s,Lef\xe8vre,3 rue de la Clef,,59800,Lille,,2026-10-02\n"
	if err := os.WriteFile(csv, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", "render", "--procedure", "mandat", "--mandants", csv, associationCase)
	if code != exitInvalid || !strings.Contains(stderr, "n’est pas en UTF-8") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
