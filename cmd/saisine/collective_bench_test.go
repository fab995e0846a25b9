package main

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"saisine/letters/mandants"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// syntheticMandants is a valid list of n fictitious mandants, as scripts/genmandants writes it.
func syntheticMandants(n int) string {
	var b strings.Builder
	b.WriteString(strings.Join(mandants.Columns, ",") + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Madame,Inès,Lefèvre%d,%d rue de la Clef,,59000,Lille,resident%05d@example.org,2026-10-%02d\n", i, 1+i%180, i, 1+i%28)
	}
	return b.String()
}

// BenchmarkCollective10000 is the whole collective filing of 10,000 mandants: reading and checking the
// CSV, then the complaint with its annex and the 10,000 mandates in one PDF, written to a discarding
// writer. Peak memory of the same run as a process is measured with /usr/bin/time -v (BENCHMARKS.md).
func BenchmarkCollective10000(b *testing.B) {
	csv := syntheticMandants(10000)
	c := procedures.Example(procedures.PlainteCollectiveCNIL)
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		ms, problems, err := mandants.Read(strings.NewReader(csv), today)
		if err != nil || len(problems) > 0 || len(ms) != 10000 {
			b.Fatalf("%d mandants, %v, %v", len(ms), problems, err)
		}
		cw := &countingWriter{}
		if err := render.PDFAll(cw, procedures.CollectiveFiling(c, ms, procedures.Options{Date: today}), render.DefaultPDFOptions()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cw.n), "bytes")
	}
}

// BenchmarkMandatesCSVCheck10000 is « saisine mandants check » on 10,000 rows.
func BenchmarkMandatesCSVCheck10000(b *testing.B) {
	csv := syntheticMandants(10000)
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		ms, _, err := mandants.Read(strings.NewReader(csv), today)
		if err != nil || len(ms) != 10000 {
			b.Fatal(len(ms), err)
		}
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
