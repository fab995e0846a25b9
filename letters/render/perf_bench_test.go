package render_test

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/document"
	"saisine/letters/law"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// The issue 7 benchmarks (BENCHMARKS.md): the Lille plainte-cnil letter built and rendered, rendered
// only, and rendered by every core at once.

func lilleLetter(b *testing.B) (build func() (*document.Document, error)) {
	b.Helper()
	data, err := os.ReadFile("../../cmd/saisine/testdata/lille.json")
	if err != nil {
		b.Fatal(err)
	}
	c, problems := letters.Decode(bytes.NewReader(data))
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	proc, ok := procedures.Get("plainte-cnil")
	if !ok {
		b.Fatal("no plainte-cnil procedure")
	}
	opts := procedures.Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), Settings: law.DefaultSettings()}
	return func() (*document.Document, error) { return proc.Build(c, opts) }
}

// BenchmarkPlainteCNILRender renders a document built once: the renderer's own cost.
func BenchmarkPlainteCNILRender(b *testing.B) {
	doc, err := lilleLetter(b)()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := render.PDF(&buf, doc, render.DefaultPDFOptions()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// BenchmarkPlainteCNILParallel builds and renders letters on every core (-cpu sets how many) and
// reports the throughput.
func BenchmarkPlainteCNILParallel(b *testing.B) {
	build := lilleLetter(b)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			doc, err := build()
			if err != nil {
				b.Error(err)
				return
			}
			if err := render.PDF(io.Discard, doc, render.DefaultPDFOptions()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "letters/s")
}
