package render

import "github.com/jung-kurt/gofpdf"

//go:generate go run ../../scripts/genfontpreset

// Repertoire is the set of characters whose glyphs the embedded font presets hold
// (assets/fonts/*.preset, made by scripts/genfontpreset): what the letters themselves print — French
// with its punctuation and spaces — and the letters of the names people most often bring. A letter
// within it embeds subsets cut and compressed ahead of time, so rendering it does no font work; a
// letter with one other character (a Polish or Turkish name, a Greek letter) makes its own subset of
// that face, as before, at the cost of a millisecond or two.
//
// The set is kept small on purpose: every letter carries the whole repertoire of each face it uses
// (about 10 KB per face), where a subset cut for the letter alone carries only the glyphs it prints.
// After changing it, run `go generate ./letters/render`; TestFontPresetsCurrent fails until then.
func Repertoire() []rune {
	var rs []rune
	for r := rune(0x20); r < 0x7f; r++ {
		rs = append(rs, r)
	}
	return append(rs, []rune(repertoireBeyondASCII)...)
}

const repertoireBeyondASCII = "" +
	// spaces: no-break, and the narrow no-break space French puts before ; : ! ? and inside « »
	"\u00a0\u202f" +
	// punctuation and signs of the letters' text
	"«»‹›‘’“”‐–—…•°§²³×€" +
	// French
	"àâäæçèéêëîïôöùûüÿœ" + "ÀÂÄÆÇÈÉÊËÎÏÔÖÙÛÜŸŒ" +
	// other Latin letters frequent in names in France
	"áíóúñãõåøßìò" + "ÁÍÓÚÑÃÕÅØÌÒ"

// FontFiles lists the embedded font files of the letter typeface, in the order of its styles.
func FontFiles() []string { return fontFiles[:] }

// MakeFontPreset cuts the preset of a font file for Repertoire and encodes it: what
// scripts/genfontpreset writes and TestFontPresetsCurrent compares with the embedded files.
func MakeFontPreset(font []byte) ([]byte, error) {
	parsed, err := gofpdf.ParseUTF8Font(font)
	if err != nil {
		return nil, err
	}
	p, err := parsed.Preset(Repertoire())
	if err != nil {
		return nil, err
	}
	return p.MarshalBinary()
}
