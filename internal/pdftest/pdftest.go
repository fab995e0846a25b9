// Package pdftest lets tests read a PDF the way a person copying its text would, through poppler's
// tools (Debian's poppler-utils). Tests skip with a clear message when the tools are missing on a
// developer's machine, and fail in CI (CI=true), where ./scripts/test installs them.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Tool returns the path of a poppler command.
func Tool(t testing.TB, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI (apt-get install poppler-utils)", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils; ./scripts/test installs it)", name)
	}
	return bin
}

// Text is the UTF-8 text pdftotext extracts from pdf. Poppler gives U+202F and U+00A0 as plain spaces.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	return run(t, "pdftotext", pdf, "-enc", "UTF-8", "-", "-")
}

// Pages is the page count pdfinfo reports.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	for _, l := range strings.Split(run(t, "pdfinfo", pdf, "-"), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: bad page count %q", l)
			}
			return n
		}
	}
	t.Fatal("pdfinfo printed no page count")
	return 0
}

func run(t testing.TB, name string, pdf []byte, args ...string) string {
	t.Helper()
	cmd := exec.Command(Tool(t, name), args...)
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, errb.String())
	}
	return out.String()
}
