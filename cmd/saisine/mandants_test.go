package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const mandantsSample = "../../letters/mandants/testdata/mandants-sample.csv"

func TestMandantsCheckSample(t *testing.T) {
	code, out, errOut := runCLI(t, "", "mandants", "check", "--today", "2026-11-27", mandantsSample)
	if code != exitInvalid || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	want := []string{
		"ligne 6: postal_code: Le code postal doit comporter 5 chiffres",
		"ligne 7: email: L’adresse électronique du mandant n’est pas valide",
		"ligne 8: signed_on: La date de signature du mandat (1er janvier 2031) est postérieure",
		"3 lignes refusées sur 7",
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr:\n%s", errOut)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], w)
		}
	}

	code, _, errOut = runCLI(t, "", "mandants", "check", "--lang", "en", "--today", "2026-11-27", mandantsSample)
	if code != exitInvalid || !strings.HasPrefix(errOut, "line 6: postal_code: The postcode must have 5 digits") ||
		!strings.HasSuffix(errOut, "\n3 rows refused out of 7\n") {
		t.Errorf("en: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestMandantsCheckValid(t *testing.T) {
	data, err := os.ReadFile(mandantsSample)
	if err != nil {
		t.Fatal(err)
	}
	valid := strings.Join(strings.Split(string(data), "\n")[:5], "\n") + "\n"
	code, out, errOut := runCLI(t, valid, "mandants", "check", "--today", "2026-11-27", "-")
	if code != exitOK || out != "4 mandants valides\n" || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, strings.ReplaceAll(valid, ",", ";"), "mandants", "check", "--lang", "en", "--today", "2026-11-27", "-")
	if code != exitOK || out != "4 valid mandants\n" {
		t.Errorf("semicolons: exit %d, stdout %q", code, out)
	}
}

func TestMandantsCheckErrors(t *testing.T) {
	dir := t.TempDir()
	latin1 := filepath.Join(dir, "latin1.csv")
	head := "civility,first_name,last_name,street,complement,postal_code,city,email,signed_on\n"
	if err := os.WriteFile(latin1, []byte(head+"Madame,In\xe8s,Lef\xe8vre,3 rue X,,59800,Lille,,2026-10-02\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "", "mandants", "check", latin1)
	if code != exitInvalid || !strings.HasPrefix(errOut, latin1+": Le fichier n’est pas en UTF-8") || !strings.Contains(errOut, "«\u202fCSV UTF-8\u202f»") {
		t.Errorf("latin-1: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "civility,first_name\n", "mandants", "check", "-")
	if code != exitInvalid || !strings.Contains(errOut, "«\u202flast_name\u202f»") {
		t.Errorf("missing columns: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, head, "mandants", "check", "-")
	if code != exitInvalid || !strings.Contains(errOut, "aucun mandant") {
		t.Errorf("no rows: exit %d, stderr %q", code, errOut)
	}
	for _, args := range [][]string{
		{"mandants"},
		{"mandants", "list", "x.csv"},
		{"mandants", "check"},
		{"mandants", "check", "a.csv", "b.csv"},
		{"mandants", "check", "--today", "27/11/2026", "a.csv"},
		{"mandants", "check", "--lang", "de", "a.csv"},
		{"mandants", "check", filepath.Join(dir, "absent.csv")},
	} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}
