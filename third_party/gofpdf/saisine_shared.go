// saisine: this file is not part of upstream gofpdf v1.16.2; see README.md.

package gofpdf

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"sort"
	"strconv"
	"sync"
)

// UTF8Font is a TrueType font parsed once and shared read-only by any number of documents, including
// documents built concurrently. Upstream AddUTF8FontFromBytes parses the font, builds a 65,536-entry
// width table, hashes it (JSON + SHA-1) into a font ID and, at Output, parses the font a second time to
// subset it, for every document; with a UTF8Font each document only copies a few words and subsets from
// the tables prepared here.
type UTF8Font struct {
	data []byte      // the font file; never written (see generateChecksum)
	def  fontDefType // metrics and widths; Name, i and usedRunes are per document

	// preset, for a font made by NewUTF8FontPreset: a subset cut ahead of time for a repertoire of
	// runes (covers), embedded as it is by every document whose text stays within it.
	preset *FontPreset
	covers *[1 << 10]uint64

	// What subsetting needs that does not depend on the runes used, read from data by prepare: at
	// once by ParseUTF8Font, on the first document that leaves the repertoire for a preset font.
	once           sync.Once
	prepErr        error
	tables         map[string]*tableDescription
	charSymbol     map[int]int
	symbolPosition []int
	metricsCount   int
}

// ParseUTF8Font parses a TrueType font for AddUTF8FontParsed. data must not be modified afterwards; the
// package never writes into it.
func ParseUTF8Font(data []byte) (*UTF8Font, error) {
	utf := newUTF8Font(&fileReader{array: data})
	if err := utf.parseFile(); err != nil {
		return nil, err
	}
	s := &UTF8Font{
		data: data,
		def: fontDefType{
			Tp: "UTF8",
			Desc: FontDescType{
				Ascent:       int(utf.Ascent),
				Descent:      int(utf.Descent),
				CapHeight:    utf.CapHeight,
				Flags:        utf.Flags,
				FontBBox:     utf.Bbox,
				ItalicAngle:  utf.ItalicAngle,
				StemV:        utf.StemV,
				MissingWidth: round(utf.DefaultWidth),
			},
			Up: int(round(utf.UnderlinePosition)),
			Ut: round(utf.UnderlineThickness),
			Cw: utf.CharWidths,
		},
	}
	if err := s.takeTables(utf); err != nil {
		return nil, err
	}
	s.def.shared = s
	return s, nil
}

// takeTables keeps what prepareCut would read again: the tables and the cmap of a parse.
func (s *UTF8Font) takeTables(utf *utf8FontFile) error {
	if len(utf.charSymbolDictionary) == 0 {
		return errors.New("gofpdf: font has no Unicode cmap")
	}
	locaFormat := utf.getUint16(utf.tableDescriptions["head"].position + 50)
	utf.SeekTable("hhea")
	utf.skip(34)
	metricsCount := utf.readUint16()
	utf.SeekTable("maxp")
	utf.skip(4)
	numSymbols := utf.readUint16()
	utf.parseLOCATable(locaFormat, numSymbols)
	s.tables, s.charSymbol, s.symbolPosition, s.metricsCount =
		utf.tableDescriptions, utf.charSymbolDictionary, utf.symbolPosition, metricsCount
	return nil
}

// prepare parses the font file for subsetting, once, unless ParseUTF8Font did it already.
func (s *UTF8Font) prepare() error {
	s.once.Do(func() {
		if s.tables != nil {
			return
		}
		utf := newUTF8Font(&fileReader{array: s.data})
		if s.prepErr = utf.parseFile(); s.prepErr == nil {
			s.prepErr = s.takeTables(utf)
		}
	})
	return s.prepErr
}

