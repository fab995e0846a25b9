package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"saisine/handlers"
)

// encryptedLille writes testdata/lille.json encrypted with pass (scrypt 2^10: the CLI accepts any
// factor up to 18) and returns its path.
func encryptedLille(t *testing.T, pass string) string {
	t.Helper()
	plain, err := os.ReadFile("testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	enc, err := handlers.EncryptCaseFile(context.Background(), plain, pass, 10)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dossier.json.age")
	if err := os.WriteFile(path, enc, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEncryptedCaseFile: check and render read a .json.age case file with --passphrase-file and give
// what they give for the plain file; without it, or with a wrong passphrase, a clear usage error.
func TestEncryptedCaseFile(t *testing.T) {
	const pass = "cheval agrafe pile correcte"
	enc := encryptedLille(t, pass)
	passFile := writeTemp(t, "phrase", pass+"\n")
	crlf := writeTemp(t, "phrase-crlf", pass+"\r\nautre ligne\r\n")

	code, _, stderr := runCLI(t, "", "check", "--procedure", "plainte-cnil", "testdata/lille.json")
	wantCode := code
	for _, pf := range []string{passFile, crlf} {
		code, _, gotErr := runCLI(t, "", "check", "--procedure", "plainte-cnil", "--passphrase-file", pf, enc)
		if code != wantCode || gotErr != stderr {
			t.Errorf("check of the encrypted file: %d %q, want %d %q", code, gotErr, wantCode, stderr)
		}
	}
	// The passphrase from standard input, the case file from a path.
	if code, _, _ := runCLI(t, pass+"\n", "check", "--procedure", "plainte-cnil", "--passphrase-file", "-", enc); code != wantCode {
		t.Errorf("passphrase on stdin: %d", code)
	}
	_, plainTxt, _ := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--format", "txt", "--date", "2026-11-27", "testdata/lille.json")
	code, encTxt, errs := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--format", "txt", "--date", "2026-11-27", enc, "--passphrase-file", passFile)
	if code != 0 || encTxt != plainTxt || plainTxt == "" {
		t.Errorf("render of the encrypted file: %d %s (same text: %v)", code, errs, encTxt == plainTxt)
	}
	// The case file read from standard input.
	encBytes, _ := os.ReadFile(enc)
	if code, _, errs := runCLI(t, string(encBytes), "check", "--passphrase-file", passFile, "-"); code != wantCode && code != 0 {
		t.Errorf("encrypted case on stdin: %d %s", code, errs)
	}

	wrong := writeTemp(t, "faux", "pas la bonne phrase\n")
	empty := writeTemp(t, "vide", "\n")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no passphrase file", []string{"check", enc}, "--passphrase-file"},
		{"no passphrase file, render", []string{"render", "--procedure", "plainte-cnil", "--format", "txt", enc}, "--passphrase-file"},
		{"wrong passphrase", []string{"check", "--passphrase-file", wrong, enc}, "phrase de passe incorrecte"},
		{"wrong passphrase, English", []string{"check", "--lang", "en", "--passphrase-file", wrong, enc}, "wrong passphrase"},
		{"empty passphrase file", []string{"check", "--passphrase-file", empty, enc}, "première ligne est vide"},
		{"missing passphrase file", []string{"check", "--passphrase-file", filepath.Join(t.TempDir(), "absent"), enc}, "phrase de passe"},
		{"both on stdin", []string{"check", "--passphrase-file", "-", "-"}, "entrée standard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdin := ""
			if c.name == "both on stdin" {
				stdin = string(encBytes)
			}
			code, _, stderr := runCLI(t, stdin, c.args...)
			if code != exitUsage || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, c.want)
			}
			if strings.Contains(stderr, "pas la bonne phrase") {
				t.Error("the passphrase is printed")
			}
		})
	}

	// A work factor above 18 is refused before any scrypt work.
	big := regexp.MustCompile(`(?m)^(-> scrypt \S+) \d+$`).ReplaceAll(encBytes, []byte("${1} 24"))
	bigPath := writeTemp(t, "gros.json.age", string(big))
	if code, _, stderr := runCLI(t, "", "check", "--passphrase-file", passFile, bigPath); code != exitUsage || !strings.Contains(stderr, "facteur de travail scrypt") {
		t.Errorf("work factor 24: %d %q", code, stderr)
	}
	if bytes.Equal(big, encBytes) {
		t.Fatal("the work factor was not rewritten")
	}
}
