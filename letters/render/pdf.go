package render

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"saisine/letters/document"
)

// PDFOptions places the recipient block. Distances are in millimetres from the top-left corner of an A4
// sheet.
type PDFOptions struct {
	WindowLeftMM  float64
	WindowTopMM   float64
	WindowWidthMM float64
}

// DefaultPDFOptions puts the recipient block where the window of a DL or C5 window envelope shows it
// when the A4 sheet is folded in three: 110 mm from the left edge, 50 mm from the top, 85 mm wide.
//
// The sources on French letter layout disagree slightly (legal/reference.md §13): the block starts
// 5 to 5.5 cm from the top edge and about 11 cm from the left edge (one source gives a 3.3 × 8.5 cm
// frame at 5.5 cm from the top and 11 cm from the left; another counts 11 cm from the right edge). We
// take the top of that range so that a six-line address (NF Z10-011) stays inside a 45 mm window, and
// 85 mm holds 38 characters of 11 pt Liberation Serif. Users with another envelope model change the
// options rather than the code.
func DefaultPDFOptions() PDFOptions {
	return PDFOptions{WindowLeftMM: 110, WindowTopMM: 50, WindowWidthMM: 85}
}

// Page geometry, in millimetres. The left margin is the wider one: letters are punched and filed on
// the left.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 25.0
	marginR      = 20.0
	marginT      = 20.0
	contentBot   = pageH - 22.0 // lowest line bottom of the text
	footerBase   = pageH - 12.0 // baseline of « 1/3 »
	textW        = pageW - marginL - marginR
	ptToMM       = 25.4 / 72
	bodySize     = 11.0
	bodyLH       = 5.0 // 11 pt at about 1.3 line spacing
	blockGap     = 2.5
	sectionGap   = 6.0
	listIndent   = 7.0
	itemGap      = 1.0
	signSpace    = 22.0 // room for the handwritten signature above the name
	gutter       = 5.0  // between the sender block and the window
	minSplitRoom = 15.0 // below this, an over-long word starts on a new line instead of filling the end
	maxStretch   = 4.0  // a justified gap wider than this (mm) looks broken: such a line stays ragged
)

// Plain-language labels printed in the PDF (and shared with the other renderers).
const (
	nnbsp          = "\u202f" // narrow no-break space, before : ; ! ? in French
	labelObject    = "Objet" + nnbsp + ":"
	bordereauTitle = "Bordereau des pièces communiquées"
)

// PDF writes d as an A4 letter: header blocks on the first page, the body, the signatures, then the
// bordereau of exhibits and the annexes each from a new page, « n/N » at the foot of every page.
// Rendering is deterministic: the same document gives the same bytes.
func PDF(w io.Writer, d *document.Document, opts PDFOptions) error {
	if d == nil {
		return errors.New("render: nil document")
	}
	opts, err := opts.normalise()
	if err != nil {
		return err
	}
	pw, err := newPDFWriter(d.Meta)
	if err != nil {
		return err
	}
	layout(pw, d, opts)
	return pw.output(w)
}

// layout paginates d and draws its pages, numbered on their own « n/N ».
func layout(pw *pdfWriter, d *document.Document, opts PDFOptions) {
	sc := scratchPool.Get().(*scratch)
	l := &layouter{pw: pw, opts: opts, sc: sc}
	l.letter(d)
	l.bordereau(d.Exhibits)
	l.annexes(d.Annexes)
	l.pageNumbers()
	pw.draw(l.pages)
	sc.reset(l.pages)
	scratchPool.Put(sc)
}