// cutter returns a subsetter of its own (reader position, output tables) over the shared tables.
//
// Its subsets have no name table: a PDF reader takes the font's name from the PDF objects, and ISO
// 32000-1 (9.9, FontFile2) requires only glyf, head, hhea, hmtx, loca, maxp, cvt, fpgm and prep. The name
// table of Liberation Serif carries its licence notice and is most of what a subset of a few dozen
// glyphs weighs: leaving it out makes a letter about 4.7 KB smaller.
//
// Nor do they carry TrueType hinting (the cvt, fpgm, prep and gasp tables and each glyph's
// instructions): Liberation Serif is heavily hinted, and its instructions are 60 % of a subset.
// Viewers that rasterise PDF text (pdf.js, PDFium, Preview, Acrobat, poppler without its FreeType
// hinting option) draw outlines without them, and print does not use them.
func (s *UTF8Font) cutter() (*utf8FontFile, error) {
	if err := s.prepare(); err != nil {
		return nil, err
	}
	return &utf8FontFile{
		fileReader:           &fileReader{array: s.data},
		tableDescriptions:    s.tables,
		charSymbolDictionary: s.charSymbol,
		symbolPosition:       s.symbolPosition,
		oldMetrics:           s.metricsCount,
		noName:               true,
		noHints:              true,
	}, nil
}

// AddUTF8FontParsed is AddUTF8FontFromBytes for a font parsed once with ParseUTF8Font. The output is
// byte for byte the one AddUTF8FontFromBytes gives for the same font bytes.
func (f *Fpdf) AddUTF8FontParsed(familyStr, styleStr string, font *UTF8Font) {
	if f.err != nil {
		return
	}
	familyStr = fontFamilyEscape(familyStr)
	fontkey := getFontKey(familyStr, styleStr)
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	def := font.def
	def.Name = fontkey
	if f.aliasNbPagesStr == "" {
		def.usedRunes = makeSubsetRange(57)
	} else {
		def.usedRunes = makeSubsetRange(32)
	}
	def.seen = new([1 << 10]uint64)
	// The ID names the font in the page resources. Upstream's is a SHA-1 of the JSON of the whole
	// definition (65,536 widths: milliseconds per font); the key in hexadecimal is as unique within a
	// document, cannot meet upstream's 40-digit IDs of other fonts, and is shorter in every Tf.
	def.i = "u" + hex.EncodeToString([]byte(fontkey))
	f.fonts[fontkey] = def
}

// RuneWidth is the advance of r in thousandths of the font size, as GetStringSymbolWidth counts it.
func (s *UTF8Font) RuneWidth(r rune) int {
	cw := s.def.Cw
	if r >= 0 && int(r) < len(cw) && cw[r] > 0 {
		if cw[r] != 65535 {
			return cw[r]
		}
		return 0
	}
	if s.def.Desc.MissingWidth != 0 {
		return s.def.Desc.MissingWidth
	}
	return 500
}

// textUTF8 is Text for a UTF-8 font without right-to-left, underline, strike-out or colour: upstream
// builds the line through utf8toutf16, four strings.Replace passes, fmt.Sprintf and a map write per
// rune; this appends the same bytes to the page directly.
func (f *Fpdf) textUTF8(x, y float64, s string) {
	b := append(f.scratch[:0], "BT "...)
	b = appendFixed2(b, x*f.k)
	b = append(b, ' ')
	b = appendFixed2(b, (f.h-y)*f.k)
	b = append(b, " Td ("...)
	b = appendUTF16Escaped(b, s)
	b = append(b, ") Tj ET\n"...)
	f.pages[f.page].Write(b)
	f.scratch = b
	f.markUsed(s)
}

