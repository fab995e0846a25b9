package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"saisine/letters/bundle"
	"saisine/letters/bundle/bundletest"

	"saisine/internal/pdftest"
)

// bundleExhibit is one exhibit of a test case file, with the file to write next to it (none if data is nil).
type bundleExhibit struct {
	title, file, sha256 string
	data                []byte
}

// bundleCase writes, under dir, the Lille case (testdata/lille.json) with the given exhibits after its
// own, and their files; it returns the case file's path.
func bundleCase(t *testing.T, dir, name string, exhibits ...bundleExhibit) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(readFile(t, "testdata/lille.json")), &c); err != nil {
		t.Fatal(err)
	}
	list := c["exhibits"].([]any)
	for _, ex := range exhibits {
		list = append(list, map[string]any{"title": ex.title, "date": "2025-02-03", "source": "", "file": ex.file, "sha256": ex.sha256})
		if ex.data != nil {
			path := ex.file
			if !filepath.IsAbs(path) {
				path = filepath.Join(dir, path)
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, ex.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	c["exhibits"] = list
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func bundlePages(t *testing.T, pdf []byte) int {
	t.Helper()
	n, err := api.PageCount(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the output: %v", err)
	}
	return n
}

func bundleSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// dirEntries lists a folder's names, to prove that a failed run leaves nothing behind (no output, no
// temporary file).
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestBundleRender(t *testing.T) {
	dir := t.TempDir()
	pdf := bundletest.PDF("Courrier de la mairie, page un", "Courrier de la mairie, page deux")
	png := bundletest.PNG(900, 600)
	jpg := bundletest.JPEG(600, 900, 85)
	casePath := bundleCase(t, dir, "dossier.json",
		bundleExhibit{"Courrier de la mairie du 3 février 2025", "pieces/courrier.pdf", "", pdf},
		bundleExhibit{"Photographie du panneau", "pieces/photo.png", bundleSum(png), png}, // a stated digest that matches
		bundleExhibit{"Capture d’écran", "pieces/capture.jpg", "", jpg},
	)
	outDir := t.TempDir()
	letterOut, bundleOut := filepath.Join(outDir, "lettre.pdf"), filepath.Join(outDir, "dossier-complet.pdf")
	code, _, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", casePath, "-o", letterOut)
	if code != exitOK {
		t.Fatalf("render: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--bundle", casePath, "-o", bundleOut)
	if code != exitOK || stdout != "" {
		t.Fatalf("render --bundle: exit %d, stdout %d bytes\n%s", code, len(stdout), stderr)
	}
	letter, got := []byte(readFile(t, letterOut)), []byte(readFile(t, bundleOut))
	if n, want := bundlePages(t, got), bundlePages(t, letter)+2+1+1; n != want {
		t.Errorf("the bundle has %d pages, want %d (the letter's %d + 2 + 1 + 1)", n, want, bundlePages(t, letter))
	}
	if names := dirEntries(t, outDir); len(names) != 2 {
		t.Errorf("output folder holds %v, want the two PDFs only", names)
	}
	text := pdftest.Text(t, got)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Madame la Présidente", "Bordereau des pièces communiquées", "Courrier de la mairie, page deux",
		"Pièce n° 3 — Photographie du panneau", "Pièce n° 4 — Capture d’écran"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the bundle's text lacks %q", want)
		}
	}
	// The bordereau prints each file's own digest, in the letter alone and in the bundle.
	for _, data := range [][]byte{pdf, png, jpg} {
		if sum := bundleSum(data); !strings.Contains(text, sum) || !strings.Contains(pdftest.Text(t, letter), sum) {
			t.Errorf("digest %s missing from the bordereau", sum)
		}
	}
}

// TestBundlePathsResolve: a relative file name starts from the case file's folder, whatever the
// current folder; from stdin, it starts from the current folder; an absolute name is used as it is.
func TestBundlePathsResolve(t *testing.T) {
	root := t.TempDir()
	abs := filepath.Join(t.TempDir(), "ailleurs.png")
	casePath := bundleCase(t, filepath.Join(root, "dossier"), "cas.json",
		bundleExhibit{"Photo", "pieces/photo.png", "", bundletest.PNG(40, 30)},
		bundleExhibit{"Photo ailleurs", abs, "", bundletest.PNG(30, 40)},
	)
	caseJSON := readFile(t, casePath)
	render := func(stdin string, args ...string) (int, string) {
		t.Helper()
		args = append([]string{"render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--bundle"}, args...)
		code, stdout, stderr := runCLI(t, stdin, args...)
		if code == exitOK && bundlePages(t, []byte(stdout)) < 3 {
			t.Errorf("%v: too few pages", args)
		}
		return code, stderr
	}
	// Current folder: root; case file named relative to it.
	t.Chdir(root)
	if code, stderr := render("", filepath.Join("dossier", "cas.json")); code != exitOK {
		t.Errorf("case file in a sub-folder: exit %d\n%s", code, stderr)
	}
	// From stdin, names start from the current folder: root has no pieces/ folder…
	code, stderr := render(caseJSON, "-")
	if code != exitInvalid || !strings.Contains(stderr, "exhibits[1].file: La pièce n°\u00a02\u202f: le fichier «\u202fpieces/photo.png\u202f» est introuvable") {
		t.Errorf("stdin from the wrong folder: exit %d\n%s", code, stderr)
	}
	// …the case's folder has.
	t.Chdir(filepath.Join(root, "dossier"))
	if code, stderr := render(caseJSON, "-"); code != exitOK {
		t.Errorf("stdin from the case's folder: exit %d\n%s", code, stderr)
	}
}

func TestBundleErrors(t *testing.T) {
	pdf := bundletest.PDF("page")
	tooMany := make([]bundleExhibit, bundle.MaxFiles+1)
	for i := range tooMany {
		tooMany[i] = bundleExhibit{"Photo " + strconv.Itoa(i), "p" + strconv.Itoa(i) + ".jpg", "", bundletest.JPEG(8, 8, 50)}
	}
	tests := []struct {
		name     string
		exhibits []bundleExhibit
		extra    []string // more arguments
		code     int
		stderr   []string
	}{
		{"missing file", []bundleExhibit{{"Courrier", "pieces/absent.pdf", "", nil}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02" + "\u202f: le fichier «\u202f", "pieces/absent.pdf\u202f» est introuvable"}},
		{"missing file, English", []bundleExhibit{{"Courrier", "absent.pdf", "", nil}}, []string{"--lang", "en"}, exitInvalid,
			[]string{"exhibits[1].file: Exhibit no. 2: the file “", "absent.pdf” does not exist"}},
		{"digest mismatch", []bundleExhibit{{"Courrier", "piece-2.pdf", strings.Repeat("0", 64), pdf}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02 (piece-2.pdf) ne correspond pas à l’empreinte SHA-256 indiquée dans le dossier", bundleSum(pdf)}},
		{"gif", []bundleExhibit{{"Photo", "photo.png", "", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02 (photo.png) est une image GIF"}},
		{"truncated pdf", []bundleExhibit{{"Courrier", "c.pdf", "", pdf[:len(pdf)/3]}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02 (c.pdf) est un PDF endommagé ou illisible"}},
		{"encrypted pdf", []bundleExhibit{{"Courrier", "c.pdf", "", bundletest.Encrypt(pdf, "", "owner")}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02 (c.pdf) est un PDF protégé"}},
		{"too large", []bundleExhibit{{"Vidéo", "big.pdf", "", append(bytes.Clone(pdf), make([]byte, bundle.MaxFileSize)...)}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02 (big.pdf) pèse 10\u00a0Mo"}},
		{"too many", tooMany, nil, exitInvalid, []string{"exhibits: Le dossier joint 21 fichiers"}},
		{"several at once", []bundleExhibit{{"A", "a.txt", "", []byte("notes\n")}, {"B", "b.pdf", "", nil}}, nil, exitInvalid,
			[]string{"exhibits[1].file: La pièce n°\u00a02 (a.txt) est un fichier texte", "exhibits[2].file: La pièce n°\u00a03\u202f: le fichier"}},
		{"bundle is PDF only", nil, []string{"--format", "txt"}, exitUsage, []string{"--bundle produit un PDF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			casePath := bundleCase(t, dir, "dossier.json", tt.exhibits...)
			outDir := t.TempDir()
			out := filepath.Join(outDir, "dossier-complet.pdf")
			args := append([]string{"render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--bundle", casePath, "-o", out}, tt.extra...)
			code, stdout, stderr := runCLI(t, "", args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %d bytes", len(stdout))
			}
			if names := dirEntries(t, outDir); len(names) != 0 {
				t.Errorf("a failed run left %v behind", names)
			}
		})
	}
}

// A failed bundle leaves an earlier output file as it was.
func TestBundleFailureKeepsEarlierOutput(t *testing.T) {
	dir := t.TempDir()
	casePath := bundleCase(t, dir, "dossier.json", bundleExhibit{"Courrier", "c.pdf", "", []byte("%PDF-1.4 broken")})
	out := filepath.Join(dir, "dossier-complet.pdf")
	if err := os.WriteFile(out, []byte("earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--bundle", casePath, "-o", out); code != exitInvalid {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if got := readFile(t, out); got != "earlier" {
		t.Errorf("the earlier output was replaced (%d bytes)", len(got))
	}
}

// Without --bundle the files are still read: the bordereau prints their digest, in every format, and a
// stated digest must match.
func TestRenderDigestsWithoutBundle(t *testing.T) {
	dir := t.TempDir()
	jpg := bundletest.JPEG(20, 20, 80)
	casePath := bundleCase(t, dir, "dossier.json", bundleExhibit{"Photo", "photo.jpg", "", jpg})
	code, stdout, stderr := runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--format", "txt", casePath)
	if code != exitOK || !strings.Contains(stdout, bundleSum(jpg)) {
		t.Errorf("exit %d; the text does not show the digest %s\n%s", code, bundleSum(jpg), stderr)
	}
	bad := bundleCase(t, dir, "faux.json", bundleExhibit{"Photo", "photo.jpg", strings.Repeat("a", 64), jpg})
	code, _, stderr = runCLI(t, "", "render", "--procedure", "plainte-cnil", "--date", "2026-11-27", "--format", "html", bad)
	if code != exitInvalid || !strings.Contains(stderr, "exhibits[1].file: La pièce n°\u00a02 (photo.jpg) ne correspond pas") {
		t.Errorf("mismatch without --bundle: exit %d\n%s", code, stderr)
	}
}