// scratch holds the arrays one layout fills, kept for the next one: a letter is thousands of words,
// measured pieces and drawing operations, and allocating them anew for every letter was half of what
// rendering one allocated.
type scratch struct {
	split  wordSplitter
	mfrags []mfrag // measure's output, appended to for the whole document
	mwords []mword // idem
	lines  []mword // breakLines' lines, one after the other
	pages  [][]op  // the pages' operations of the previous layout, emptied
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// reset empties s for the next layout, keeping its arrays. Every slice handed out from them is dead:
// the pages have been drawn.
func (s *scratch) reset(pages [][]op) {
	// The operations of a long document (a 200-page annex listing thousands of mandants) are let go:
	// kept, they would stay in the pool for the thousands of one-page mandates that follow it.
	if len(pages) > 16 {
		pages = nil
	}
	clear(s.mfrags)
	clear(s.mwords)
	s.mfrags, s.mwords = s.mfrags[:0], s.mwords[:0]
	for _, p := range pages {
		clear(p) // drop the strings the operations point to
	}
	s.pages = pages[:0]
}

// arenaChunk is the size of the arrays measure carves its slices from.
const arenaChunk = 2048

// grow returns a slice of n zero elements at the end of *buf. When *buf is full it starts a new array
// of arenaChunk elements instead of copying into a larger one: the slices already handed out keep the
// old array alive only while their blocks are, so a long document does not hold every measured word
// of its pages until its layout ends.
func grow[T any](buf *[]T, n int) []T {
	b := *buf
	if len(b)+n > cap(b) {
		b = make([]T, 0, max(arenaChunk, n))
	}
	at := len(b)
	b = b[:at+n]
	*buf = b
	return b[at : at+n : at+n]
}

// normalise fills zero fields with the defaults and rejects a window that leaves the sheet or meets the
// left margin.
func (o PDFOptions) normalise() (PDFOptions, error) {
	def := DefaultPDFOptions()
	if o.WindowLeftMM == 0 {
		o.WindowLeftMM = def.WindowLeftMM
	}
	if o.WindowTopMM == 0 {
		o.WindowTopMM = def.WindowTopMM
	}
	if o.WindowWidthMM == 0 {
		o.WindowWidthMM = def.WindowWidthMM
	}
	if o.WindowLeftMM < marginL+40 || o.WindowWidthMM < 40 || o.WindowLeftMM+o.WindowWidthMM > pageW-5 ||
		o.WindowTopMM < marginT || o.WindowTopMM > 120 {
		return o, fmt.Errorf("render: recipient window %.0f×%.0f mm at %.0f mm from the left does not fit an A4 sheet",
			o.WindowWidthMM, o.WindowTopMM, o.WindowLeftMM)
	}
	return o, nil
}

type alignment uint8

const (
	alignLeft alignment = iota
	alignJustify
	alignCenter
	alignRight
)

// layouter paginates the document into pages of drawing operations. It measures through pw but draws
// nothing itself, so the page count is known before the first page exists.
type layouter struct {
	pw    *pdfWriter
	opts  PDFOptions
	sc    *scratch // nil in tests that build a layouter by hand
	pages [][]op
	y     float64 // top of the next line on the current page
}

func (l *layouter) newPage() {
	var ops []op
	if l.sc != nil && len(l.pages) < cap(l.sc.pages) {
		ops = l.sc.pages[:cap(l.sc.pages)][len(l.pages)][:0] // that page's array in the previous layout
	}
	l.pages = append(l.pages, ops)
	l.y = marginT
}

func (l *layouter) emit(o op) {
	p := len(l.pages) - 1
	l.pages[p] = append(l.pages[p], o)
}

func (l *layouter) atTop() bool { return l.y <= marginT+0.001 }

// space adds vertical space, except at the top of a page where it would only push the text down.
func (l *layouter) space(h float64) {
	if !l.atTop() {
		l.y += h
	}
}

func (l *layouter) fits(h float64) bool { return l.y+h <= contentBot }

// need starts a new page unless h millimetres fit below the cursor.
func (l *layouter) need(h float64) {
	if !l.fits(h) && !l.atTop() {
		l.newPage()
	}
}

// mfrag and mword are frags and words with their measured widths.
type mfrag struct {
	frag
	face face
	w    float64
}

type mword struct {
	frags      []mfrag
	w          float64
	space      float64 // width of the space that follows the word
	breakAfter bool
}

// box describes where and how a run of text is set.
type box struct {
	x, w  float64
	hang  float64 // indent of every line but the first
	align alignment
	size  float64 // points
	lh    float64 // line height, mm
	// base replaces the regular style of every run (titles are bold throughout).
	base runStyle
}

func (b box) face(st runStyle) face {
	if st == styleRegular {
		st = b.base
	}
	return face{st, b.size}
}

func (l *layouter) measure(words []word, b box) []mword {
	var out []mword
	if l.sc == nil {
		out = make([]mword, len(words))
	}
	n := 0
	for _, wd := range words {
		n += len(wd.frags)
	}
	var frags []mfrag // one array for every word's frags
	// The width of the space after a word depends only on the face of its last fragment: measured again
	// only when that face changes. (Either way the last face measured is that one, which the first
	// page's font selection depends on, see pdfWriter.measured.)
	var spaceFace face
	var spaceW float64
	if l.sc != nil {
		frags, out = grow(&l.sc.mfrags, n), grow(&l.sc.mwords, len(words))
	} else {
		frags = make([]mfrag, n)
	}
	for i, wd := range words {
		mw := mword{frags: frags[:len(wd.frags):len(wd.frags)], breakAfter: wd.breakAfter}
		frags = frags[len(wd.frags):]
		for j, f := range wd.frags {
			fc := b.face(f.style)
			fw := l.pw.width(fc, f.text)
			mw.frags[j] = mfrag{frag: f, face: fc, w: fw}
			mw.w += fw
		}
		if last := mw.frags[len(mw.frags)-1].face; last != spaceFace || i == 0 {
			spaceFace, spaceW = last, l.pw.width(last, " ")
		}
		mw.space = spaceW
		out[i] = mw
	}
	return out
}

// pline is one set line.
type pline struct {
	words   []mword
	natural float64 // width of words and normal spaces
	// justify is false for the last line of a paragraph, before a hard break and after a forced split.
	justify bool
}

// breakLines fills lines greedily: first line firstW wide, the others restW. Words wider than a line are
// split (URLs, hashes) — the only way a line breaks somewhere other than at a space. gofpdf's SplitText is
// not an option: it breaks at U+00A0 and U+202F (unicode.IsSpace) and drops them.
//
// ws is consumed: split words are written back into it.
func (l *layouter) breakLines(ws []mword, firstW, restW float64) []pline {
	var lines []pline
	var cur pline
	avail := firstW
	// A line is a slice of ws, its words being consecutive there, except a line that ends with the
	// head of a split word: that one gets an array of its own.
	start := 0
	addAt := func(i int) {
		if len(cur.words) == 0 {
			start = i
		}
		cur.words = ws[start : i+1 : i+1]
	}
	addHead := func(head mword) {
		cur.words = append(cur.words[:len(cur.words):len(cur.words)], head)
	}
	finish := func(justify bool) {
		cur.justify = justify && len(cur.words) > 1
		lines = append(lines, cur)
		cur = pline{}
		avail = restW
	}
	for i := 0; i < len(ws); i++ {
		wd := ws[i]
		sp := 0.0
		if n := len(cur.words); n > 0 {
			sp = cur.words[n-1].space
		}
		switch {
		case cur.natural+sp+wd.w <= avail+0.001:
			addAt(i)
			cur.natural += sp + wd.w
		case wd.w > restW:
			room := avail - cur.natural - sp
			if len(cur.words) > 0 && room < minSplitRoom {
				finish(true)
				sp, room = 0, avail
			}
			head, tail := l.splitWord(wd, room, len(cur.words) == 0)
			if head.w > 0 {
				addHead(head)
				cur.natural += sp + head.w
			}
			finish(false)
			ws[i] = tail // no line holds word i yet
			i--
			continue
		default:
			finish(true)
			addAt(i)
			cur.natural = wd.w
		}
		if wd.breakAfter {
			finish(false)
		}
	}
	if len(cur.words) > 0 {
		finish(false)
	}
	return lines
}

// breakAfterChars are the characters after which an over-long word (a URL, a path) is best cut.
const breakAfterChars = "/-.?&=_#~,;:"

// splitWord cuts wd so that the head fits in room. It prefers to cut after a URL separator in the second
// half of what fits, cuts a hexadecimal digest every eight digits, and otherwise cuts at the last
// character that fits. force makes the head at least one character long (the line is empty).
func (l *layouter) splitWord(wd mword, room float64, force bool) (head, tail mword) {
	type ch struct {
		r    rune
		frag int
		w    float64
	}
	var chars []ch
	hex := true
	for i, f := range wd.frags {
		for _, r := range f.text {
			chars = append(chars, ch{r, i, l.pw.width(f.face, string(r))})
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				hex = false
			}
		}
	}
	fit, acc := 0, 0.0
	for fit < len(chars) && acc+chars[fit].w <= room+0.001 {
		acc += chars[fit].w
		fit++
	}
	cut := fit
	switch {
	case hex && fit >= 8:
		cut = fit - fit%8
	default:
		for k := fit; k > fit/2 && k > 0; k-- {
			if strings.ContainsRune(breakAfterChars, chars[k-1].r) {
				cut = k
				break
			}
		}
	}
	if cut == 0 && force {
		cut = 1
	}
	// build makes a word of chars, one fragment per run of characters with the same face and link;
	// each fragment's text grows in buf and becomes a string once.
	var buf []byte
	build := func(part []ch) mword {
		var m mword
		end := func() {
			if n := len(m.frags); n > 0 {
				m.frags[n-1].text = string(buf)
			}
			buf = buf[:0]
		}
		for _, c := range part {
			src := wd.frags[c.frag]
			if n := len(m.frags); n > 0 && m.frags[n-1].face == src.face && m.frags[n-1].url == src.url {
				m.frags[n-1].w += c.w
			} else {
				end()
				m.frags = append(m.frags, mfrag{frag: frag{style: src.style, url: src.url}, face: src.face, w: c.w})
			}
			buf = utf8.AppendRune(buf, c.r)
			m.w += c.w
		}
		end()
		return m
	}
	head, tail = build(chars[:cut]), build(chars[cut:])
	head.space, tail.space = wd.space, wd.space
	tail.breakAfter = wd.breakAfter
	return head, tail
}