// appendUTF16Escaped appends the UTF-16BE encoding of utf8toutf16 (including its handling of malformed
// input), escaped as escape does it, byte by byte.
func appendUTF16Escaped(b []byte, s string) []byte {
	put := func(c byte) {
		switch c {
		case '\\', '(', ')':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	for i := 0; i < len(s); {
		c1 := s[i]
		i++
		switch {
		case c1 >= 224:
			c2 := s[i]
			i++
			c3 := s[i]
			i++
			put(((c1 & 0x0F) << 4) + ((c2 & 0x3C) >> 2))
			put(((c2 & 0x03) << 6) + (c3 & 0x3F))
		case c1 >= 192:
			c2 := s[i]
			i++
			put((c1 & 0x1C) >> 2)
			put(((c1 & 0x03) << 6) + (c2 & 0x3F))
		default:
			put(0)
			put(c1)
		}
	}
	return b
}

// markUsed records the runes of s in the current font's usedRunes, once each thanks to seen.
func (f *Fpdf) markUsed(s string) {
	used, seen := f.currentFont.usedRunes, f.currentFont.seen
	for _, r := range s {
		if seen != nil && r >= 0 && r < 1<<16 {
			if seen[r>>6]&(1<<(r&63)) != 0 {
				continue
			}
			seen[r>>6] |= 1 << (r & 63)
		}
		used[int(r)] = int(r)
	}
}

// putUsedWidths writes the /W array of a shared font's CIDFont: the width of each code the document
// used, as runs of consecutive codes. Upstream's generateCIDFontMap also lists every code below 256
// and compacts runs of equal widths through PHP-style arrays whose inserts are quadratic; it was a
// tenth of a letter's time. The widths of the codes a page shows are the same.
func (f *Fpdf) putUsedWidths(font *fontDefType) {
	codes := make([]int, 0, len(font.usedRunes))
	for cid, used := range font.usedRunes {
		if used != 0 && cid > 0 && cid < len(font.Cw) && font.Cw[cid] != 0 {
			codes = append(codes, cid)
		}
	}
	sort.Ints(codes)
	b := append(f.scratch[:0], "/W ["...)
	for i, cid := range codes {
		if i == 0 || cid != codes[i-1]+1 {
			if i > 0 {
				b = append(b, ']')
			}
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(cid), 10)
			b = append(b, " ["...)
		} else {
			b = append(b, ' ')
		}
		w := font.Cw[cid]
		if w == 65535 {
			w = 0
		}
		b = strconv.AppendInt(b, int64(w), 10)
	}
	if len(codes) > 0 {
		b = append(b, ']')
	}
	b = append(b, " ]"...)
	f.out(string(b))
	f.scratch = b
}

// CompressPagesEarly makes a document with compression on keep each finished page only compressed:
// the page's content stream is deflated when the next page begins (or at Output) and its buffer
// dropped, so that a document of thousands of pages holds a few kilobytes per page until Output
// instead of the whole uncompressed text; Output then hands the pages to its writer as it assembles
// them rather than building the whole file first. The bytes written are the same. A document that uses it
// must not go back to an earlier page (SetPage) nor rely on page aliases (AliasNbPages, RegisterAlias):
// pages finished while aliases are registered are kept uncompressed, as upstream does.
func (f *Fpdf) CompressPagesEarly(on bool) {
	f.compressEarly = on
}

func (f *Fpdf) compressFinishedPage() {
	if !f.compressEarly || !f.compress || f.page < 1 || f.aliasNbPagesStr != "" || len(f.aliasMap) > 0 {
		return
	}
	for len(f.pagesZ) <= f.page {
		f.pagesZ = append(f.pagesZ, nil)
	}
	if f.pagesZ[f.page] != nil {
		return
	}
	f.pagesZ[f.page] = sliceCompress(f.pages[f.page].Bytes())
	if f.spare == nil {
		f.spare = f.pages[f.page] // its capacity serves the next page
	} else if f.pages[f.page].Cap() <= 1<<20 {
		pageBuffers.Put(f.pages[f.page])
	}
	f.pages[f.page] = new(bytes.Buffer)
}

// sharedCut is the subset of one shared font, made by its own goroutine, or its preset.
type sharedCut struct {
	done       chan struct{}
	utf        *utf8FontFile
	size       int
	compressed []byte
	cidToGID   []byte // compressed
	err        error
}

// cutSharedFonts starts subsetting and compressing every shared UTF-8 font of the document at once:
// they are independent (each has its own subsetter over read-only tables) and were a third of a
// letter's time one after the other. putfonts waits for each when it reaches it, so the bytes are
// those of the sequential code. A preset font whose repertoire covers the runes the document used
// needs no work at all: its subset was cut and compressed ahead of time.
func (f *Fpdf) cutSharedFonts(keys []string) map[string]*sharedCut {
	cuts := map[string]*sharedCut{}
	for _, key := range keys {
		font := f.fonts[key]
		if font.Tp != "UTF8" || font.shared == nil {
			continue
		}
		delete(font.usedRunes, 0) // as putfonts does before subsetting, but before any goroutine reads
		c := &sharedCut{done: make(chan struct{})}
		cuts[key] = c
		if p := font.shared.preset; p != nil && font.shared.coversAll(font.usedRunes) {
			c.size, c.compressed, c.cidToGID = p.FontLen, p.Font, p.CIDToGID
			close(c.done)
			continue
		}
		go func(used map[int]int) {
			defer close(c.done)
			if c.utf, c.err = font.shared.cutter(); c.err != nil {
				return
			}
			stream := c.utf.cut(used)
			c.size = len(stream)
			c.compressed = sliceCompress(stream)
			c.cidToGID = sliceCompress(cidToGIDMap(c.utf.CodeSymbolDictionary))
		}(font.usedRunes)
	}
	return cuts
}

// bufPos is the offset in the document of the next byte written to f.buffer.
func (f *Fpdf) bufPos() int {
	return f.flushed + f.buffer.Len()
}

// flushPages hands what Output has assembled so far to its writer once it passes 64 KiB, so that a
// document of thousands of pages is not built a second time in memory (after its deflated pages) before
// being written. Only for documents with CompressPagesEarly; the bytes are the same.
func (f *Fpdf) flushPages() {
	if f.streamTo == nil || f.buffer.Len() < 64<<10 || f.err != nil {
		return
	}
	n, err := f.streamTo.Write(f.buffer.Bytes())
	f.flushed += n
	f.buffer.Reset()
	if err != nil {
		f.err = err
	}
}

// TextLine draws texts[i] at (xs[i], y) in the current font, like one Text call for each, as one text
// object: the first with an absolute Td, the next ones with Td relative to the previous, in the same
// hundredths of a point as Text would print, so every word lands exactly where Text puts it. A
// justified line drawn word by word shrinks by about a third; text extraction (each word's
// position) does not change. Lines that Text would draw another way (not UTF-8, right-to-left,
// underline, strike-out, colour) fall back to Text.
func (f *Fpdf) TextLine(y float64, xs []float64, texts []string) {
	if !f.isCurrentUTF8 || f.isRTL || f.underline || f.strikeout || f.colorFlag || f.state != 2 || len(xs) < 2 {
		for i := range xs {
			f.Text(xs[i], y, texts[i])
		}
		return
	}
	b := append(f.scratch[:0], "BT "...)
	prev := 0
	for i, x := range xs {
		at := len(b)
		b = appendFixed2(b, x*f.k)
		cur := hundredths(b[at:])
		if i > 0 {
			b = appendHundredths(b[:at], cur-prev)
			b = append(b, " 0 Td ("...)
		} else {
			b = append(b, ' ')
			b = appendFixed2(b, (f.h-y)*f.k)
			b = append(b, " Td ("...)
		}
		prev = cur
		b = appendUTF16Escaped(b, texts[i])
		b = append(b, ") Tj "...)
		f.markUsed(texts[i])
	}
	b = append(b, "ET\n"...)
	f.pages[f.page].Write(b)
	f.scratch = b
}

// hundredths reads a number printed with two decimals as an integer count of hundredths.
func hundredths(num []byte) int {
	n, neg := 0, false
	for _, c := range num {
		switch {
		case c == '-':
			neg = true
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		}
	}
	if neg {
		return -n
	}
	return n
}

// appendHundredths prints n hundredths with two decimals, as %.2f prints n/100.
func appendHundredths(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, int64(n/100), 10)
	return append(b, '.', byte('0'+n%100/10), byte('0'+n%10))
}

