package render

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"

	"saisine/assets"
	"saisine/letters/document"
)

// pdfWriter is the only code in the package that talks to gofpdf. The layout code measures text with
// width and then hands finished pages of drawing operations to drawPage (or draw); it never sees
// *gofpdf.Fpdf.
//
// gofpdf is the patched copy in third_party/gofpdf (its README lists the changes). Before the patch, a
// letter spent 44 % of its time loading the three fonts (a TrueType parse, then a JSON + SHA-1 of a
// 65,536-entry width table for the font ID) and 48 % in Output (a second parse to subset, a fresh
// ~1 MiB zlib writer per stream, a 128 KiB CIDToGIDMap per font). Now the fonts come from presets
// subset ahead of time for the characters letters print (fontpreset.go), writers are pooled, and width
// reads the shared tables without touching the document. What remains is our layout and deflating
// the pages (BENCHMARKS.md, issue 7).
type pdfWriter struct {
	f     *gofpdf.Fpdf
	fonts [len(fontFiles)]*gofpdf.UTF8Font
	k     float64 // points per mm
	// cur is the face last selected on the current page; valid only when curSet.
	cur    face
	curSet bool
	// measured is the face of the last width call before the first page. Measuring used to select the
	// face in gofpdf, whose AddPage re-selects the current face at the top of the page; the first
	// page selects measured so that the bytes stay those of that behaviour.
	measured    face
	measuredSet bool
	pages       int
	// xs and texts are drawPage's buffers for one line of words.
	xs    []float64
	texts []string
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

// fontStyles and fontFiles are the gofpdf styles of the letter typeface and their embedded files.
var (
	fontStyles = [...]string{"", "B", "I"}
	fontFiles  = [...]string{assets.SerifRegular, assets.SerifBold, assets.SerifItalic}
)

// sharedFonts loads the embedded fonts once per process, from their presets (fontpreset.go): a
// document whose text stays within the repertoire embeds the subsets cut ahead of time, and the font
// files are parsed only when a document needs a character outside it. The patched gofpdf
// (third_party/gofpdf) never writes into a shared font, so every document, concurrent ones included,
// reads the same one.
var sharedFonts = sync.OnceValues(func() ([len(fontFiles)]*gofpdf.UTF8Font, error) {
	var fonts [len(fontFiles)]*gofpdf.UTF8Font
	for i, name := range fontFiles {
		p, err := gofpdf.UnmarshalFontPreset(assets.FontPreset(name))
		if err != nil {
			return fonts, fmt.Errorf("render: reading the preset of font %s: %w", name, err)
		}
		fonts[i] = gofpdf.NewUTF8FontPreset(p, assets.Font(name))
	}
	return fonts, nil
})

func newPDFWriter(m document.Meta) (*pdfWriter, error) {
	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(true)
	// A finished page is kept deflated (a few KB) rather than as its text until Output: PDFAll puts
	// thousands of pages in one document.
	f.CompressPagesEarly(true)
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

	fonts, err := sharedFonts()
	if err != nil {
		return nil, err
	}
	for i, style := range fontStyles {
		f.AddUTF8FontParsed(fontFamily, style, fonts[i])
	}
	w := &pdfWriter{f: f, fonts: fonts, k: f.GetConversionRatio()}
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

// width is the advance of s in mm, the value gofpdf's GetStringWidth gives for drawable.Replace(s) in that
// face. It reads the shared font tables and changes nothing in the document, so the layout may measure
// between pages.
func (w *pdfWriter) width(fc face, s string) float64 {
	if w.pages == 0 {
		w.measured, w.measuredSet = fc, true
	}
	fnt := w.fonts[fc.style]
	n := 0
	for _, r := range s {
		switch r {
		case '\u2011':
			r = '\u2010'
		case '\u2060', '\u00ad', '\ufeff':
			continue
		}
		n += fnt.RuneWidth(r)
	}
	return float64(n) * (fc.size / w.k) / 1000
}

// clean is drawable.Replace(s) without the replacer's work for the usual string that has nothing to
// replace.
func clean(s string) string {
	for _, r := range s {
		switch r {
		case '\u2011', '\u2060', '\u00ad', '\ufeff':
			return drawable.Replace(s)
		}
	}
	return s
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
	for _, ops := range pages {
		w.drawPage(ops)
	}
}

// drawPage adds a page and executes its operations at once, so that a caller laying out many pages
// can drop each page's operations as soon as it is drawn. Measuring with width may go on afterwards:
// it does not touch the document.
func (w *pdfWriter) drawPage(ops []op) {
	f := w.f
	if w.pages == 0 && w.measuredSet {
		w.setFace(w.measured)
	}
	f.AddPage()
	w.pages++
	w.curSet = false // a new content stream: select the face again before the first text
	for i := 0; i < len(ops); i++ {
		o := ops[i]
		switch o.kind {
		case opText:
			w.setFace(o.face)
			// The words of a justified line come one op each: drawn as one text object they take a
			// third less room before compression, at the same positions.
			n := 1
			for i+n < len(ops) && ops[i+n].kind == opText && ops[i+n].y == o.y && ops[i+n].face == o.face {
				n++
			}
			if n == 1 {
				f.Text(o.x, o.y, clean(o.s))
				continue
			}
			w.xs, w.texts = w.xs[:0], w.texts[:0]
			for _, t := range ops[i : i+n] {
				w.xs, w.texts = append(w.xs, t.x), append(w.texts, clean(t.s))
			}
			f.TextLine(o.y, w.xs, w.texts)
			i += n - 1
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

func (w *pdfWriter) output(out io.Writer) error {
	if err := w.f.Output(out); err != nil {
		return fmt.Errorf("render: writing PDF: %w", err)
	}
	return nil
}