// baseline is where text of size pt sits in a line box of height lh whose top is at top.
func baseline(top, lh, size float64) float64 {
	return top + lh/2 + 0.35*size*ptToMM
}

// setLine draws one line whose box top is at top.
func (l *layouter) setLine(pl pline, x, width, top float64, b box) {
	extra := 0.0
	switch b.align {
	case alignJustify:
		if pl.justify {
			if e := (width - pl.natural) / float64(len(pl.words)-1); e <= maxStretch {
				extra = e
			}
		}
	case alignCenter:
		x += (width - pl.natural) / 2
	case alignRight:
		x += width - pl.natural
	}
	y := baseline(top, b.lh, b.size)
	// Consecutive words in the same face are drawn as one string with real spaces when the gaps are
	// natural: fewer operators, and text extraction sees ordinary spaces.
	var pend mfrag
	var pendX float64
	flush := func() {
		if pend.text == "" {
			return
		}
		l.emit(op{kind: opText, face: pend.face, x: pendX, y: y, s: pend.text})
		if pend.url != "" {
			asc := 0.8 * pend.face.size * ptToMM
			l.emit(op{kind: opLink, x: pendX, y: y - asc, w: pend.w, h: asc * 1.3, s: pend.url})
		}
		pend = mfrag{}
	}
	for i, wd := range pl.words {
		for j, f := range wd.frags {
			joinable := pend.text != "" && pend.face == f.face && pend.url == f.url
			switch {
			case j == 0 && i > 0 && extra == 0 && joinable:
				sp := pl.words[i-1].space
				pend.text += " " + f.text
				pend.w += sp + f.w
			case j > 0 && joinable:
				pend.text += f.text
				pend.w += f.w
			default:
				flush()
				pend, pendX = f, x
			}
			x += f.w
		}
		if i < len(pl.words)-1 {
			x += wd.space + extra
			if extra > 0 {
				flush()
			}
		}
	}
	flush()
}

