package letters

import (
	"sync"
	"sync/atomic"

	"golang.org/x/image/font/sfnt"

	"saisine/assets"
)

// The letter is printed in Liberation Serif regular, bold and italic, and any field may end up in any of
// the three (a name in bold, a title in italics). A character missing from one of them would print as an
// empty box, or make the PDF library fail, long after the user typed it: so the case file refuses it
// up front, with the field and the character named.

type fontCoverage struct {
	fonts []*sfnt.Font
	// known and drawn hold one bit per character of the Basic Multilingual Plane: whether it was asked
	// already, and the answer. Each character is looked up in the three fonts the first time a case
	// uses it; the whole plane (196,608 look-ups) used to be computed up front, 3–4 ms that every CLI
	// process paid before checking its first case.
	known, drawn [1 << 10]atomic.Uint64
	bufs         sync.Pool // *sfnt.Buffer: one is not safe to share
}

var coverage = sync.OnceValue(func() *fontCoverage {
	c := &fontCoverage{bufs: sync.Pool{New: func() any { return new(sfnt.Buffer) }}}
	for _, name := range []string{assets.SerifRegular, assets.SerifBold, assets.SerifItalic} {
		// sfnt.Parse only reads the slice, which assets shares with other users.
		f, err := sfnt.Parse(assets.Font(name))
		if err != nil {
			panic("letters: cannot parse embedded font " + name + ": " + err.Error())
		}
		c.fonts = append(c.fonts, f)
	}
	return c
})

func (c *fontCoverage) inAll(r rune) bool {
	buf := c.bufs.Get().(*sfnt.Buffer)
	defer c.bufs.Put(buf)
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
	c := coverage()
	if r >= 0x10000 {
		// Outside the BMP the fonts draw nothing today; ask them anyway.
		return c.inAll(r)
	}
	word, bit := r>>6, uint64(1)<<(r&63)
	if c.known[word].Load()&bit != 0 {
		return c.drawn[word].Load()&bit != 0
	}
	ok := c.inAll(r)
	if ok {
		c.drawn[word].Or(bit) // before known, so a reader that sees known sees drawn
	}
	c.known[word].Or(bit)
	return ok
}
