package main

import (
	"bytes"
	"os"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/law"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// BenchmarkLillePlainteCNILPDF measures one complete letter: build the document from a decoded case and
// render it to PDF. Figures are reported in BENCHMARKS.md.
func BenchmarkLillePlainteCNILPDF(b *testing.B) {
	data, err := os.ReadFile("testdata/lille.json")
	if err != nil {
		b.Fatal(err)
	}
	c, problems := letters.Decode(bytes.NewReader(data))
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	proc, _ := procedures.Get("plainte-cnil")
	opts := procedures.Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), Settings: law.DefaultSettings()}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		doc, err := proc.Build(c, opts)
		if err != nil {
			b.Fatal(err)
		}
		if err := render.PDF(&buf, doc, render.DefaultPDFOptions()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}