// textBlock is a measured, broken paragraph ready to be placed.
type textBlock struct {
	lines []pline
	b     box
}

func (l *layouter) prepare(runs []document.Run, b box) textBlock {
	var words []word
	if l.sc != nil {
		words = l.sc.split.split(runs)
	} else {
		words = splitWords(runs)
	}
	ws := l.measure(words, b)
	return textBlock{lines: l.breakLines(ws, b.w, b.w-b.hang), b: b}
}

func (t textBlock) height() float64 { return float64(len(t.lines)) * t.b.lh }

// place sets the lines at the cursor, moving to a new page as needed without leaving a paragraph's first
// or last line alone at the foot or head of a page. marker, if any, is drawn left of the first line.
func (l *layouter) place(t textBlock, marker string, markerX float64) {
	n := len(t.lines)
	lh := t.b.lh
	if n == 0 {
		return
	}
	l.need(lh * float64(min(n, 2)))
	for i, pl := range t.lines {
		room := int((contentBot - l.y + 0.001) / lh)
		switch {
		case room < 1:
			l.newPage()
		case room == 1 && n-i == 2 && i >= 2:
			// The last line would be a widow on the next page: carry the one before it along.
			l.newPage()
		}
		x, w := t.b.x, t.b.w
		if i > 0 {
			x, w = x+t.b.hang, w-t.b.hang
		}
		if i == 0 && marker != "" {
			fc := t.b.face(styleRegular)
			l.emit(op{kind: opText, face: fc, x: markerX, y: baseline(l.y, lh, t.b.size), s: marker})
		}
		l.setLine(pl, x, w, l.y, t.b)
		l.y += lh
	}
}

