package bundle_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"saisine/internal/pdftest"
	"saisine/letters/bundle"
	"saisine/letters/bundle/bundletest"
)

// TestWritePrepared: exhibits checked once by Prepare are written as Write writes them, under the
// number they were given last, and only once.
func TestWritePrepared(t *testing.T) {
	letter := bundletest.PDF("LETTRE")
	exs := []bundle.Exhibit{
		{Number: 1, Title: "Article", Data: bundletest.PDF("ARTICLE")},
		{Number: 2, Title: "Capture", Data: bundletest.NoisePNG(60, 40, true, 1)},
		{Number: 3, Title: "Photo", Data: bundletest.JPEG(50, 30, 80)},
	}
	var want bytes.Buffer
	if err := bundle.Write(&want, letter, exs); err != nil {
		t.Fatal(err)
	}
	budget := bundle.NewBudget()
	var prepared []*bundle.Prepared
	for _, ex := range exs {
		p, err := bundle.Prepare(ex, budget)
		if err != nil {
			t.Fatal(err)
		}
		prepared = append(prepared, p)
	}
	var got bytes.Buffer
	if err := bundle.WritePrepared(context.Background(), &got, letter, prepared); err != nil {
		t.Fatal(err)
	}
	// pdfcpu's output differs from one write to the next (its file ID); pages and text do not.
	if g, w := pdftest.Pages(t, got.Bytes()), pdftest.Pages(t, want.Bytes()); g != w {
		t.Errorf("WritePrepared gives %d pages, Write %d", g, w)
	}
	if g, w := pdftest.Text(t, got.Bytes()), pdftest.Text(t, want.Bytes()); g != w {
		t.Errorf("WritePrepared's text:\n%s\nWrite's:\n%s", g, w)
	}
	if err := bundle.WritePrepared(context.Background(), &got, letter, prepared); err == nil {
		t.Error("a Prepared was written twice")
	}

	// Renumbered after the check: the page header follows.
	p, err := bundle.Prepare(bundle.Exhibit{Number: 2, Title: "Capture", Data: bundletest.PNG(30, 20)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.SetNumber(7)
	if p.Exhibit().Number != 7 {
		t.Errorf("number %d", p.Exhibit().Number)
	}
	got.Reset()
	if err := bundle.WritePrepared(context.Background(), &got, letter, []*bundle.Prepared{p}); err != nil {
		t.Fatal(err)
	}
	if text := pdftest.Text(t, got.Bytes()); !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), "Pièce n° 7 — Capture") {
		t.Errorf("header not renumbered:\n%s", text)
	}
}

// TestWritePreparedStopsWhenCancelled: a bundle whose request is gone writes nothing.
func TestWritePreparedStopsWhenCancelled(t *testing.T) {
	p, err := bundle.Prepare(bundle.Exhibit{Number: 1, Data: bundletest.PDF("A")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if err := bundle.WritePrepared(ctx, &out, bundletest.PDF("LETTRE"), []*bundle.Prepared{p}); !errors.Is(err, context.Canceled) || out.Len() > 0 {
		t.Errorf("%v, %d bytes written", err, out.Len())
	}
}
