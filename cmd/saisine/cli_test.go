package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saisine/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs the command in-process and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExitCodesAndMessages(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		inStderr []string
	}{
		{"no such command", []string{"frobnicate"}, "", exitUsage, []string{"commande inconnue « frobnicate »"}},
		{"render without procedure", []string{"render", "testdata/lille.json"}, "", exitUsage, []string{"--procedure est obligatoire"}},
		{"unknown procedure", []string{"render", "--procedure", "plainte-nulle", "testdata/lille.json"}, "", exitUsage, []string{"procédure inconnue « plainte-nulle »", "plainte-cnil"}},
		{"bad format", []string{"render", "--procedure", "plainte-cnil", "--format", "docx", "testdata/lille.json"}, "", exitUsage, []string{"--format attend pdf, txt, html ou zip"}},
		{"bad date", []string{"render", "--procedure", "plainte-cnil", "--date", "27/11/2026", "testdata/lille.json"}, "", exitUsage, []string{"--date attend une date AAAA-MM-JJ"}},
		{"missing file", []string{"check", "testdata/nope.json"}, "", exitUsage, []string{"impossible de lire le dossier « testdata/nope.json »"}},
		{"malformed json on stdin", []string{"check", "-"}, "{\"version\": 1,", exitInvalid, []string{"(dossier): "}},
		{"valid case", []string{"check", "--today", "2026-11-27", "testdata/lille.json"}, "", exitOK, nil},
		{"valid for plainte-cnil, with a warning", []string{"check", "--procedure", "plainte-cnil", "--today", "2026-11-27", "testdata/lille.json"}, "", exitOK,
			[]string{"prior_steps: avertissement : Aucune démarche préalable auprès de la commune n’est indiquée."}},
		{"resident cannot send signalement", []string{"check", "--procedure", "signalement-cnil", "--today", "2026-11-27", "testdata/lille.json"}, "", exitInvalid, []string{"sender.kind: "}},
		{"bad lang", []string{"check", "--lang", "de", "testdata/lille.json"}, "", exitUsage, []string{"langue inconnue « de »"}},
		{"example unknown", []string{"example", "nope"}, "", exitUsage, []string{"procédure inconnue « nope »"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, want := range tt.inStderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if tt.code == exitOK && tt.inStderr == nil && stderr != "" {
				t.Errorf("a valid case should print nothing on stderr, got:\n%s", stderr)
			}
		})
	}
}

// An invalid case gets one « path: message » line per problem, in French by default and in English
// with --lang en, and nothing is written to the output file.
func TestCheckReportsPathAndMessage(t *testing.T) {
	var c map[string]any
	if err := json.Unmarshal([]byte(readFile(t, "testdata/lille.json")), &c); err != nil {
		t.Fatal(err)
	}
	c["sender"].(map[string]any)["address"].(map[string]any)["postal_code"] = "5900"
	bad, _ := json.Marshal(c)

	code, _, fr := runCLI(t, string(bad), "check", "-")
	if code != exitInvalid || !strings.HasPrefix(fr, "sender.address.postal_code: ") {
		t.Fatalf("fr: code %d, stderr:\n%s", code, fr)
	}
	code, _, en := runCLI(t, string(bad), "check", "--lang", "en", "-")
	if code != exitInvalid || !strings.HasPrefix(en, "sender.address.postal_code: ") || en == fr {
		t.Fatalf("en: code %d, stderr:\n%s", code, en)
	}

	out := filepath.Join(t.TempDir(), "lettre.pdf")
	code, _, _ = runCLI(t, string(bad), "render", "--procedure", "plainte-cnil", "-", "-o", out)
	if code != exitInvalid {
		t.Fatalf("render of an invalid case: exit %d, want %d", code, exitInvalid)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("render of an invalid case left %s behind", out)
	}
}

// The documented command: flags after the case file, output file chosen with -o.
func TestRenderLillePDF(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.pdf")
	code, stdout, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "testdata/lille.json", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout should be empty when -o is given")
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	// pdftotext breaks lines where the PDF does: compare with every run of white space folded to one space.
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
	for _, want := range []string{
		"3 place de Fontenoy",
		"TSA 80715",
		"75334 PARIS CEDEX 07",
		"Madame la Présidente,",
		"Lille, le 27 novembre 2026",
		"Lettre recommandée avec demande d’avis de réception",
		"article 35 du RGPD",
		"article 90 de la loi n° 78-17 du 6 janvier 1978",
		"Conseil d’État, 30 janvier 2026, Commune de Nice, n° 506370",
		"Médiacités",
		"21 novembre 2024",
		"Bordereau des pièces",
		"Article de Médiacités du 21 novembre 2024",
		// pdftotext turns U+202F into a plain space (poppler 22); the render package checks the glyph codes.
		"« ", " »", "’", "œ",
		"Je vous prie d’agréer, Madame la Présidente, l’expression de ma haute considération.",
		"1/",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// Same case, same date: byte-identical PDF.
func TestRenderIsDeterministic(t *testing.T) {
	var outs [2]string
	for i := range outs {
		code, stdout, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "testdata/lille.json")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		outs[i] = stdout
	}
	if outs[0] != outs[1] {
		t.Fatal("two renders of the same case and date differ")
	}
}

func TestFormatsFromExtension(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"l.txt", "l.html"} {
		out := filepath.Join(dir, name)
		if code, _, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "testdata/lille.json", "-o", out); code != exitOK {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		got := readFile(t, out)
		switch filepath.Ext(name) {
		case ".txt":
			if !strings.Contains(got, "Madame la Présidente,") || strings.Contains(got, "<") {
				t.Errorf("txt output is not the plain letter")
			}
		case ".html":
			if !strings.Contains(got, "<html") || !strings.Contains(got, "Pourquoi ce paragraphe") {
				t.Errorf("html output lacks the page or the explanations")
			}
			// The explanation says how each reference was verified: LIL art. 8 only through secondary sources.
			if !strings.Contains(got, "vérifié sur une source secondaire") || !strings.Contains(got, "référence revue le") {
				t.Errorf("html explanations do not state the verification status and review date")
			}
		}
	}
}

func TestListings(t *testing.T) {
	code, out, _ := runCLI(t, "", "procedures")
	if code != exitOK || !strings.Contains(out, "plainte-cnil") || !strings.Contains(out, "signalement-cnil") {
		t.Errorf("procedures: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "", "law")
	if code != exitOK || !strings.Contains(out, "lil-90") || !strings.Contains(out, "unverified") || !strings.Contains(out, "2026-11-27") {
		t.Errorf("law: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "", "schema")
	var schema map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &schema) != nil || schema["properties"] == nil {
		t.Errorf("schema: %d, not a JSON Schema", code)
	}
}

// Every example printed by `saisine example` passes `saisine check` for its procedure.
func TestExamplesAreValid(t *testing.T) {
	code, out, _ := runCLI(t, "", "procedures")
	if code != exitOK {
		t.Fatal("procedures failed")
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		id := strings.Fields(line)[0]
		code, example, stderr := runCLI(t, "", "example", id)
		if code != exitOK {
			t.Fatalf("example %s: %d %s", id, code, stderr)
		}
		if code, _, stderr := runCLI(t, example, "check", "--procedure", id, "-"); code != exitOK {
			t.Errorf("example %s does not pass check: %s", id, stderr)
		}
	}
}