// text places a paragraph of plain text.
func (l *layouter) text(s string, b box) {
	l.place(l.prepare([]document.Run{document.T(s)}, b), "", 0)
}

func body() box {
	return box{x: marginL, w: textW, align: alignJustify, size: bodySize, lh: bodyLH}
}

// letter lays out everything up to the signatures.
func (l *layouter) letter(d *document.Document) {
	l.newPage()
	senderW := l.opts.WindowLeftMM - gutter - marginL
	for i, s := range d.Sender {
		b := box{x: marginL, w: senderW, hang: 3, size: bodySize, lh: bodyLH}
		if i == 0 {
			b.base = styleBold
		}
		l.text(s, b)
	}
	senderBottom := l.y

	l.y = l.opts.WindowTopMM
	for _, s := range d.Recipient {
		l.text(s, box{x: l.opts.WindowLeftMM, w: l.opts.WindowWidthMM, hang: 3, size: bodySize, lh: bodyLH})
	}
	l.y = max(l.y, senderBottom) + 10

	if d.PlaceDate != "" {
		l.text(d.PlaceDate, box{x: marginL, w: textW, align: alignRight, size: bodySize, lh: bodyLH})
		l.y += 6
	}
	if d.Sending != "" {
		l.text(d.Sending, box{x: marginL, w: textW, size: bodySize, lh: bodyLH, base: styleBold})
		l.y += 3
	}
	if d.Object != "" {
		l.labelled(labelObject, d.Object, true)
	}
	for _, r := range d.References {
		l.labelled(r.Label+nnbsp+":", r.Value, false)
	}
	if d.Salutation != "" {
		l.y += 8
		l.text(d.Salutation, body())
	}

	num := 0
	for _, s := range d.Sections {
		prefix := ""
		if s.Numbered {
			num++
			prefix = strconv.Itoa(num) + ". "
		}
		l.section(prefix, s.Title, s.Blocks)
	}
	l.closing(d)
}

