// saisine: tests of the changes listed in README.md. Run with `go test -race .` in this directory.

package gofpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The letter typeface of the repository this copy lives in.
var fontPaths = []string{
	"../../assets/fonts/LiberationSerif-Regular.ttf",
	"../../assets/fonts/LiberationSerif-Bold.ttf",
	"../../assets/fonts/LiberationSerif-Italic.ttf",
}

// Lines that exercise escaping ( ) \ and U+2028, whose UTF-16 bytes are 0x20 0x28 « (»), accents,
// no-break spaces, a character the font lacks and a malformed byte.
var sampleLines = []string{
	"Madame, Monsieur,",
	"l’article 77 du RGPD (règlement 2016/679)\u202f; « vidéoprotection » — n°\u00a012",
	`C:\dossier\pièce (1).pdf`,
	"ligne\u2028séparée\r",
	"Saint\u2011Denis œ Œ ç É à ï",
	"octet \xff invalide",
	"",
}

func readFonts(t testing.TB) [][]byte {
	t.Helper()
	var fonts [][]byte
	for _, p := range fontPaths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Skipf("font not found: %v", err)
		}
		fonts = append(fonts, b)
	}
	return fonts
}

// letter writes sampleLines over two pages with the three faces, loaded by add.
func letter(t testing.TB, add func(f *Fpdf, style string, i int)) []byte {
	t.Helper()
	f := NewCustom(&InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(true)
	f.SetCatalogSort(true)
	date := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	styles := []string{"", "B", "I"}
	for i, st := range styles {
		add(f, st, i)
	}
	for page := 0; page < 2; page++ {
		f.AddPage()
		for i, line := range sampleLines {
			f.SetFont("serif", styles[(i+page)%3], 11)
			f.Text(20, 20+float64(i)*6, line)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parseAll(t testing.TB, fonts [][]byte) []*UTF8Font {
	t.Helper()
	var parsed []*UTF8Font
	for _, b := range fonts {
		p, err := ParseUTF8Font(b)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, p)
	}
	return parsed
}

// A shared parse gives upstream's glyphs, text and widths: the same streams (but for the fonts'
// resource names) except the CIDToGIDMaps,
// which are upstream's cut after the last code used, and /W arrays that give each code shown the width
// upstream gives it.
func TestParsedFontMatchesFromBytes(t *testing.T) {
	fonts := readFonts(t)
	want := letter(t, func(f *Fpdf, style string, i int) {
		f.AddUTF8FontFromBytes("serif", style, bytes.Clone(fonts[i]))
	})
	parsed := parseAll(t, fonts)
	var first []byte
	for range 2 { // the second document subsets from the same shared tables
		got := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, parsed[i]) })
		if first == nil {
			first = got
		} else if !bytes.Equal(got, first) {
			t.Fatal("two documents differ")
		}
		ws, gs := streams(t, want), streams(t, got)
		if len(ws) != len(gs) {
			t.Fatalf("%d streams, upstream %d", len(gs), len(ws))
		}
		fontsCompared, mapsCompared := 0, 0
		for i := range ws {
			w, g := ws[i], gs[i]
			if len(w) == 1<<17 && len(g) < len(w) && len(g)%2 == 0 {
				mapsCompared++
				if !bytes.Equal(w[:len(g)], g) || bytes.Count(w[len(g):], []byte{0}) != len(w)-len(g) {
					t.Errorf("stream %d: CIDToGIDMap is not upstream's cut after its last glyph", i)
				}
			} else if bytes.HasPrefix(w, []byte{0, 1, 0, 0}) {
				fontsCompared++
				wt, gt := ttTables(w), ttTables(g)
				for _, name := range []string{"name", "cvt ", "fpgm", "prep", "gasp"} {
					delete(wt, name)
				}
				wg, gg := glyphs(wt), glyphs(gt)
				for _, name := range []string{"glyf", "loca"} {
					delete(wt, name)
					delete(gt, name)
				}
				if fmt.Sprint(wt) != fmt.Sprint(gt) {
					t.Errorf("stream %d: font subset is not upstream's without its name and hinting tables", i)
				}
				if len(wg) != len(gg) || len(gg) < 10 {
					t.Fatalf("stream %d: %d glyphs, upstream %d", i, len(gg), len(wg))
				}
				for j := range wg {
					if want := withoutInstructions(wg[j]); !bytes.Equal(gg[j], want) {
						t.Errorf("stream %d, glyph %d: % x, upstream without instructions % x", i, j, gg[j], want)
					}
					if len(gg[j]) > 0 && instructionBytes(gg[j]) != 0 {
						t.Errorf("stream %d, glyph %d: %d bytes of instructions left", i, j, instructionBytes(gg[j]))
					}
				}
			} else if !bytes.Equal(fontNames.ReplaceAll(w, []byte("/F ")), fontNames.ReplaceAll(g, []byte("/F "))) {
				t.Errorf("stream %d differs", i)
			}
		}
		if fontsCompared != 3 || mapsCompared != 3 {
			t.Fatalf("compared %d font programs and %d CIDToGIDMaps, want 3 of each", fontsCompared, mapsCompared)
		}
		wws, gws := widthArrays(want), widthArrays(got)
		if len(wws) != 3 || len(gws) != 3 {
			t.Fatalf("%d /W arrays, upstream %d", len(gws), len(wws))
		}
		for i := range wws {
			for cid, w := range gws[i] {
				if wws[i][cid] != w {
					t.Errorf("font %d, code %d: width %d, upstream %d", i, cid, w, wws[i][cid])
				}
			}
			// Bold and italic draw œ (U+0153), the line's style turning with the page.
			if _, ok := gws[i][0x153]; (!ok && i > 0) || len(gws[i]) < 20 {
				t.Errorf("font %d: %d widths, none for œ", i, len(gws[i]))
			}
		}
	}
}