// withoutInstructions returns a copy of one glyf entry without its TrueType instructions: for a simple
// glyph the instruction bytes after endPtsOfContours (their length set to 0), for a composite glyph the
// instructions after the last component (WE_HAVE_INSTRUCTIONS cleared). A malformed entry is returned
// as it is.
func withoutInstructions(g []byte) []byte {
	if len(g) < 10 {
		return g
	}
	n := int(int16(uint16(g[0])<<8 | uint16(g[1])))
	if n >= 0 {
		at := 10 + 2*n
		if at+2 > len(g) {
			return g
		}
		il := int(uint16(g[at])<<8 | uint16(g[at+1]))
		if at+2+il > len(g) {
			return g
		}
		out := make([]byte, 0, len(g)-il)
		out = append(out, g[:at]...)
		out = append(out, 0, 0)
		return append(out, g[at+2+il:]...)
	}
	out := append([]byte(nil), g...)
	at := 10
	for {
		if at+4 > len(out) {
			return g
		}
		flags := int(uint16(out[at])<<8 | uint16(out[at+1]))
		if flags&0x0100 != 0 {
			flags &^= 0x0100
			out[at], out[at+1] = byte(flags>>8), byte(flags)
		}
		at += 4
		if flags&symbolWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&symbolScale != 0:
			at += 2
		case flags&symbolAllScale != 0:
			at += 4
		case flags&symbol2x2 != 0:
			at += 8
		}
		if flags&symbolContinue == 0 {
			break
		}
	}
	if at > len(out) {
		return g
	}
	return out[:at]
}

