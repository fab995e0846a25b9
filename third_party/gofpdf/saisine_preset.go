// saisine: this file is not part of upstream gofpdf v1.16.2; see README.md.

package gofpdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"slices"
)

// FontPreset is the subset of a font for a fixed repertoire of runes, cut and compressed once (at build
// time, by the program that embeds it), with the metrics and widths a document needs to use the font
// without parsing the font file. A document whose text stays within the repertoire embeds the subset
// as it is: a letter then costs no subsetting and no font compression, and a process that writes one
// letter never parses the font. The subset is larger than one cut for the runes a letter uses (a few
// dozen of the repertoire's), which is why the repertoire is kept to what letters print.
type FontPreset struct {
	Runes    []rune       // the repertoire, ascending
	Desc     FontDescType // as ParseUTF8Font reads it
	Up, Ut   int          // underline position and thickness
	Widths   []int        // the width table of the whole font, as UTF8Font's (Cw)
	FontLen  int          // the subset's length before compression (/Length1)
	Font     []byte       // the subset, deflated
	CIDToGID []byte       // the CIDToGIDMap of the subset, deflated
}

// Preset cuts s for the runes of repertoire and compresses the result. The subset is the one a
// document whose text used exactly these runes would embed.
func (s *UTF8Font) Preset(repertoire []rune) (*FontPreset, error) {
	runes := slices.Clone(repertoire)
	slices.Sort(runes)
	runes = slices.Compact(runes)
	used := makeSubsetRange(57)
	for _, r := range runes {
		if r <= 0 || r >= 1<<16 {
			return nil, errors.New("gofpdf: a preset repertoire holds runes of the Basic Multilingual Plane, U+0000 excluded")
		}
		used[int(r)] = int(r)
	}
	delete(used, 0)
	c, err := s.cutter()
	if err != nil {
		return nil, err
	}
	stream := c.cut(used)
	return &FontPreset{
		Runes:    runes,
		Desc:     s.def.Desc,
		Up:       s.def.Up,
		Ut:       s.def.Ut,
		Widths:   s.def.Cw,
		FontLen:  len(stream),
		Font:     compressBest(stream),
		CIDToGID: compressBest(cidToGIDMap(c.CodeSymbolDictionary)),
	}, nil
}

