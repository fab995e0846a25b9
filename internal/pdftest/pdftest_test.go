package pdftest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

func TestTextAndPages(t *testing.T) {
	f := gofpdf.New("P", "mm", "A4", "")
	for _, s := range []string{"Première page", "Seconde page"} {
		f.AddPage()
		f.SetFont("Helvetica", "", 12)
		f.Cell(40, 10, s[strings.Index(s, " ")+1:])
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if n := Pages(t, buf.Bytes()); n != 2 {
		t.Errorf("Pages = %d, want 2", n)
	}
	if got := Text(t, buf.Bytes()); !strings.Contains(got, "page") {
		t.Errorf("Text = %q", got)
	}
}