// glyphs cuts the glyf table of tables at the offsets of its loca table (long or short, per head),
// each without its padding.
func glyphs(tables map[string][]byte) [][]byte {
	glyf, loca, long := tables["glyf"], tables["loca"], tables["head"][51] == 1
	var offsets []int
	for i := 0; i < len(loca); {
		if long {
			offsets = append(offsets, int(loca[i])<<24|int(loca[i+1])<<16|int(loca[i+2])<<8|int(loca[i+3]))
			i += 4
		} else {
			offsets = append(offsets, 2*(int(loca[i])<<8|int(loca[i+1])))
			i += 2
		}
	}
	var gs [][]byte
	for i := 0; i+1 < len(offsets); i++ {
		g := glyf[offsets[i]:offsets[i+1]]
		gs = append(gs, g[:glyphLen(g)])
	}
	return gs
}

// glyphLen is the length of a glyf entry without the padding after it, read from its own structure.
func glyphLen(g []byte) int {
	if len(g) < 10 {
		return len(g)
	}
	n := int(int16(uint16(g[0])<<8 | uint16(g[1])))
	if n < 0 {
		at, flags := 10, symbolContinue
		for flags&symbolContinue != 0 {
			flags = int(g[at])<<8 | int(g[at+1])
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
		}
		if flags&0x0100 != 0 {
			at += 2 + (int(g[at])<<8 | int(g[at+1]))
		}
		return at
	}
	points := int(g[10+2*n-2])<<8 | int(g[10+2*n-1]) + 1
	at := 10 + 2*n
	at += 2 + (int(g[at])<<8 | int(g[at+1]))
	// Flags (with repeats), then the x and y coordinates whose sizes the flags give.
	var flags []byte
	for len(flags) < points {
		fl := g[at]
		at++
		flags = append(flags, fl)
		if fl&8 != 0 {
			for range int(g[at]) {
				flags = append(flags, fl)
			}
			at++
		}
	}
	for _, fl := range flags {
		switch {
		case fl&2 != 0:
			at++
		case fl&16 == 0:
			at += 2
		}
	}
	for _, fl := range flags {
		switch {
		case fl&4 != 0:
			at++
		case fl&32 == 0:
			at += 2
		}
	}
	return at
}