// labelled sets « Label : value » with continuation lines aligned after the label.
func (l *layouter) labelled(label, value string, boldLabel bool) {
	b := box{x: marginL, w: textW, size: bodySize, lh: bodyLH}
	lab := document.Run{Text: label, Strong: boldLabel}
	b.hang = l.pw.width(b.face(styleOf(lab)), label+" ")
	l.place(l.prepare([]document.Run{lab, document.T(" " + value)}, b), "", 0)
}

// section sets an optional title kept with the first lines of its text, then the blocks.
func (l *layouter) section(prefix, title string, blocks []document.Block) {
	l.space(sectionGap)
	if strings.TrimSpace(title) != "" {
		b := body()
		b.align, b.base = alignLeft, styleBold
		b.hang = l.pw.width(face{styleBold, bodySize}, prefix)
		t := l.prepare([]document.Run{document.T(prefix + title)}, b)
		l.need(t.height() + 2 + 2*bodyLH)
		l.place(t, "", 0)
		l.y += 2
	}
	l.blocks(blocks)
}

// blocks sets a sequence of blocks with the space between them.
func (l *layouter) blocks(blocks []document.Block) {
	for i, bl := range blocks {
		if i > 0 {
			l.space(blockGap)
		}
		keep := 0.0
		if i+1 < len(blocks) && introduces(bl) {
			keep = blockGap + bodyLH
		}
		l.block(bl, body(), keep)
	}
}

// introduces reports a paragraph ending with a colon: it announces what follows (usually a list) and must
// not end a page.
func introduces(bl document.Block) bool {
	if bl.Kind != document.Paragraph || len(bl.Runs) == 0 {
		return false
	}
	return strings.HasSuffix(strings.TrimSpace(bl.Runs[len(bl.Runs)-1].Text), ":")
}

// block sets a paragraph or a list. keep is the height that must fit after a short paragraph on the
// same page (the first line of what it introduces).
func (l *layouter) block(bl document.Block, b box, keep float64) {
	switch bl.Kind {
	case document.BulletList, document.NumberedList:
		markers := make([]string, len(bl.Items))
		widths := make([]float64, len(bl.Items))
		mw := 0.0
		for i := range bl.Items {
			markers[i] = "–"
			if bl.Kind == document.NumberedList {
				markers[i] = strconv.Itoa(i+1) + "."
			}
			widths[i] = l.pw.width(b.face(styleRegular), markers[i])
			mw = max(mw, widths[i])
		}
		indent := max(listIndent, mw+4)
		ib := b
		ib.x, ib.w = b.x+indent, b.w-indent
		items := make([]textBlock, len(bl.Items))
		for i, it := range bl.Items {
			items[i] = l.prepare(it, ib)
		}
		n := len(items)
		for i, t := range items {
			if i > 0 {
				l.space(itemGap)
			}
			// A one-line last item alone at the top of a page reads as a stray line: take the item
			// before it along.
			if i >= 1 && i == n-2 && len(items[n-1].lines) == 1 &&
				!l.fits(t.height()+itemGap+items[n-1].height()) && l.fits(t.height()) {
				l.newPage()
			}
			// Numbers are right-aligned on a common edge, 2.5 mm before the text.
			l.place(t, markers[i], ib.x-2.5-widths[i])
		}
	default:
		t := l.prepare(bl.Runs, b)
		if keep > 0 && len(t.lines) <= 3 {
			l.need(t.height() + keep)
		}
		l.place(t, "", 0)
	}
}

// closing sets the formule de politesse and the signatures, kept on one page so that no signature
// stands alone at the top of a page.
func (l *layouter) closing(d *document.Document) {
	var t textBlock
	h := 0.0
	if d.Closing != "" {
		t = l.prepare([]document.Run{document.T(d.Closing)}, body())
		h += t.height()
	}
	cols, x0, colW := l.signatureColumns(len(d.Signatures))
	rows := l.signatureRows(d.Signatures, cols, colW)
	for _, r := range rows {
		h += r.height()
	}
	l.space(sectionGap)
	l.need(h)
	if d.Closing != "" {
		l.place(t, "", 0)
	}
	for _, r := range rows {
		l.need(r.height())
		l.y += signSpace
		top := l.y
		for c, cell := range r.cells {
			l.y = top
			for _, part := range cell {
				part.b.x = x0 + float64(c)*colW
				l.place(part, "", 0)
			}
		}
		l.y = top + r.height() - signSpace
	}
}

