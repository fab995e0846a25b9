package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/law"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// FuzzCaseToLetter drives arbitrary JSON through decoding, checking and, when the case is valid for a
// procedure, building and rendering the letter in every format. Invalid input must come back as
// problems; nothing may panic, and a valid case must always render.
func FuzzCaseToLetter(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// The two example files are valid for some procedures only: one example case per procedure makes
	// the fuzzer start from a letter of each, the collective ones included.
	for _, p := range procedures.All() {
		var buf bytes.Buffer
		if err := letters.Encode(&buf, procedures.Example(p.ID)); err != nil {
			f.Fatalf("%s: %v", p.ID, err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"version":1,"sender":{"kind":"resident"}}`))
	f.Add([]byte(`[1,2,3]`))
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, problems := letters.Decode(bytes.NewReader(data))
		if len(problems) > 0 {
			if c != nil {
				t.Fatal("Decode returned a case together with problems")
			}
			return
		}
		for _, p := range procedures.All() {
			if hasError(procedures.Check(c, p.ID, today)) {
				continue
			}
			doc, err := p.Build(c, procedures.Options{Date: today, Settings: law.DefaultSettings()})
			if err != nil {
				t.Fatalf("%s: valid case failed to build: %v", p.ID, err)
			}
			if err := render.PDF(io.Discard, doc, render.DefaultPDFOptions()); err != nil {
				t.Fatalf("%s: PDF: %v", p.ID, err)
			}
			if err := render.Text(io.Discard, doc, render.TextOptions{Counts: true}); err != nil {
				t.Fatalf("%s: text: %v", p.ID, err)
			}
			if err := render.HTML(io.Discard, doc); err != nil {
				t.Fatalf("%s: HTML: %v", p.ID, err)
			}
		}
	})
}

func hasError(ps []letters.Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// TestFuzzSeedsCoverEveryProcedure: FuzzCaseToLetter's seeds include a case each procedure accepts on
// the fuzzer's date, so that every procedure's check, build and rendering are fuzzed.
func TestFuzzSeedsCoverEveryProcedure(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, p := range procedures.All() {
		var buf bytes.Buffer
		if err := letters.Encode(&buf, procedures.Example(p.ID)); err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		c, problems := letters.Decode(&buf)
		if len(problems) > 0 || hasError(procedures.Check(c, p.ID, today)) {
			t.Errorf("%s: the example seed is not valid on %s: %v", p.ID, today.Format("2006-01-02"), problems)
		}
	}
}
