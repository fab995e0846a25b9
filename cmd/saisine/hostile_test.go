package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saisine/letters/bundle/bundletest"
	"saisine/letters/mandants"
)

// Hostile input on the command line: a case file or a mandants list that someone crafted, or a file
// that is not one at all. Each must give exit 1 (invalid input) or 2 (usage, unreadable) with a
// message on stderr, or exactly the documented output; never a panic, a partial PDF or a hang. Big
// inputs are generated here, not committed.

// lilleWith is testdata/lille.json with one value replaced (path in dots, numbers for list items).
func lilleWith(t *testing.T, path string, v any) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, "testdata/lille.json")), &m); err != nil {
		t.Fatal(err)
	}
	var cur any = m
	parts := strings.Split(path, ".")
	for i, p := range parts {
		switch node := cur.(type) {
		case map[string]any:
			if i == len(parts)-1 {
				node[p] = v
			}
			cur = node[p]
		case []any:
			var n int
			fmt.Sscan(p, &n)
			if i == len(parts)-1 {
				node[n] = v
			}
			cur = node[n]
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func nested(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

func zipOf(t *testing.T, name string, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, size))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHostileCaseFiles: check and render on case files nobody should write.
func TestHostileCaseFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	zipCase := write("bomb.json", zipOf(t, "dossier.json", 50<<20))
	pdfCase := write("lettre.json", bundletest.PDF("x"))
	var keys strings.Builder
	keys.WriteString(`{"version":1`)
	for i := range 5000 {
		fmt.Fprintf(&keys, `,"k%d":1`, i)
	}
	keys.WriteString("}")

	check := []string{"check", "--today", "2026-11-27", "-"}
	render := []string{"render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--format", "txt", "-"}
	for _, c := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  []string // in stderr
		lines int      // when > 0, the number of lines on stderr
	}{
		{"empty stdin", check, "", exitInvalid, []string{"(dossier): "}, 0},
		{"100000 nested arrays", check, nested(100000), exitInvalid, []string{"(dossier): ", "JSON"}, 1},
		{"9999 nested objects in an unknown field", check, `{"version":1,"x":` + strings.Repeat(`{"a":`, 9999) + "1" + strings.Repeat("}", 9999) + "}", exitInvalid, []string{"x: "}, 1},
		{"invalid UTF-8", check, "{\"version\":1,\"sender\":{\"last_name\":\"\xe9\"}}", exitInvalid, []string{"UTF-8"}, 1},
		{"UTF-16", check, "\xff\xfe{\x00}\x00", exitInvalid, []string{"UTF-8"}, 1},
		{"raw NUL", check, "{\"version\":1,\x00}", exitInvalid, []string{"(dossier): "}, 1},
		{"10 MB field", check, lilleWith(t, "facts.where_filmed", strings.Repeat("a", 10<<20)), exitInvalid, []string{"1\u202fMio"}, 1},
		{"zip bomb as a case file", []string{"check", zipCase}, "", exitInvalid, []string{"UTF-8"}, 1},
		{"PDF as a case file", []string{"check", pdfCase}, "", exitInvalid, []string{"UTF-8"}, 1},
		{"a directory", []string{"check", dir}, "", exitInvalid, []string{"(dossier): "}, 1},
		{"endless input", []string{"check", "/dev/zero"}, "", exitInvalid, []string{"1\u202fMio"}, 1},
		{"5000 unknown fields", check, keys.String(), exitInvalid, []string{"k4999: "}, 5000},
		{"wrong types", check, `{"version":"1","sender":[],"requests":{}}`, exitInvalid, []string{"version: "}, 1},
		{"version 2", check, `{"version":2}`, exitInvalid, []string{"version: "}, 1},
		{"emoji", check, lilleWith(t, "sender.last_name", "😀"), exitInvalid, []string{"sender.last_name: ", "U+1F600"}, 1},
		{"emoji, English", append([]string{"check", "--lang", "en"}, check[1:]...), lilleWith(t, "sender.last_name", "😀"), exitInvalid, []string{"character", "U+1F600"}, 1},
		{"escaped NUL", check, lilleWith(t, "sender.last_name", "a\x00b"), exitInvalid, []string{"U+0000"}, 1},
		{"Arabic", check, lilleWith(t, "facts.where_filmed", "مرحبا"), exitInvalid, []string{"U+0645"}, 1},
		{"line separator in a name", check, lilleWith(t, "sender.last_name", "a\u2028b"), exitInvalid, []string{"sender.last_name: "}, 1},
		{"RLO is dropped", check, lilleWith(t, "sender.last_name", "Mar\u202etin"), exitOK, nil, 0},
		{"combining accent", check, lilleWith(t, "sender.last_name", "Me\u0301lanie"), exitOK, nil, 0},
		{"render refuses an emoji", render, lilleWith(t, "sender.last_name", "😀"), exitInvalid, []string{"sender.last_name: ", "U+1F600"}, 0},
		{"render, unknown procedure", []string{"render", "--procedure", "../../etc/passwd", "-"}, "{}", exitUsage, []string{"procédure inconnue"}, 0},
		{"render, impossible date", []string{"render", "--procedure", "plainte-cnil", "--date", "2026-02-30", "-"}, "{}", exitUsage, []string{"--date"}, 0},
		{"render, NUL in a flag", []string{"render", "--procedure", "plainte-cnil", "--today\x00", "-"}, "{}", exitUsage, nil, 0},
		{"render into a missing folder", []string{"render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "-o", filepath.Join(dir, "nope", "x.pdf"), "-"},
			readFile(t, "testdata/lille.json"), exitUsage, []string{"nope"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.stdin, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr:\n%.500s", code, c.code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not contain %q:\n%.500s", w, stderr)
				}
			}
			if c.lines > 0 {
				if n := strings.Count(stderr, "\n"); n != c.lines {
					t.Errorf("%d lines on stderr, want %d", n, c.lines)
				}
			}
			if c.code != exitOK && stdout != "" {
				t.Errorf("output written for refused input: %.80q", stdout)
			}
		})
	}

	t.Run("RLO does not reach the letter", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, lilleWith(t, "sender.last_name", "Mar\u202etin"), render...)
		if code != exitOK || strings.ContainsRune(stdout, '\u202e') || !strings.Contains(stdout, "Camille Martin") {
			t.Errorf("exit %d: %s\n%.200s", code, stderr, stdout)
		}
	})
}

