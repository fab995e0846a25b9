package letters

import (
	"sync"

	"golang.org/x/image/font/sfnt"

	"saisine/assets"
)

// The letter is printed in Liberation Serif regular, bold and italic, and any field may end up in any of
// the three (a name in bold, a title in italics). A character missing from one of them would print as an
// empty box, or make the PDF library fail, long after the user typed it: so the case file refuses it
// up front, with the field and the character named.

type fontCoverage struct {
	fonts []*sfnt.Font
	// bmp[r] is true when all three fonts draw r. The Basic Multilingual Plane is precomputed (a few
	// milliseconds) so that checking a case costs a table look-up per character.
	bmp []bool
}

var (
	coverageOnce sync.Once
	coverage     *fontCoverage
)

func loadCoverage() *fontCoverage {
	coverageOnce.Do(func() {
		c := &fontCoverage{bmp: make([]bool, 0x10000)}
		for _, name := range []string{assets.SerifRegular, assets.SerifBold, assets.SerifItalic} {
			// sfnt.Parse only reads the slice, which assets shares with other users.
			f, err := sfnt.Parse(assets.Font(name))
			if err != nil {
				panic("letters: cannot parse embedded font " + name + ": " + err.Error())
			}
			c.fonts = append(c.fonts, f)
		}
		var buf sfnt.Buffer
		for r := range c.bmp {
			c.bmp[r] = c.inAll(&buf, rune(r))
		}
		coverage = c
	})
	return coverage
}

func (c *fontCoverage) inAll(buf *sfnt.Buffer, r rune) bool {
	for _, f := range c.fonts {
		if g, err := f.GlyphIndex(buf, r); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// Printable reports whether the letter fonts (regular, bold and italic) can all draw r. Control
// characters, line feed included, are not printable: the layout handles line breaks itself.
// Safe for concurrent use.
func Printable(r rune) bool {
	if r < 0x20 || (r >= 0x7f && r < 0xa0) || r > 0x10ffff {
		return false
	}
	c := loadCoverage()
	if r < 0x10000 {
		return c.bmp[r]
	}
	// Outside the BMP the fonts draw nothing today; ask them anyway, with a buffer of our own since an
	// sfnt.Buffer is not safe to share.
	var buf sfnt.Buffer
	return c.inAll(&buf, r)
}