// signatureColumns puts a single signatory under the recipient block, as French letters do, and several
// side by side across the text width, at most three to a row.
func (l *layouter) signatureColumns(n int) (cols int, x0, colW float64) {
	if n <= 1 {
		return 1, l.opts.WindowLeftMM, pageW - marginR - l.opts.WindowLeftMM
	}
	cols = min(n, 3)
	return cols, marginL, textW / float64(cols)
}

type signatureRow struct {
	cells [][]textBlock // per column: name, role
}

func (r signatureRow) height() float64 {
	h := 0.0
	for _, c := range r.cells {
		ch := 0.0
		for _, t := range c {
			ch += t.height()
		}
		h = max(h, ch)
	}
	return signSpace + h
}

func (l *layouter) signatureRows(sigs []document.Signature, cols int, colW float64) []signatureRow {
	var rows []signatureRow
	for i, s := range sigs {
		if i%cols == 0 {
			rows = append(rows, signatureRow{})
		}
		r := &rows[len(rows)-1]
		b := box{w: colW - 4, align: alignCenter, size: bodySize, lh: bodyLH}
		nb := b
		nb.base = styleBold
		cell := []textBlock{l.prepare([]document.Run{document.T(s.Name)}, nb)}
		if s.Role != "" {
			cell = append(cell, l.prepare([]document.Run{document.T(s.Role)}, b))
		}
		r.cells = append(r.cells, cell)
	}
	return rows
}

// Bordereau table geometry: column widths sum to textW.
var borderCols = [4]float64{12, 66, 32, textW - 12 - 66 - 32}

const (
	cellPadX  = 1.5
	cellPadY  = 1.3
	cellSize  = 9.5
	cellLH    = 4.3
	hashSize  = 8.0
	hashLH    = 3.7
	titleSize = 13.0
)

// bordereau sets the list of exhibits as a table on its own page, the header row repeated on every page
// it spans. Each exhibit's SHA-256 gets a row of its own across the text columns, in a smaller size, so
// the 64 hexadecimal digits stay on one line (and copy out in one piece) instead of being cut to fit a
// column.
func (l *layouter) bordereau(ex []document.Exhibit) {
	if len(ex) == 0 {
		return
	}
	l.newPage()
	l.text(bordereauTitle, box{x: marginL, w: textW, align: alignCenter, size: titleSize, lh: 7, base: styleBold})
	l.y += 5
	l.tableHeader()
	for i, e := range ex {
		n := e.Number
		if n == 0 {
			n = i + 1
		}
		cells := [4]textBlock{
			l.cell(strconv.Itoa(n), "", 0, alignCenter),
			l.cell(e.Title, "", 1, alignLeft),
			l.cell(e.Date, "", 2, alignLeft),
			l.cell(e.Origin, linkTarget(e.Origin), 3, alignLeft),
		}
		mainH := 0.0
		for _, c := range cells {
			mainH = max(mainH, c.height())
		}
		mainH += 2 * cellPadY
		var hash textBlock
		hashH := 0.0
		if e.SHA256 != "" {
			hb := box{x: marginL + borderCols[0] + cellPadX, w: textW - borderCols[0] - 2*cellPadX, size: hashSize, lh: hashLH}
			hash = l.prepare([]document.Run{{Text: "SHA-256" + nnbsp + ":", Emphasis: true}, document.T(" " + e.SHA256)}, hb)
			hashH = hash.height() + 2*cellPadY
		}
		if l.y+mainH+hashH > contentBot {
			l.newPage()
			l.tableHeader()
		}
		top := l.y
		for _, cell := range cells {
			l.y = top + cellPadY
			l.place(cell, "", 0)
		}
		l.y = top + mainH
		if e.SHA256 != "" {
			l.rule(marginL+borderCols[0], l.y, marginL+textW, l.y, 190, 0.1)
			l.y += cellPadY
			l.place(hash, "", 0)
			l.y += cellPadY
		}
		l.gridRow(top, mainH, l.y-top)
	}
}

