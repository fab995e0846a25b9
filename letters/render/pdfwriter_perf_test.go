package render

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"saisine/letters/document"
)

// width reads the shared font tables instead of asking gofpdf: it must give what GetStringWidth gives
// for the drawable text in the selected face.
func TestWidthMatchesGofpdf(t *testing.T) {
	w, err := newPDFWriter(document.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"", " ", "Madame, Monsieur,", "l’article 77 du RGPD\u202f; « vidéoprotection » — n°\u00a012",
		"Saint\u2011Denis", "co\u00adopé\u2060ra\ufefftion", "œ Œ ç É à ï ẞ 𝔄", "octet \xff invalide",
	} {
		for _, fc := range []face{{styleRegular, 11}, {styleBold, 14}, {styleItalic, 8.5}} {
			got := w.width(fc, s)
			w.setFace(fc)
			if want := w.f.GetStringWidth(drawable.Replace(s)); got != want {
				t.Errorf("%q in %v: %v mm, gofpdf %v mm", s, fc, got, want)
			}
		}
	}
}

// mandatePage is a full page of justified body text, drawn word by word as the layout does: 45 lines of
// about twelve words, a rule and a page number.
func mandatePage(w *pdfWriter) []op {
	words := strings.Fields("Je soussigné(e) donne mandat à l’association pour déposer en mon nom une plainte auprès de " +
		"la Commission nationale de l’informatique et des libertés au titre de l’article 77 du règlement\u202f; fait à Lille")
	body := face{styleRegular, bodySize}
	var ops []op
	for line := range 45 {
		x := marginL
		for i := range 12 {
			s := words[(line*12+i)%len(words)]
			ops = append(ops, op{kind: opText, face: body, x: x, y: marginT + float64(line)*bodyLH, s: s})
			x += w.width(body, s) + 1.6
		}
	}
	ops = append(ops, op{kind: opLine, x: marginL, y: 280, w: pageW - marginR, h: 280, gray: 128, lw: 0.2},
		op{kind: opText, face: face{styleRegular, 9}, x: pageW / 2, y: footerBase, s: "1/1"})
	return ops
}

// BenchmarkWriterPages draws pages one at a time into one document, as PDFAll does for thousands of
// mandates, and reports what the writer holds per page before Output (live heap after a collection)
// and what Output allocates per page besides the file itself.
func BenchmarkWriterPages(b *testing.B) {
	for _, early := range []bool{true, false} {
		name := "compressed-when-done"
		if !early {
			name = "kept-until-output"
		}
		b.Run(name, func(b *testing.B) {
			const pages = 2000
			var perPage, out, outAlloc float64
			b.ReportAllocs()
			for b.Loop() {
				w, err := newPDFWriter(document.Meta{})
				if err != nil {
					b.Fatal(err)
				}
				w.f.CompressPagesEarly(early)
				ops := mandatePage(w)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for range pages {
					w.drawPage(ops)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perPage = float64(after.HeapAlloc-before.HeapAlloc) / pages
				var buf bytes.Buffer
				buf.Grow(5 << 10 * pages)
				runtime.ReadMemStats(&before)
				if err := w.output(&buf); err != nil {
					b.Fatal(err)
				}
				runtime.ReadMemStats(&after)
				outAlloc = float64(after.TotalAlloc-before.TotalAlloc) / pages
				out = float64(buf.Len()) / pages
			}
			b.ReportMetric(perPage, "heap-B/page")
			b.ReportMetric(out, "pdf-B/page")
			b.ReportMetric(outAlloc, "output-alloc-B/page")
		})
	}
}
