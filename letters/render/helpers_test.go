package render_test

import (
	"bytes"
	"compress/zlib"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"saisine/letters/document"
	"saisine/letters/render"

	"saisine/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./letters/render -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./letters/render -update and review the diff\n%s",
			path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func renderPDF(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := render.PDF(&buf, d, render.DefaultPDFOptions()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// runPoppler writes pdf to a temporary file and runs a poppler tool on it, returning stdout.
func runPoppler(t *testing.T, name string, pdf []byte, args ...string) string {
	t.Helper()
	bin := pdftest.Tool(t, name)
	path := filepath.Join(t.TempDir(), "lettre.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(args, path, "-")...)
	if name == "pdfinfo" {
		cmd = exec.Command(bin, path)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, errb.String())
	}
	return out.String()
}

func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	return runPoppler(t, "pdftotext", pdf, "-enc", "UTF-8")
}

// pdfStreams returns the decompressed content of every Flate stream in pdf, plus the raw ones, so tests
// can look at what is really written in the file independently of a text extractor.
func pdfStreams(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			return out
		}
		raw := rest[:j]
		rest = rest[j:]
		if z, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			if dec, err := io.ReadAll(z); err == nil {
				out = append(out, dec)
				continue
			}
		}
		out = append(out, raw)
	}
}

// utf16be is how gofpdf writes text in a content stream with the Identity-H encoding.
func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}