// cell prepares the text of column c of the bordereau.
func (l *layouter) cell(s, url string, c int, align alignment) textBlock {
	x := marginL
	for i := 0; i < c; i++ {
		x += borderCols[i]
	}
	return l.prepare([]document.Run{{Text: s, URL: url}}, box{x: x + cellPadX, w: borderCols[c] - 2*cellPadX, align: align, size: cellSize, lh: cellLH})
}

func (l *layouter) tableHeader() {
	heads := [4]string{"N°", "Intitulé", "Date", "Origine"}
	h := cellLH + 2*cellPadY
	l.emit(op{kind: opFill, x: marginL, y: l.y, w: textW, h: h, gray: 230})
	top := l.y
	x := marginL
	for c, s := range heads {
		align := alignLeft
		if c == 0 {
			align = alignCenter
		}
		l.y = top + cellPadY
		l.text(s, box{x: x + cellPadX, w: borderCols[c] - 2*cellPadX, align: align, size: cellSize, lh: cellLH, base: styleBold})
		x += borderCols[c]
	}
	l.y = top + h
	l.gridRow(top, h, h)
}

// gridRow draws the borders of a table row of total height h whose text columns end at mainH (below it
// only the number column is separated: that is the SHA-256 row).
func (l *layouter) gridRow(top, mainH, h float64) {
	const g, lw = 0, 0.2
	l.rule(marginL, top, marginL+textW, top, g, lw)
	l.rule(marginL, top+h, marginL+textW, top+h, g, lw)
	x := marginL
	l.rule(x, top, x, top+h, g, lw)
	for c, cw := range borderCols {
		x += cw
		switch {
		case c == 0 || c == len(borderCols)-1:
			l.rule(x, top, x, top+h, g, lw)
		default:
			l.rule(x, top, x, top+mainH, g, lw)
		}
	}
}

func (l *layouter) rule(x1, y1, x2, y2 float64, gray int, lw float64) {
	l.emit(op{kind: opLine, x: x1, y: y1, w: x2, h: y2, gray: gray, lw: lw})
}

// linkTarget returns s if it is a web address worth making clickable.
func linkTarget(s string) string {
	if (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsAny(s, " \t\n") {
		return s
	}
	return ""
}

// annexes sets each annex from a new page under a centred title.
func (l *layouter) annexes(as []document.Annex) {
	for i, a := range as {
		l.newPage()
		l.text(annexTitle(i, a), box{x: marginL, w: textW, align: alignCenter, size: titleSize, lh: 7, base: styleBold})
		l.y += 4
		l.blocks(a.Blocks)
	}
}

// annexTitle is « Annexe 1 – Liste des mandants ».
func annexTitle(i int, a document.Annex) string {
	t := "Annexe " + strconv.Itoa(i+1)
	if a.Title != "" {
		t += " – " + a.Title
	}
	return t
}

// pageNumbers adds « n/N » to every page. The total is known because layout is finished before anything
// is drawn, which is why gofpdf's AliasNbPages is not used: it substitutes the digits after the font
// subset is fixed, so a digit the letter never uses otherwise comes out as an empty glyph (seen with
// « 8 »), and the centring is computed on the width of the alias, not of the number.
func (l *layouter) pageNumbers() {
	n := len(l.pages)
	fc := face{styleRegular, 9}
	for i := range l.pages {
		s := strconv.Itoa(i+1) + "/" + strconv.Itoa(n)
		w := l.pw.width(fc, s)
		l.pages[i] = append(l.pages[i], op{kind: opText, face: fc, x: (pageW - w) / 2, y: footerBase, s: s})
	}
}