// instructionBytes is the instruction length a glyf entry declares.
func instructionBytes(g []byte) int {
	n := int(int16(uint16(g[0])<<8 | uint16(g[1])))
	if n >= 0 {
		return int(g[10+2*n])<<8 | int(g[10+2*n+1])
	}
	if glyphLen(g) == len(withoutInstructions(g)) {
		return 0
	}
	return glyphLen(g) - len(withoutInstructions(g)) - 2
}

// ttTables returns the tables of a TrueType font, head without its whole-file checksum.
func ttTables(font []byte) map[string][]byte {
	tables := map[string][]byte{}
	n := int(font[4])<<8 | int(font[5])
	for i := range n {
		rec := font[12+16*i:]
		off := int(rec[8])<<24 | int(rec[9])<<16 | int(rec[10])<<8 | int(rec[11])
		size := int(rec[12])<<24 | int(rec[13])<<16 | int(rec[14])<<8 | int(rec[15])
		tables[string(rec[:4])] = bytes.Clone(font[off : off+size])
	}
	if head := tables["head"]; len(head) > 12 {
		copy(head[8:12], []byte{0, 0, 0, 0})
	}
	return tables
}

// fontNames matches the font resource names in Tf operators, which the font IDs make.
var fontNames = regexp.MustCompile(`/F[0-9a-z]+ `)

var streamRE = regexp.MustCompile(`/Length (\d+)[^>]*>>\nstream\n`)

// streams returns the decompressed streams of a PDF in file order.
func streams(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, m := range streamRE.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		data := pdf[m[1] : m[1]+n]
		if !bytes.HasPrefix(pdf[m[1]+n:], []byte("\nendstream")) {
			t.Fatalf("stream at %d: /Length %d does not reach endstream", m[1], n)
		}
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			raw, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("stream at %d: %v", m[1], err)
			}
			data = raw
		}
		out = append(out, data)
	}
	return out
}

var wRE = regexp.MustCompile(`(?s)/W \[(.*?) \]\n/CIDToGIDMap`)

// widthArrays reads each /W array as code → width, in both of its forms (c [w …] and c1 c2 w).
func widthArrays(pdf []byte) []map[int]int {
	var out []map[int]int
	for _, m := range wRE.FindAllSubmatch(pdf, -1) {
		ws := map[int]int{}
		toks := strings.Fields(strings.NewReplacer("[", " [ ", "]", " ] ").Replace(string(m[1])))
		for i := 0; i < len(toks); {
			c, _ := strconv.Atoi(toks[i])
			if toks[i+1] == "[" {
				i += 2
				for ; toks[i] != "]"; i++ {
					ws[c], _ = strconv.Atoi(toks[i])
					c++
				}
				i++
			} else {
				c2, _ := strconv.Atoi(toks[i+1])
				w, _ := strconv.Atoi(toks[i+2])
				for ; c <= c2; c++ {
					ws[c] = w
				}
				i += 3
			}
		}
		out = append(out, ws)
	}
	return out
}

// textUTF8 writes what upstream's Text wrote, and records the same runes.
func TestTextUTF8MatchesUpstream(t *testing.T) {
	fonts := readFonts(t)
	f := New("P", "mm", "A4", "")
	f.AddUTF8FontParsed("serif", "", parseAll(t, fonts[:1])[0])
	f.SetFont("serif", "", 11)
	f.AddPage()
	for _, line := range sampleLines {
		for _, x := range []float64{0, 20.004, 187.5} {
			want := sprintf("BT %.2f %.2f Td (%s) Tj ET\n", x*f.k, (f.h-33.333)*f.k, f.escape(utf8toutf16(line, false)))
			wantRunes := map[int]int{}
			for k, v := range f.currentFont.usedRunes {
				wantRunes[k] = v
			}
			for _, r := range []rune(line) {
				wantRunes[int(r)] = int(r)
			}
			f.pages[f.page].Reset()
			f.Text(x, 33.333, line)
			if got := f.pages[f.page].String(); got != want {
				t.Errorf("%q at %v:\n got %q\nwant %q", line, x, got, want)
			}
			if fmt.Sprint(f.currentFont.usedRunes) != fmt.Sprint(wantRunes) {
				t.Errorf("%q: used runes differ", line)
			}
		}
	}
}

