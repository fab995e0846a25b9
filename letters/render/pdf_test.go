package render_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"saisine/assets"
	"saisine/letters/document"
	"saisine/letters/render"
)

func TestPDFTextCopiesOut(t *testing.T) {
	d := synthetic()
	text := pdftotext(t, renderPDF(t, d))
	joined := strings.ReplaceAll(text, "\n", "")

	for _, want := range []string{
		"Camille Martin",
		"Conseillère municipale de Lille",
		"Madame la Présidente de la CNIL",
		"TSA 80715",
		"75334 PARIS CEDEX 07",
		"Lille, le 27 novembre 2026",
		"Lettre recommandée avec demande d’avis de réception",
		"Objet : Réclamation – traitement de vidéosurveillance",
		"Nos réf. : CM-2026-014",
		"Madame la Présidente,",
		"1. Les faits",
		"2. Le cadre juridique",
		"3. Les manquements constatés",
		"4. Mes demandes",
		"5. La suite de la procédure",
		"« BriefCam »",
		"l’œil humain",
		"(pièce n° 2)",
		"– acquisition du logiciel : 2021 ;",
		"1. l’absence d’analyse d’impact complète préalable à la mise en œuvre ;",
		"de cesser tout traitement dépourvu",
		"m’informer des suites données !",
		"Je vous prie d’agréer, Madame la Présidente, l’expression de ma haute considération.",
		"Dominique Lefebvre",
		"Conseiller municipal de Lille",
		"Bordereau des pièces communiquées",
		sampleSHA,
		"Réponse de la CNIL au groupe d’opposition",
		"Annexe 1 – Liste des signataires",
		"2. Dominique Lefebvre, conseiller municipal",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	// The long URL is cut across lines to stay inside the margin; joined again it must be intact.
	if !strings.Contains(joined, longURL) {
		t.Errorf("the long URL does not copy out whole (lines joined):\n%s", text)
	}
	// The notice for the user belongs to the preview and the text version, not to the letter sent.
	if strings.Contains(text, "pas un conseil juridique") {
		t.Error("the footer notice is printed in the PDF letter")
	}
}

// pdftotext (poppler 22) turns U+202F and U+00A0 into ASCII spaces when it extracts text: the file keeps
// the real characters (identity ToUnicode map, codes 202F and 00A0 in the content stream), so viewers
// that preserve them copy them out, and the others copy a plain space, never a missing or wrong glyph.
func TestPDFNarrowNoBreakSpace(t *testing.T) {
	pdf := renderPDF(t, synthetic())
	text := pdftotext(t, pdf)
	if !strings.Contains(text, "faits suivants : la commune") {
		t.Errorf("pdftotext should give « suivants : la » with an ASCII space for U+202F:\n%s", text)
	}
	if strings.ContainsAny(text, nnbsp+nbsp) {
		t.Errorf("this pdftotext keeps U+202F/U+00A0: update the comment and the assertion")
	}

	var content, cmap bool
	for _, s := range pdfStreams(t, pdf) {
		content = content || bytes.Contains(s, utf16be("suivants"+nnbsp+":"))
		cmap = cmap || bytes.Contains(s, []byte("<0000> <FFFF> <0000>"))
	}
	if !content {
		t.Error("no content stream draws « suivants\\u202f: » with code 202F")
	}
	if !cmap {
		t.Error("no identity ToUnicode map: copied text would not map back to Unicode")
	}
}

func TestPDFInfo(t *testing.T) {
	d := synthetic()
	pdf := renderPDF(t, d)
	info := runPoppler(t, "pdfinfo", pdf)
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^` + name + `:\s*(.*)$`).FindStringSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo has no %s:\n%s", name, info)
		}
		return m[1]
	}
	for name, want := range map[string]string{
		"Title":   d.Meta.Title,
		"Author":  d.Meta.Author,
		"Subject": d.Meta.Subject,
		"Creator": d.Meta.Creator,
	} {
		if got := field(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := field("Page size"); !strings.Contains(got, "(A4)") {
		t.Errorf("page size %q, want A4", got)
	}
	if got := field("CreationDate"); !strings.Contains(got, "Nov 27 00:00:00 2026") {
		t.Errorf("CreationDate %q, want the letter date", got)
	}
	pages, err := strconv.Atoi(field("Pages"))
	if err != nil {
		t.Fatal(err)
	}
	// Letter (2 pages), bordereau, annex.
	if pages != 4 {
		t.Errorf("%d pages, want 4", pages)
	}

	texts := strings.Split(strings.TrimRight(pdftotext(t, pdf), "\f"), "\f")
	if len(texts) != pages {
		t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(texts), pages)
	}
	for i, p := range texts {
		want := fmt.Sprintf("%d/%d", i+1, pages)
		if !regexp.MustCompile(`(?m)^` + want + `$`).MatchString(p) {
			t.Errorf("page %d has no page number %q", i+1, want)
		}
	}
	if !strings.HasPrefix(strings.TrimSpace(texts[2]), "Bordereau des pièces communiquées") {
		t.Errorf("the bordereau does not start page 3:\n%s", texts[2])
	}
}

// bboxWord is one word of pdftotext -bbox output, in points from the top-left corner.
type bboxWord struct {
	page                   int
	xMin, yMin, xMax, yMax float64
	text                   string
}

var (
	bboxPageRE = regexp.MustCompile(`<page `)
	bboxWordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

func bboxWords(t *testing.T, pdf []byte) []bboxWord {
	t.Helper()
	out := runPoppler(t, "pdftotext", pdf, "-bbox", "-enc", "UTF-8")
	var words []bboxWord
	for i, page := range bboxPageRE.Split(out, -1)[1:] {
		for _, m := range bboxWordRE.FindAllStringSubmatch(page, -1) {
			f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
			words = append(words, bboxWord{i + 1, f(m[1]), f(m[2]), f(m[3]), f(m[4]), m[5]})
		}
	}
	return words
}

const mm = 72 / 25.4 // points per millimetre

// TestPDFLayout checks positions a reader (and the envelope window) sees.
func TestPDFLayout(t *testing.T) {
	opts := render.DefaultPDFOptions()
	words := bboxWords(t, renderPDF(t, synthetic()))
	find := func(page int, text string) bboxWord {
		t.Helper()
		for _, w := range words {
			if w.page == page && w.text == text {
				return w
			}
		}
		t.Fatalf("no word %q on page %d", text, page)
		return bboxWord{}
	}
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s at %.1f mm, want %.1f ± %.1f mm", what, got/mm, want/mm, tol/mm)
		}
	}

	// The recipient block in the envelope window.
	madame := find(1, "Madame")
	near("recipient block left edge", madame.xMin, opts.WindowLeftMM*mm, 0.5*mm)
	near("recipient block top", madame.yMin, opts.WindowTopMM*mm, 2*mm)
	cedex := find(1, "CEDEX")
	if cedex.yMax > (opts.WindowTopMM+45)*mm {
		t.Errorf("last recipient line ends at %.1f mm, outside a 45 mm window", cedex.yMax/mm)
	}
	// Sender top left.
	near("sender left edge", find(1, "Camille").xMin, 25*mm, 0.5*mm)
	// Place and date against the right margin.
	near("date right edge", find(1, "2026").xMax, (210-20)*mm, 0.5*mm)
	// Page number centred at the foot.
	num := find(1, "1/4")
	near("page number centre", (num.xMin+num.xMax)/2, 105*mm, 0.5*mm)
	if num.yMin < 280*mm {
		t.Errorf("page number at %.1f mm from the top, want in the bottom margin", num.yMin/mm)
	}
	// Two signatures side by side, names on one baseline.
	a, b := find(2, "Camille"), find(2, "Lefebvre")
	near("second signature baseline", b.yMax, a.yMax, 0.2*mm)
	if b.xMin < a.xMax {
		t.Error("signatures overlap")
	}

	// Nothing crosses the margins, however long the words.
	for _, w := range words {
		if w.xMin < 25*mm-0.5 || w.xMax > (210-20)*mm+0.5 {
			t.Errorf("page %d: %q spans %.1f–%.1f mm, outside the 25–190 mm text column", w.page, w.text, w.xMin/mm, w.xMax/mm)
		}
		if w.yMax > 290*mm {
			t.Errorf("page %d: %q at %.1f mm from the top, below the footer", w.page, w.text, w.yMax/mm)
		}
	}
}

// TestNoBreakAtGlue checks that no output starts a line with « : » or ends one with « n° » or « « »,
// on a paragraph long enough to force many breaks near the glued spaces.
func TestNoBreakAtGlue(t *testing.T) {
	var runs []document.Run
	for i := range 40 {
		runs = append(runs, document.T(fmt.Sprintf("voir la pièce n°%s%d, l’article%s%d et « citation »%s: suite ; ", nbsp, i, nbsp, i+10, nnbsp)))
	}
	d := &document.Document{Sections: []document.Section{{Title: "Test", Blocks: []document.Block{document.P(runs...)}}}}

	var txt bytes.Buffer
	if err := render.Text(&txt, d, render.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]func() string{
		"text": func() string { return txt.String() },
		"pdf":  func() string { return pdftotext(t, renderPDF(t, d)) },
	} {
		t.Run(name, func(t *testing.T) {
			lines := strings.Split(out(), "\n")
			if len(lines) < 10 {
				t.Fatalf("expected many lines, got %d", len(lines))
			}
			for _, l := range lines {
				l = strings.TrimSpace(l)
				if strings.HasPrefix(l, ":") || strings.HasPrefix(l, ";") || strings.HasPrefix(l, "»") ||
					strings.HasSuffix(l, "n°") || strings.HasSuffix(l, "«") || strings.HasSuffix(l, "article") {
					t.Errorf("line broken at a no-break space: %q", l)
				}
			}
		})
	}
}

func TestPDFDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  func() *document.Document
	}{
		{"dated", synthetic},
		{"undated", func() *document.Document { d := synthetic(); d.Meta.Date = time.Time{}; return d }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := renderPDF(t, tc.doc()), renderPDF(t, tc.doc())
			if !bytes.Equal(a, b) {
				t.Fatal("two renders of the same document differ")
			}
		})
	}
}

// TestPDFParallel renders documents concurrently; with -race it catches shared font buffers.
func TestPDFParallel(t *testing.T) {
	const n = 16
	docs := make([]*document.Document, n)
	want := make([][]byte, n)
	for i := range docs {
		docs[i] = synthetic()
		docs[i].Sender[0] = fmt.Sprintf("Signataire numéro %d", i)
		want[i] = renderPDF(t, docs[i])
	}
	got := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range docs {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := render.PDF(&buf, docs[i], render.DefaultPDFOptions()); err != nil {
				t.Error(err)
			}
			got[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range docs {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("document %d rendered concurrently differs from its sequential render", i)
		}
	}
	// The bytes match the sequential renders; pdftotext then proves those bytes are each its own letter.
	for i := range docs {
		text := pdftotext(t, got[i])
		if !strings.Contains(text, docs[i].Sender[0]) || !strings.Contains(text, "Bordereau des pièces communiquées") {
			t.Errorf("document %d: wrong text:\n%.300s", i, text)
		}
	}
}

func TestPDFOptions(t *testing.T) {
	d := synthetic()
	var def, zero bytes.Buffer
	if err := render.PDF(&def, d, render.DefaultPDFOptions()); err != nil {
		t.Fatal(err)
	}
	if err := render.PDF(&zero, d, render.PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(def.Bytes(), zero.Bytes()) {
		t.Error("zero options should mean the defaults")
	}
	for _, o := range []render.PDFOptions{
		{WindowLeftMM: 150, WindowTopMM: 50, WindowWidthMM: 85}, // off the sheet
		{WindowLeftMM: 30, WindowTopMM: 50, WindowWidthMM: 85},  // on the sender block
		{WindowLeftMM: 110, WindowTopMM: 250, WindowWidthMM: 85},
	} {
		if err := render.PDF(io.Discard, d, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
	if err := render.PDF(io.Discard, nil, render.DefaultPDFOptions()); err == nil {
		t.Error("nil document accepted")
	}
}

// TestPDFMissingGlyph: word processors insert U+2011, which Liberation Serif lacks; it must print as a
// hyphen, not as an empty box.
func TestPDFMissingGlyph(t *testing.T) {
	d := &document.Document{Sections: []document.Section{{Blocks: []document.Block{document.P(document.T("Saint\u2011Denis"))}}}}
	text := pdftotext(t, renderPDF(t, d))
	if !strings.Contains(text, "Saint\u2010Denis") {
		t.Errorf("U+2011 not drawn as U+2010: %q", text)
	}
}

// TestPDFEmptyDocument: a document with nothing in it still makes a valid one-page PDF.
func TestPDFEmptyDocument(t *testing.T) {
	pdf := renderPDF(t, &document.Document{})
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if text := pdftotext(t, pdf); strings.TrimSpace(text) != "1/1" {
		t.Errorf("empty document text %q, want only the page number", text)
	}
}

func BenchmarkPDF(b *testing.B) {
	d := synthetic()
	size := len(renderPDF(b, d))
	b.ReportAllocs()
	for b.Loop() {
		if err := render.PDF(io.Discard, d, render.DefaultPDFOptions()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// A letter within the repertoire embeds the three presets' subsets as they are; a name with a letter
// outside it (Ł, ą) makes that face's own subset, and still prints and copies out.
func TestPDFFontPresets(t *testing.T) {
	presetOf := func(name string) []byte {
		p, err := gofpdf.UnmarshalFontPreset(assets.FontPreset(name))
		if err != nil {
			t.Fatal(err)
		}
		return p.Font
	}
	regular, bold, italic := presetOf(assets.SerifRegular), presetOf(assets.SerifBold), presetOf(assets.SerifItalic)
	para := func(runs ...document.Run) *document.Document {
		return &document.Document{Sections: []document.Section{{Title: "Objet", Blocks: []document.Block{document.P(runs...)}}}}
	}
	within := renderPDF(t, para(document.T("Madame Françoise Lefèvre, « vidéoprotection »\u202f; n°\u00a012 — "),
		document.Run{Text: "Œuvre", Emphasis: true}))
	for i, font := range [][]byte{regular, bold, italic} {
		if !bytes.Contains(within, font) {
			t.Errorf("face %d: the letter does not embed its preset", i)
		}
	}
	outside := renderPDF(t, para(document.T("Monsieur Łukasz Wąsik, "), document.Run{Text: "attestation", Emphasis: true}))
	if bytes.Contains(outside, regular) || !bytes.Contains(outside, italic) || !bytes.Contains(outside, bold) {
		t.Error("only the regular face, which prints « Łukasz Wąsik », should leave its preset")
	}
	if text := pdftotext(t, outside); !strings.Contains(text, "Łukasz Wąsik") {
		t.Errorf("pdftotext gives %q, without the name", text)
	}
}
