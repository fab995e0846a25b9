package render

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"saisine/assets"
)

// The embedded presets are what scripts/genfontpreset makes now from the embedded fonts and
// Repertoire: a change to either without `go generate ./letters/render` fails here.
func TestFontPresetsCurrent(t *testing.T) {
	for _, name := range FontFiles() {
		want, err := MakeFontPreset(assets.Font(name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(assets.FontPreset(name), want) {
			t.Errorf("assets/fonts preset of %s is stale: run go generate ./letters/render", name)
		}
	}
}

// Every character of the repertoire is drawn by the preset subset with the outline the font itself
// gives it (read by another TrueType reader, golang.org/x/image/font/sfnt): the subset drops hinting
// instructions, never a contour, and its composite glyphs (accented letters) still find their parts.
func TestPresetOutlines(t *testing.T) {
	for _, name := range FontFiles() {
		p, err := gofpdf.UnmarshalFontPreset(assets.FontPreset(name))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zlib.NewReader(bytes.NewReader(p.Font))
		if err != nil {
			t.Fatal(err)
		}
		subsetBytes, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if len(subsetBytes) != p.FontLen {
			t.Errorf("%s: subset of %d bytes, /Length1 says %d", name, len(subsetBytes), p.FontLen)
		}
		subset, err := sfnt.Parse(subsetBytes)
		if err != nil {
			t.Fatalf("%s: the preset subset is not a font sfnt can read: %v", name, err)
		}
		full, err := sfnt.Parse(assets.Font(name))
		if err != nil {
			t.Fatal(err)
		}
		var bs, bf sfnt.Buffer
		ppem := fixed.I(2048)
		for _, r := range Repertoire() {
			gs, err1 := subset.GlyphIndex(&bs, r)
			gf, err2 := full.GlyphIndex(&bf, r)
			if err1 != nil || err2 != nil || gf == 0 {
				t.Fatalf("%s %U: %v %v (glyph %d in the font)", name, r, err1, err2, gf)
			}
			if gs == 0 {
				t.Errorf("%s %U: not in the preset subset", name, r)
				continue
			}
			ss, err1 := subset.LoadGlyph(&bs, gs, ppem, nil)
			fs, err2 := full.LoadGlyph(&bf, gf, ppem, nil)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s %U: %v %v", name, r, err1, err2)
			}
			if len(ss) != len(fs) {
				t.Errorf("%s %U: %d outline segments, the font has %d", name, r, len(ss), len(fs))
				continue
			}
			for i := range ss {
				if ss[i] != fs[i] {
					t.Errorf("%s %U: segment %d is %v, the font's %v", name, r, i, ss[i], fs[i])
					break
				}
			}
			aw, _ := subset.GlyphAdvance(&bs, gs, ppem, 0)
			fw, _ := full.GlyphAdvance(&bf, gf, ppem, 0)
			if aw != fw {
				t.Errorf("%s %U: advance %v, the font's %v", name, r, aw, fw)
			}
		}
	}
}