// TestHostileExhibitFiles: render --bundle with files that are not exhibits.
func TestHostileExhibitFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("bomb.pdf", zipOf(t, "x", 100<<20))
	write("page.html", []byte("<!DOCTYPE html><script>alert(1)</script>"))
	write("polyglot.pdf", append(bundletest.PDF("x"), zipOf(t, "x", 1<<20)...))
	big, err := os.Create(filepath.Join(dir, "big.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(11 << 20) // sparse: refused on its size before being read
	big.Close()
	os.Mkdir(filepath.Join(dir, "folder"), 0o700)

	for _, c := range []struct {
		name, file string
		code       int
		want       string
	}{
		{"zip bomb named .pdf", "bomb.pdf", exitInvalid, "ZIP"},
		{"HTML page", "page.html", exitInvalid, "HTML"},
		{"11 MB", "big.pdf", exitInvalid, "exhibits[0].file: "},
		{"a folder", "folder", exitInvalid, "exhibits[0].file: "},
		{"a device", "/dev/zero", exitInvalid, "exhibits[0].file: "},
		{"outside the folder", "../../../../../../nope.pdf", exitInvalid, "exhibits[0].file: "},
		{"PDF then ZIP", "polyglot.pdf", exitOK, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			casePath := filepath.Join(dir, "case.json")
			if err := os.WriteFile(casePath, []byte(lilleWith(t, "exhibits.0.file", c.file)), 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out.pdf")
			os.Remove(out)
			code, _, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--bundle", "-o", out, casePath)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, want %d with %q; stderr:\n%s", code, c.code, c.want, stderr)
			}
			b, err := os.ReadFile(out)
			switch {
			case c.code != exitOK && err == nil:
				t.Error("a PDF was written for refused exhibits")
			case c.code == exitOK && (err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || bytes.Contains(b, []byte("PK\x03\x04"))):
				t.Errorf("bundle: %v, %.20q", err, b)
			}
		})
	}
}

const mandantsHead = "civility,first_name,last_name,street,complement,postal_code,city,email,signed_on\n"