func TestRuneWidthMatchesGetStringWidth(t *testing.T) {
	fonts := readFonts(t)
	parsed := parseAll(t, fonts)
	f := New("P", "mm", "A4", "")
	for i, st := range []string{"", "B", "I"} {
		f.AddUTF8FontParsed("serif", st, parsed[i])
		f.SetFont("serif", st, 11)
		for _, line := range sampleLines {
			n := 0
			for _, r := range line {
				n += parsed[i].RuneWidth(r)
			}
			if got, want := float64(n)*(11/f.k)/1000, f.GetStringWidth(line); got != want {
				t.Errorf("style %q, %q: %v, GetStringWidth %v", st, line, got, want)
			}
		}
	}
}

// Documents built concurrently share one parse: with -race this fails if any of them writes into it,
// and the font bytes must be unchanged afterwards.
func TestParsedFontShared(t *testing.T) {
	fonts := readFonts(t)
	orig := make([][]byte, len(fonts))
	for i := range fonts {
		orig[i] = bytes.Clone(fonts[i])
	}
	parsed := parseAll(t, fonts)
	want := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, parsed[i]) })
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, parsed[i]) })
			if !bytes.Equal(got, want) {
				t.Error("concurrent document differs")
			}
		}()
	}
	wg.Wait()
	for i := range fonts {
		if !bytes.Equal(fonts[i], orig[i]) {
			t.Errorf("font %d modified", i)
		}
	}
}

func TestSliceCompressPooled(t *testing.T) {
	data := bytes.Repeat([]byte("BT 70.87 771.02 Td (\x00a\x00b) Tj ET\n"), 200)
	first := sliceCompress(data)
	for range 3 {
		if !bytes.Equal(sliceCompress(data), first) {
			t.Fatal("a pooled compressor gives other bytes")
		}
	}
	if out, err := sliceUncompress(first); err != nil || !bytes.Equal(out, data) {
		t.Fatal("round trip", err)
	}
}

// Pages compressed when they end give the bytes of pages compressed at Output.
func TestCompressPagesEarly(t *testing.T) {
	parsed := parseAll(t, readFonts(t))
	want := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, parsed[i]) })
	got := letter(t, func(f *Fpdf, style string, i int) {
		f.CompressPagesEarly(true)
		f.AddUTF8FontParsed("serif", style, parsed[i])
	})
	if !bytes.Equal(got, want) {
		t.Fatal("early compression changes the output")
	}
}