// compressBest deflates at the best compression: a preset is compressed once, ahead of time, and
// every document carries the result.
func compressBest(data []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// cidToGIDMap is the CIDToGIDMap stream of a shared font's subset: two bytes per code up to the
// highest code used. A reader maps codes beyond the stream to glyph 0, and no text uses them.
func cidToGIDMap(codeToGlyph map[int]int) []byte {
	last := 0
	for cc := range codeToGlyph {
		if cc > 0 {
			last = max(last, cc)
		}
	}
	m := make([]byte, 2*(last+1))
	for cc, glyph := range codeToGlyph {
		if cc > 0 {
			m[cc*2] = byte(glyph >> 8)
			m[cc*2+1] = byte(glyph & 0xFF)
		}
	}
	return m
}

// NewUTF8FontPreset is a shared font made from a preset, for AddUTF8FontParsed. data is the whole font
// file the preset was cut from: it is parsed only when a document uses a rune outside the repertoire,
// and must not be modified afterwards.
func NewUTF8FontPreset(p *FontPreset, data []byte) *UTF8Font {
	s := &UTF8Font{
		data:   data,
		preset: p,
		covers: new([1 << 10]uint64),
		def: fontDefType{
			Tp:   "UTF8",
			Desc: p.Desc,
			Up:   p.Up,
			Ut:   p.Ut,
			Cw:   p.Widths,
		},
	}
	for _, r := range p.Runes {
		s.covers[r>>6] |= 1 << (r & 63)
	}
	s.def.shared = s
	return s
}

// coversAll reports whether every rune of a document's usedRunes (its values; 0 stands for none) is
// in the preset's repertoire.
func (s *UTF8Font) coversAll(used map[int]int) bool {
	for _, r := range used {
		if r == 0 {
			continue
		}
		if r < 0 || r >= 1<<16 || s.covers[r>>6]&(1<<(r&63)) == 0 {
			return false
		}
	}
	return true
}

const presetMagic = "gofpdf font preset 1\n"

// MarshalBinary encodes p for UnmarshalFontPreset: varints, the width table as runs of non-zero
// entries, then the two compressed streams.
func (p *FontPreset) MarshalBinary() ([]byte, error) {
	b := []byte(presetMagic)
	d := p.Desc
	for _, v := range []int{d.Ascent, d.Descent, d.CapHeight, d.Flags, d.FontBBox.Xmin, d.FontBBox.Ymin,
		d.FontBBox.Xmax, d.FontBBox.Ymax, d.ItalicAngle, d.StemV, d.MissingWidth, p.Up, p.Ut, p.FontLen} {
		b = binary.AppendVarint(b, int64(v))
	}
	b = binary.AppendUvarint(b, uint64(len(p.Runes)))
	prev := rune(0)
	for _, r := range p.Runes {
		b = binary.AppendUvarint(b, uint64(r-prev))
		prev = r
	}
	b = binary.AppendUvarint(b, uint64(len(p.Widths)))
	for i := 0; i < len(p.Widths); {
		j := i
		for j < len(p.Widths) && p.Widths[j] == 0 {
			j++
		}
		k := j
		for k < len(p.Widths) && p.Widths[k] != 0 {
			k++
		}
		b = binary.AppendUvarint(b, uint64(j-i)) // zeros skipped
		b = binary.AppendUvarint(b, uint64(k-j)) // then this many widths
		for _, w := range p.Widths[j:k] {
			b = binary.AppendVarint(b, int64(w))
		}
		i = k
	}
	for _, stream := range [][]byte{p.Font, p.CIDToGID} {
		b = binary.AppendUvarint(b, uint64(len(stream)))
		b = append(b, stream...)
	}
	return b, nil
}

// UnmarshalFontPreset decodes what MarshalBinary wrote. The streams of the result share b's memory.
func UnmarshalFontPreset(b []byte) (*FontPreset, error) {
	bad := errors.New("gofpdf: malformed font preset")
	if !bytes.HasPrefix(b, []byte(presetMagic)) {
		return nil, bad
	}
	b = b[len(presetMagic):]
	failed := false
	varint := func() int {
		v, n := binary.Varint(b)
		if n <= 0 {
			failed = true
			return 0
		}
		b = b[n:]
		return int(v)
	}
	uvarint := func(limit int) int {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > uint64(limit) {
			failed = true
			return 0
		}
		b = b[n:]
		return int(v)
	}
	p := &FontPreset{}
	d := &p.Desc
	for _, v := range []*int{&d.Ascent, &d.Descent, &d.CapHeight, &d.Flags, &d.FontBBox.Xmin, &d.FontBBox.Ymin,
		&d.FontBBox.Xmax, &d.FontBBox.Ymax, &d.ItalicAngle, &d.StemV, &d.MissingWidth, &p.Up, &p.Ut, &p.FontLen} {
		*v = varint()
	}
	n := uvarint(1 << 16)
	p.Runes = make([]rune, 0, n)
	prev := 0
	for range n {
		prev += uvarint(1 << 16)
		p.Runes = append(p.Runes, rune(prev))
	}
	if failed || prev >= 1<<16 {
		return nil, bad
	}
	p.Widths = make([]int, uvarint(1<<16))
	for i := 0; i < len(p.Widths) && !failed; {
		i += uvarint(len(p.Widths) - i)
		k := uvarint(len(p.Widths) - i)
		for range k {
			p.Widths[i] = varint()
			i++
		}
		if k == 0 && i < len(p.Widths) {
			failed = true
		}
	}
	for _, stream := range []*[]byte{&p.Font, &p.CIDToGID} {
		n := uvarint(len(b))
		if failed || n > len(b) {
			failed = true
			break
		}
		*stream, b = b[:n:n], b[n:]
	}
	if failed || len(b) != 0 {
		return nil, bad
	}
	return p, nil
}