// Buffers of documents made with CompressPagesEarly, kept from one document to the next: the
// document's own buffer, which Output fills with the fonts and up to 64 KiB between writes
// (flushPages), and the page buffers, each grown to a page of text. A letter allocated them anew each
// time: a quarter of what it allocated.
var (
	docBuffers  = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// takeDocBuffer gives the document a pooled buffer, with room for the fonts and what flushPages keeps,
// when nothing is written in its own yet.
func (f *Fpdf) takeDocBuffer() {
	if f.buffer.Len() != 0 {
		return
	}
	b := docBuffers.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(128 << 10)
	f.buffer.Buffer = *b
}

// releaseBuffers returns the document's buffer and its spare page buffer to their pools once Output
// has written everything. The document is closed: none of its methods may be called any more.
func (f *Fpdf) releaseBuffers() {
	if f.buffer.Cap() <= 1<<20 {
		b := new(bytes.Buffer)
		*b = f.buffer.Buffer
		b.Reset()
		docBuffers.Put(b)
	}
	f.buffer = fmtBuffer{}
	if f.spare != nil && f.spare.Cap() <= 1<<20 {
		pageBuffers.Put(f.spare)
	}
	f.spare = nil
}

// appendFixed2 appends v with two decimals, as strconv.AppendFloat(b, v, 'f', 2, 64) does, without its
// general algorithm for the usual coordinate: v·100 is rounded to the nearest integer unless it falls
// within a millionth of a half, where only the exact decimal expansion knows the way, and strconv
// decides.
func appendFixed2(b []byte, v float64) []byte {
	if v >= 0 && v < 1e9 {
		n := v * 100
		fl := math.Floor(n)
		if frac := n - fl; math.Abs(frac-0.5) > 1e-6 {
			r := int(fl)
			if frac > 0.5 {
				r++
			}
			return appendHundredths(b, r)
		}
	}
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// outBytes writes b then tail as one line, as out does, without building a string.
func (f *Fpdf) outBytes(b []byte, tail string) {
	b = append(b, tail...)
	b = append(b, '\n')
	if f.state == 2 {
		f.pages[f.page].Write(b)
	} else {
		f.buffer.Write(b)
	}
	f.scratch = b
}

// outFontSize writes what upstream printed with "BT /F%s %.2f Tf ET".
func (f *Fpdf) outFontSize() {
	b := append(f.scratch[:0], "BT /F"...)
	b = append(b, f.currentFont.i...)
	b = append(b, ' ')
	b = appendFixed2(b, f.fontSizePt)
	f.outBytes(b, " Tf ET")
}

// outFixed2s writes vs with two decimals, space-separated, then tail; for a line (four numbers) the
// operator m sits between the second and the third, as in upstream's "%.2f %.2f m %.2f %.2f l S".
func (f *Fpdf) outFixed2s(tail string, vs ...float64) {
	b := f.scratch[:0]
	for i, v := range vs {
		if i > 0 {
			b = append(b, ' ')
			if i == 2 && len(vs) == 4 {
				b = append(b, "m "...)
			}
		}
		b = appendFixed2(b, v)
	}
	f.outBytes(b, tail)
}