// TestHostileMandants: mandants lists from a spreadsheet someone prepared with care, or with malice.
func TestHostileMandants(t *testing.T) {
	dir := t.TempDir()
	row := "Madame,Léa,Martin,1 rue Nationale,,59000,Lille,lea@example.org,2026-10-02\n"
	latin1 := mandantsHead + "Madame,L\xe9a,Martin,1 rue Nationale,,59000,Lille,,2026-10-02\n"
	utf16 := "\xff\xfec\x00i\x00v\x00"
	args := []string{"mandants", "check", "--today", "2026-11-27", "-"}
	for _, c := range []struct {
		name, stdin string
		code        int
		want        string
	}{
		{"header only", mandantsHead, exitInvalid, "aucun mandant"},
		{"empty", "", exitInvalid, "vide"},
		{"Latin-1", latin1, exitInvalid, "0xE9"},
		{"UTF-16", utf16, exitInvalid, "UTF-8"},
		{"zip bomb", string(zipOf(t, "mandants.csv", 10<<20)), exitInvalid, "-: "},
		{"PDF", string(bundletest.PDF("x")), exitInvalid, "-: "},
		{"unterminated quote", mandantsHead + "Madame,\"Léa,Martin\n", exitInvalid, "guillemets"},
		{"missing cells", mandantsHead + "Madame,Léa\n", exitInvalid, "cellules"},
		{"100 cells", mandantsHead + strings.Repeat("a,", 99) + "a\n", exitInvalid, "100 cellules"},
		{"header of a bank export", "date;libellé;montant\n", exitInvalid, "en-tête"},
		{"emoji", mandantsHead + strings.Replace(row, "Léa", "Léa😀", 1), exitInvalid, "U+1F600"},
		{"NUL", mandantsHead + strings.Replace(row, "Léa", "L\x00a", 1), exitInvalid, "U+0000"},
		{"line break in a quoted cell", mandantsHead + strings.Replace(row, "Léa", "\"L\néa\"", 1), exitInvalid, "ligne 2: first_name: "},
		{"10 MB cell", mandantsHead + strings.Replace(row, "Léa", strings.Repeat("a", 10<<20), 1), exitInvalid, "38"},
		{"RLO is dropped", mandantsHead + strings.Replace(row, "Martin", "Mar\u202etin", 1), exitOK, ""},
		{"javascript: e-mail", mandantsHead + strings.Replace(row, "lea@example.org", "javascript:alert(1)", 1), exitInvalid, "email: "},
		{"future signature", mandantsHead + strings.Replace(row, "2026-10-02", "2099-01-01", 1), exitInvalid, "signed_on: "},
		{"impossible date", mandantsHead + strings.Replace(row, "2026-10-02", "2026-02-30", 1), exitInvalid, "signed_on: "},
		{"10000 rows", mandantsHead + strings.Repeat(row, 10000), exitOK, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			code, stdout, stderr := runCLI(t, c.stdin, args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, want %d with %q; stderr:\n%.500s", code, c.code, c.want, stderr)
			}
			if c.code == exitOK && !strings.Contains(stdout, "valide") {
				t.Errorf("stdout %q", stdout)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}

	// Cells a spreadsheet would take for formulas are kept as the text they are: the CSV export
	// escapes them, the reader does not interpret nor change them.
	t.Run("formula cells", func(t *testing.T) {
		csv := mandantsHead +
			`Madame,=SUM(A1:A9),+33612345678,-1 rue de la Gare,@SUM(A1),59000,Lille,,2026-10-02` + "\n" +
			`Monsieur,"=HYPERLINK(""http://x"")",=1+1,"=CMD|' /C calc'!A0",,59000,=Lille,,2026-10-02` + "\n"
		path := filepath.Join(dir, "formules.csv")
		if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCLI(t, "", "mandants", "check", "--today", "2026-11-27", path)
		if code != exitOK || !strings.Contains(stdout, "2 mandants valides") {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
		ms, ps, err := mandants.Read(strings.NewReader(csv), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
		if err != nil || len(ps) > 0 || len(ms) != 2 {
			t.Fatalf("%v %+v", err, ps)
		}
		got := [][]string{
			{ms[0].FirstName, ms[0].LastName, ms[0].Street, ms[0].Complement},
			{ms[1].FirstName, ms[1].LastName, ms[1].Street, ms[1].City},
		}
		want := [][]string{
			{"=SUM(A1:A9)", "+33612345678", "-1 rue de la Gare", "@SUM(A1)"},
			{`=HYPERLINK("http://x")`, "=1+1", "=CMD|' /C calc'!A0", "=Lille"},
		}
		for i := range want {
			for j := range want[i] {
				if got[i][j] != want[i][j] {
					t.Errorf("cell %q read as %q", want[i][j], got[i][j])
				}
			}
		}
	})
}
