// saisine: tests of the font presets (saisine_preset.go). Run with `go test -race .` in this directory.

package gofpdf

import (
	"bytes"
	"reflect"
	"sync"
	"testing"
)

// presetRunes is a repertoire that covers sampleLines but for the characters the fallback tests add.
func presetRunes() []rune {
	var rs []rune
	for r := rune(0x20); r < 0x7f; r++ {
		rs = append(rs, r)
	}
	return append(rs, []rune("’«»—°\u00a0\u202f\u2028\u2011œŒçÉàïèé\ufffd\r")...)
}

func presets(t testing.TB, fonts [][]byte) []*UTF8Font {
	t.Helper()
	var out []*UTF8Font
	for _, p := range parseAll(t, fonts) {
		pre, err := p.Preset(presetRunes())
		if err != nil {
			t.Fatal(err)
		}
		b, err := pre.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnmarshalFontPreset(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, pre) {
			t.Fatal("a preset read back differs from the one written")
		}
		out = append(out, NewUTF8FontPreset(back, fonts[len(out)]))
	}
	return out
}

// A document within the repertoire embeds the preset's subset and CIDToGIDMap as they are, with the
// page streams and widths of a parsed font; the subset holds every glyph of the repertoire.
func TestPresetDocument(t *testing.T) {
	fonts := readFonts(t)
	parsed := parseAll(t, fonts)
	pre := presets(t, fonts)
	want := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, parsed[i]) })
	got := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, pre[i]) })
	if again := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, pre[i]) }); !bytes.Equal(got, again) {
		t.Fatal("two documents differ")
	}
	for i, p := range pre {
		if !bytes.Contains(got, p.preset.Font) || !bytes.Contains(got, p.preset.CIDToGID) {
			t.Errorf("font %d: the preset's streams are not in the document", i)
		}
		if p.tables != nil {
			t.Errorf("font %d: the font file was parsed for a document within the repertoire", i)
		}
	}
	ws, gs := streams(t, want), streams(t, got)
	if len(ws) != len(gs) {
		t.Fatalf("%d streams, parsed fonts give %d", len(gs), len(ws))
	}
	maps := map[string]bool{}
	for _, p := range pre {
		m, err := sliceUncompress(p.preset.CIDToGID)
		if err != nil {
			t.Fatal(err)
		}
		maps[string(m)] = true
	}
	fontsSeen := 0
	for i := range ws {
		switch {
		case bytes.HasPrefix(gs[i], []byte{0, 1, 0, 0}):
			fontsSeen++
			// Each simple glyph of the parsed font's subset is in the preset's, which has more.
			// (Composite glyphs name their parts by glyph number, which differ between subsets.)
			wg, gg := glyphs(ttTables(ws[i])), glyphs(ttTables(gs[i]))
			if len(gg) <= len(wg) {
				t.Errorf("stream %d: preset subset has %d glyphs, the letter's own %d", i, len(gg), len(wg))
			}
			have := map[string]bool{}
			for _, g := range gg {
				have[string(g)] = true
			}
			for j, g := range wg {
				if len(g) > 1 && g[0]&0x80 == 0 && !have[string(g)] {
					t.Errorf("stream %d: glyph %d of the letter's subset is not in the preset", i, j)
				}
			}
		case maps[string(gs[i])]:
			// The preset's CIDToGIDMap: other glyph numbers, checked through the glyphs above.
		default:
			if !bytes.Equal(ws[i], gs[i]) {
				t.Errorf("stream %d differs from the parsed fonts' document", i)
			}
		}
	}
	if fontsSeen != 3 {
		t.Errorf("%d font programs, want 3", fontsSeen)
	}
	if w, g := widthArrays(want), widthArrays(got); !reflect.DeepEqual(w, g) {
		t.Errorf("widths %v, parsed fonts give %v", g, w)
	}
}

// A rune outside the repertoire makes that font subset for the document as a parsed font does, parsing
// the font file on first need (once, concurrent documents included): the document is byte for byte the
// one parsed fonts give. The other fonts keep their preset.
func TestPresetFallback(t *testing.T) {
	fonts := readFonts(t)
	parsed := parseAll(t, fonts)
	pre := presets(t, fonts)
	saved := sampleLines
	defer func() { sampleLines = saved }()
	// Line 7 is bold on the first page and italic on the second: regular stays within its repertoire.
	sampleLines = append(append([]string(nil), saved...), "Ωmega şir ø")
	want := letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, parsed[i]) })
	var wg sync.WaitGroup
	docs := make([][]byte, 8)
	for n := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			docs[n] = letter(t, func(f *Fpdf, style string, i int) { f.AddUTF8FontParsed("serif", style, pre[i]) })
		}()
	}
	wg.Wait()
	for n, got := range docs {
		if !bytes.Equal(got, docs[0]) {
			t.Fatalf("document %d differs from document 0", n)
		}
	}
	got := docs[0]
	if !bytes.Contains(got, pre[0].preset.Font) {
		t.Error("regular has no rune outside its repertoire but lost its preset")
	}
	if bytes.Contains(got, pre[1].preset.Font) || bytes.Contains(got, pre[2].preset.Font) {
		t.Error("a font used outside its repertoire kept its preset")
	}
	if pre[0].tables != nil {
		t.Error("regular was parsed though no document needed it")
	}
	ws, gs := streams(t, want), streams(t, got)
	if len(ws) != len(gs) {
		t.Fatalf("%d streams, parsed fonts give %d", len(gs), len(ws))
	}
	var same int
	for i := range ws {
		if bytes.HasPrefix(ws[i], []byte{0, 1, 0, 0}) && bytes.Equal(ws[i], gs[i]) {
			same++
		}
	}
	if same != 2 {
		t.Errorf("%d font programs are the parsed fonts' own cut, want 2 (bold and italic)", same)
	}
}

func TestUnmarshalFontPresetRefusesDamage(t *testing.T) {
	fonts := readFonts(t)
	p, err := parseAll(t, fonts[:1])[0].Preset(presetRunes())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.MarshalBinary()
	for _, bad := range [][]byte{nil, b[:10], b[:len(b)-1], append(bytes.Clone(b), 0), []byte("gofpdf font preset 2\n")} {
		if _, err := UnmarshalFontPreset(bad); err == nil {
			t.Errorf("%d bytes: no error", len(bad))
		}
	}
	if _, err := parseAll(t, fonts[:1])[0].Preset([]rune{0x1F600}); err == nil {
		t.Error("a rune outside the BMP was accepted in a repertoire")
	}
}