// BenchmarkParseUTF8Font is the once-per-process cost of one font.
func BenchmarkParseUTF8Font(b *testing.B) {
	data := readFonts(b)[0]
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, err := ParseUTF8Font(data)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// A document far larger than flushPages' threshold gives the same bytes streamed, and a failing writer
// is reported.
func TestCompressPagesEarlyStreams(t *testing.T) {
	parsed := parseAll(t, readFonts(t))
	doc := func(early bool, w io.Writer) error {
		f := New("P", "mm", "A4", "")
		f.SetCompression(true)
		f.SetCatalogSort(true)
		date := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
		f.SetCreationDate(date)
		f.SetModificationDate(date)
		f.CompressPagesEarly(early)
		f.AddUTF8FontParsed("serif", "", parsed[0])
		f.SetFont("serif", "", 11)
		for page := range 300 {
			f.AddPage()
			for i, line := range sampleLines {
				f.Text(20, 20+float64(i)*6, fmt.Sprintf("%d %s", page, line))
			}
		}
		return f.Output(w)
	}
	var want, got bytes.Buffer
	if err := doc(false, &want); err != nil {
		t.Fatal(err)
	}
	if err := doc(true, &got); err != nil {
		t.Fatal(err)
	}
	if want.Len() < 2*64<<10 || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("streamed output differs (%d bytes, want %d)", got.Len(), want.Len())
	}
	if err := doc(true, failingWriter{}); err == nil {
		t.Fatal("a failing writer is not reported")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

// TextLine puts each word at the position Text gives it, in one text object.
func TestTextLineMatchesText(t *testing.T) {
	f := New("P", "mm", "A4", "")
	f.AddUTF8FontParsed("serif", "", parseAll(t, readFonts(t)[:1])[0])
	f.SetFont("serif", "", 11)
	f.AddPage()
	xs := []float64{25, 33.3349, 41.005, 41.005, 12.004, 187.49999, -0.001, 200.125}
	texts := []string{"l’article", "(77)", `a\b`, "", "Saint\u2011Denis", "«\u00a0x\u00a0»", "r\r", "fin"}
	y := 101.37
	f.pages[f.page].Reset()
	f.TextLine(y, xs, texts)
	line := f.pages[f.page].String()
	if !strings.HasPrefix(line, "BT ") || !strings.HasSuffix(line, " ET\n") || strings.Count(line, "\n") != 1 {
		t.Fatalf("not one text object: %q", line)
	}
	// Rebuild each word's absolute position from the relative Td and compare with Text's.
	pos := 0
	rest := line[len("BT "):]
	for i := range xs {
		f.pages[f.page].Reset()
		f.Text(xs[i], y, texts[i])
		want := f.pages[f.page].String() // BT x y Td (s) Tj ET
		wantFields := strings.SplitN(want, " ", 4)
		wantShow := wantFields[3][len("Td "):strings.LastIndex(wantFields[3], " Tj ET")]
		end := strings.Index(rest, " Td (")
		fields := strings.Fields(rest[:end])
		pos += hundredths([]byte(fields[0]))
		if i == 0 && fields[1] != wantFields[2] || i > 0 && fields[1] != "0" {
			t.Errorf("word %d: y %q", i, fields[1])
		}
		if pos != hundredths([]byte(wantFields[1])) {
			t.Errorf("word %d at %d hundredths, Text puts it at %s", i, pos, wantFields[1])
		}
		rest = rest[end+len(" Td "):]
		if !strings.HasPrefix(rest, wantShow+" Tj ") {
			t.Errorf("word %d: shows %q, Text %q", i, rest[:min(len(rest), len(wantShow))], wantShow)
		}
		rest = rest[len(wantShow)+len(" Tj "):]
	}
	if rest != "ET\n" {
		t.Errorf("left over %q", rest)
	}
}

// appendFixed2 prints what strconv prints with two decimals, ties and near-ties included.
func TestAppendFixed2(t *testing.T) {
	vals := []float64{0, 0.004, 0.005, 0.015, 0.125, 0.375, 1.005, 2.675, 56.69, 841.89, 595.28, 99.995, 1e9 - 0.001, 1e9, -0.001, -3.14159}
	for i := range 200000 {
		vals = append(vals, float64(i)*0.0013717, float64(i)/64, float64(i)*2.834645669)
	}
	for _, v := range vals {
		if got, want := string(appendFixed2(nil, v)), strconv.FormatFloat(v, 'f', 2, 64); got != want {
			t.Errorf("appendFixed2(%v) = %s, strconv gives %s", v, got, want)
		}
	}
}

func FuzzAppendFixed2(f *testing.F) {
	f.Add(2.675)
	f.Add(0.125)
	f.Add(123456.785)
	f.Fuzz(func(t *testing.T, v float64) {
		if got, want := string(appendFixed2(nil, v)), strconv.FormatFloat(v, 'f', 2, 64); got != want {
			t.Errorf("appendFixed2(%v) = %s, strconv gives %s", v, got, want)
		}
	})
}
