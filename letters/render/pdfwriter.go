package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"saisine/assets"
	"saisine/letters/document"
)

// pdfWriter is the only code in the package that talks to gofpdf. The layout code measures text with
// width and then hands finished pages of drawing operations to draw; it never sees *gofpdf.Fpdf. Replacing
// font loading (parse the TTFs once per process), pooling zlib writers or patching gofpdf therefore
// happens here and nowhere else.
//
// Where the time goes, measured with BenchmarkPDF -cpuprofile on the 4-page test letter (≈34 ms and
// 25 MB allocated per document on a 2-core AMD EPYC, 2026-11): loading the fonts is 44 % — of which
// generateFontID, a JSON encoding plus SHA-1 of each font's 65,536-entry width table, is 23 % and
// parsing the TTF 14 %; Output is 48 % — subsetting (a second parse of each font) 15 %, zlib 25 %, most
// of it allocating a fresh ~1 MiB compressor per stream (each font also writes a 128 KiB CIDToGIDMap).
// Our layout is about 6 % and drawing 3 %. None of the font or zlib work can be shared between
// documents through gofpdf's public API: a faster path means parsing fonts once per process and
// pooling writers in a patched gofpdf, behind this type.
type pdfWriter struct {
	f *gofpdf.Fpdf
	// cur is the face last selected on the current page; valid only when curSet.
	cur    face
	curSet bool
	pages  int
}

// face is a style at a size in points.
type face struct {
	style runStyle
	size  float64
}

const fontFamily = "serif"

// fixedDate stands in for a missing Meta.Date: gofpdf would otherwise stamp time.Now() and two renders of
// the same document would differ.
var fixedDate = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// drawable replaces characters Liberation Serif has no glyph for by ones that look the same, so a
// word-processor artefact prints instead of a hole. Decode normalises case files already; this covers
// documents built by other means.
var drawable = strings.NewReplacer(
	"\u2011", "\u2010", // non-breaking hyphen → hyphen (lines never break at hyphens anyway)
	"\u2060", "", // word joiner
	"\u00ad", "", // soft hyphen: invisible unless a line breaks there, and ours never do
	"\ufeff", "",
)

func newPDFWriter(m document.Meta) (*pdfWriter, error) {
	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(true)
	f.SetCatalogSort(true)
	// The layout paginates itself (keep-with-next, widows); gofpdf must never break on its own.
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetTitle(m.Title, true)
	f.SetAuthor(m.Author, true)
	f.SetSubject(m.Subject, true)
	creator := m.Creator
	if creator == "" {
		creator = "saisine"
	}
	f.SetCreator(creator, true)
	date := m.Date
	if date.IsZero() {
		date = fixedDate
	}
	f.SetCreationDate(date)
	f.SetModificationDate(date)

	for _, ff := range []struct {
		style string
		name  string
	}{{"", assets.SerifRegular}, {"B", assets.SerifBold}, {"I", assets.SerifItalic}} {
		// gofpdf v1.16.2 writes into the slice it is given; the embedded bytes are shared by every
		// document of the process, so each document parses its own copy.
		f.AddUTF8FontFromBytes(fontFamily, ff.style, bytes.Clone(assets.Font(ff.name)))
	}
	w := &pdfWriter{f: f}
	// gofpdf swallows font parse errors (it prints them); selecting each face surfaces them as errors.
	for _, st := range []runStyle{styleRegular, styleBold, styleItalic} {
		w.setFace(face{st, 11})
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("render: loading fonts: %w", err)
	}
	return w, nil
}

func (w *pdfWriter) setFace(fc face) {
	if w.curSet && w.cur == fc {
		return
	}
	style := ""
	switch fc.style {
	case styleBold:
		style = "B"
	case styleItalic:
		style = "I"
	}
	w.f.SetFont(fontFamily, style, fc.size)
	w.cur, w.curSet = fc, true
}

// width is the advance of s in mm. Measure before the first page is added: once a page exists, gofpdf
// writes every font change into its content stream.
func (w *pdfWriter) width(fc face, s string) float64 {
	w.setFace(fc)
	return w.f.GetStringWidth(drawable.Replace(s))
}

// op is one drawing operation of a laid-out page.
type op struct {
	kind opKind
	face face
	// x, y: text baseline origin, or top-left corner of a rectangle, or first point of a line.
	x, y float64
	// w, h: rectangle size, or second point of a line.
	w, h float64
	s    string // text, or link target
	gray int    // 0 black … 255 white, for lines and fills
	lw   float64
}

type opKind uint8

const (
	opText opKind = iota
	opLink
	opLine
	opFill
)

// draw adds one page per element of pages and executes its operations.
func (w *pdfWriter) draw(pages [][]op) {
	f := w.f
	for _, ops := range pages {
		f.AddPage()
		w.pages++
		w.curSet = false // a new content stream: select the face again before the first text
		for _, o := range ops {
			switch o.kind {
			case opText:
				w.setFace(o.face)
				f.Text(o.x, o.y, drawable.Replace(o.s))
			case opLink:
				f.LinkString(o.x, o.y, o.w, o.h, o.s)
			case opLine:
				f.SetDrawColor(o.gray, o.gray, o.gray)
				f.SetLineWidth(o.lw)
				f.Line(o.x, o.y, o.w, o.h)
			case opFill:
				f.SetFillColor(o.gray, o.gray, o.gray)
				f.Rect(o.x, o.y, o.w, o.h, "F")
			}
		}
	}
}

func (w *pdfWriter) output(out io.Writer) error {
	if err := w.f.Output(out); err != nil {
		return fmt.Errorf("render: writing PDF: %w", err)
	}
	return nil
}
