package bundle

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"saisine/assets"
	"saisine/letters"
)

// picture is a JPEG or PNG exhibit ready for its page: data in a form gofpdf embeds as it is.
type picture struct {
	kind          Kind
	data          []byte
	width, height int   // pixels as stored
	orientation   int   // EXIF, 1–8
	cost          int64 // bytes decoding took, or would have taken (0: not decoded)
}

// prepareImage checks an image and, where gofpdf v1.16.2 cannot embed it as it is, converts it: a
// 16-bit or interlaced PNG becomes an 8-bit non-interlaced one, a CMYK or RGB JPEG an ordinary YCbCr
// one (Adobe's CMYK JPEGs are stored inverted, which PDF readers only undo with a /Decode array
// gofpdf does not write).
//
// An image that must be converted is decoded whole in memory: its cost (decodeCost) must stay within
// MaxDecodedBytes, and is spent from budget.
func prepareImage(kind Kind, data []byte, budget *Budget) (img picture, code Code, cause error) {
	img = picture{kind: kind, data: data, orientation: 1}
	// afford reports the code refusing a conversion of cost bytes, or "".
	afford := func(cost int64) Code {
		img.cost = cost
		switch {
		case cost > MaxDecodedBytes:
			return CodeImageTooCostly
		case !budget.take(cost):
			return CodeImagesTooCostly
		}
		return ""
	}
	switch kind {
	case PNG:
		info, err := checkPNG(data)
		if err != nil {
			return img, CodeCorruptImage, err
		}
		img.width, img.height = info.width, info.height
		if int64(info.width)*int64(info.height) > MaxPixels {
			return img, CodeImageTooLarge, nil
		}
		// gofpdf keeps an 8-bit opaque PNG's compressed data as it is. It refuses 16-bit and interlaced
		// ones, and splits transparency by inflating the whole image and writing it byte by byte (10 s
		// and 1 GB for a 49-megapixel capture of 200 kB, measured): those are flattened here instead.
		if info.depth > 8 || info.interlaced || info.ctype == 4 || info.ctype == 6 {
			if code := afford(pngCost(info)); code != "" {
				return img, code, nil
			}
			if img.data, err = reencodePNG(data, info.ctype); err != nil {
				return img, CodeCorruptImage, err
			}
		}
	case JPEG:
		info, err := checkJPEG(data)
		if err != nil {
			return img, CodeCorruptImage, err
		}
		img.width, img.height, img.orientation = info.width, info.height, info.orientation
		if int64(info.width)*int64(info.height) > MaxPixels {
			return img, CodeImageTooLarge, nil
		}
		// gofpdf reads the header with image/jpeg: what it cannot read (arithmetic coding, 12-bit
		// samples) is refused here rather than half-way through the bundle.
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return img, CodeCorruptImage, err
		}
		if cfg.ColorModel != color.GrayModel && cfg.ColorModel != color.YCbCrModel {
			// CMYK (stored inverted by Adobe's software, which gofpdf does not undo) or RGB without the
			// YCbCr transform (which gofpdf refuses): decoded and stored again as an ordinary JPEG.
			if code := afford(jpegCost(info, cfg.ColorModel == color.CMYKModel)); code != "" {
				return img, code, nil
			}
			if img.data, err = reencodeJPEG(data); err != nil {
				return img, CodeCorruptImage, err
			}
		}
	default:
		return img, CodeUnsupported, nil
	}
	return img, "", nil
}

// pngCost is the memory reencodePNG takes for an image: what image/png allocates per pixel for the
// decoded image (alpha, or a tRNS chunk, turns grey and RGB into NRGBA; 16 bits double it), twice over
// for an interlaced image (each pass is decoded on its own, then copied). The conversion itself writes
// row by row and adds nothing per pixel.
func pngCost(info pngInfo) int64 {
	var bpp int64
	switch {
	case info.ctype == 3:
		bpp = 1 // paletted
	case info.ctype == 0 && !info.transparent:
		bpp = 1 // grey, Gray16 for 16 bits
		if info.depth == 16 {
			bpp = 2
		}
	default: // RGB, grey or RGB with alpha: 4 bytes a pixel, 8 in 16 bits
		bpp = 4
		if info.depth == 16 {
			bpp = 8
		}
	}
	if info.interlaced {
		bpp *= 2
	}
	return bpp * int64(info.width) * int64(info.height)
}

// jpegCost is the memory reencodeJPEG takes: image/jpeg's decoded image (4 bytes a pixel for CMYK and
// RGB), the RGBA copy a CMYK image is drawn into, and for a progressive file the coefficients it
// keeps (64 int32 per 8 × 8 block and channel: 4 bytes a pixel a channel).
func jpegCost(info jpegInfo, cmyk bool) int64 {
	bpp := int64(4)
	if cmyk {
		bpp += 4
	}
	if info.progressive {
		bpp += 4 * int64(max(info.components, 1))
	}
	return bpp * int64(info.width) * int64(info.height)
}

func reencodeJPEG(data []byte) ([]byte, error) {
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	// image/jpeg decodes an RGB file into an RGBA image, which jpeg.Encode takes as it is; a CMYK one is
	// drawn into RGBA first (jpeg.Encode would read it pixel by pixel through an interface).
	rgba, ok := m.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(m.Bounds())
		draw.Draw(rgba, rgba.Bounds(), m, m.Bounds().Min, draw.Src)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, rgba, &jpeg.Options{Quality: 92}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// reencodePNG decodes a PNG gofpdf cannot take as it is and writes it again as 8-bit RGB (grey stays
// grey), non-interlaced, transparency drawn over the white of the page as a viewer shows it.
func reencodePNG(data []byte, ctype byte) ([]byte, error) {
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	switch src := m.(type) {
	case *image.Gray:
		return writePNG(w, h, true, func(y int, row []byte) { copy(row, src.Pix[y*src.Stride:]) })
	case *image.NRGBA: // 8 bits with transparency, the common case
		return writePNG(w, h, false, func(y int, row []byte) {
			p := src.Pix[y*src.Stride:]
			for x := range w {
				a := uint32(p[4*x+3])
				for k := range 3 {
					row[3*x+k] = uint8((uint32(p[4*x+k])*a + 0xff*(0xff-a) + 0x7f) / 0xff)
				}
			}
		})
	// The other types image/png returns are read row by row too, without a second image in memory:
	// drawing a 16-bit image into an 8-bit one goes through draw's generic path, a call per pixel (a
	// 49-megapixel 16-bit PNG took 24 s that way).
	case *image.Gray16:
		return writePNG(w, h, true, func(y int, row []byte) {
			p := src.Pix[y*src.Stride:]
			for x := range w {
				row[x] = p[2*x] // the high byte
			}
		})
	case *image.NRGBA64: // 16 bits with transparency
		return writePNG(w, h, false, func(y int, row []byte) {
			p := src.Pix[y*src.Stride:]
			for x := range w {
				a := uint32(p[8*x+6])<<8 | uint32(p[8*x+7])
				for k := range 3 {
					c := uint32(p[8*x+2*k])<<8 | uint32(p[8*x+2*k+1])
					row[3*x+k] = uint8(((c*a + 0xffff*(0xffff-a) + 0x7fff) / 0xffff) >> 8)
				}
			}
		})
	case *image.RGBA64: // 16-bit RGB (alpha-premultiplied, opaque unless tRNS)
		return writePNG(w, h, false, func(y int, row []byte) {
			p := src.Pix[y*src.Stride:]
			for x := range w {
				a := uint32(p[8*x+6])<<8 | uint32(p[8*x+7])
				for k := range 3 {
					c := uint32(p[8*x+2*k])<<8 | uint32(p[8*x+2*k+1])
					row[3*x+k] = uint8((c + 0xffff - a) >> 8)
				}
			}
		})
	case *image.RGBA: // 8-bit RGB, interlaced (alpha-premultiplied, opaque unless tRNS)
		return writePNG(w, h, false, func(y int, row []byte) {
			p := src.Pix[y*src.Stride:]
			for x := range w {
				a := uint32(p[4*x+3])
				for k := range 3 {
					row[3*x+k] = uint8(uint32(p[4*x+k]) + 0xff - a)
				}
			}
		})
	case *image.Paletted: // interlaced palette: each colour over white once
		var pal [256][3]uint8
		for i, c := range src.Palette {
			r, g, bl, a := c.RGBA()
			pal[i] = [3]uint8{uint8((r + 0xffff - a) >> 8), uint8((g + 0xffff - a) >> 8), uint8((bl + 0xffff - a) >> 8)}
		}
		return writePNG(w, h, false, func(y int, row []byte) {
			p := src.Pix[y*src.Stride:]
			for x := range w {
				copy(row[3*x:3*x+3], pal[p[x]][:])
			}
		})
	}
	if ctype == 0 { // grey of another kind, no transparency
		g := image.NewGray(b)
		draw.Draw(g, b, m, b.Min, draw.Src)
		return writePNG(w, h, true, func(y int, row []byte) { copy(row, g.Pix[y*g.Stride:]) })
	}
	// Anything else: over white in an RGBA image, then out as RGB.
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, image.White, image.Point{}, draw.Src)
	draw.Draw(dst, b, m, b.Min, draw.Over)
	return writePNG(w, h, false, func(y int, row []byte) {
		p := dst.Pix[y*dst.Stride:]
		for x := range w {
			copy(row[3*x:3*x+3], p[4*x:4*x+3])
		}
	})
}

// writePNG writes an 8-bit grey or RGB PNG whose rows fill gives, with the "Up" filter and the fastest
// zlib level: image/png chooses a filter per row by trying all five, which made flattening a
// transparent capture slower than everything else in a bundle.
func writePNG(w, h int, gray bool, fill func(y int, row []byte)) ([]byte, error) {
	bpp, ct := 3, byte(2)
	if gray {
		bpp, ct = 1, 0
	}
	var out bytes.Buffer
	out.Write(pngMagic)
	chunk := func(typ string, body []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(body)))
		out.Write(n[:])
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(body)
		out.WriteString(typ)
		out.Write(body)
		binary.BigEndian.PutUint32(n[:], crc.Sum32())
		out.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, ct
	chunk("IHDR", ihdr)
	var idat bytes.Buffer
	z, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	prev, cur := make([]byte, w*bpp), make([]byte, w*bpp)
	line := make([]byte, 1+w*bpp)
	line[0] = 2 // Up
	for y := range h {
		fill(y, cur)
		for i := range cur {
			line[1+i] = cur[i] - prev[i]
		}
		if _, err := z.Write(line); err != nil {
			return nil, err
		}
		prev, cur = cur, prev
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes(), nil
}

// Image page geometry, in mm on A4 portrait. The header sits in the top margin; the image fills the
// box below it, never enlarged beyond its size at 96 dpi (a small screenshot stays small and sharp).
const (
	pageW, pageH   = 210.0, 297.0
	marginX        = 20.0
	marginTop      = 15.0
	marginBot      = 15.0
	headerSize     = 10.0 // pt
	headerLead     = 4.6  // mm between header baselines
	headerMaxLines = 2
	gapBelowRule   = 5.0
	pxPerMM        = 96 / 25.4
)

const fontFamily = "serif"

// fixedDate keeps the generated pages free of the current time (they are merged, not kept, but two
// bundles of the same input should not differ because of them).
var fixedDate = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// imagePages makes one PDF with one A4 page per image. Only this function talks to gofpdf in this
// package; the letter itself is drawn by letters/render.
func imagePages(run []item) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("bundle: drawing the image pages: gofpdf panic: %v", r)
		}
	}()
	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCreationDate(fixedDate)
	f.SetModificationDate(fixedDate)
	f.SetCreator("saisine", true)
	// gofpdf v1.16.2 writes into the font bytes it is given: each document gets its own copy.
	f.AddUTF8FontFromBytes(fontFamily, "", bytes.Clone(assets.Font(assets.SerifRegular)))
	f.AddUTF8FontFromBytes(fontFamily, "B", bytes.Clone(assets.Font(assets.SerifBold)))
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("bundle: loading fonts: %w", err)
	}
	for i, it := range run {
		f.AddPage()
		top := header(f, it.ex)
		name := fmt.Sprintf("piece%d", i)
		opts := gofpdf.ImageOptions{ImageType: it.img.kind.String()}
		f.RegisterImageOptionsReader(name, opts, bytes.NewReader(it.img.data))
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("bundle: exhibit %d: embedding the image: %w", it.ex.Number, err)
		}
		place(f, name, opts, it.img, top)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("bundle: writing the image pages: %w", err)
	}
	return buf.Bytes(), nil
}

// header draws « Pièce n° N — title » (number in bold) in the top margin, the title wrapped under
// itself on at most headerMaxLines lines, and a hairline under it. It returns where the image box starts.
func header(f *gofpdf.Fpdf, ex Exhibit) float64 {
	label := fmt.Sprintf("Pièce n°\u00a0%d", ex.Number)
	y := marginTop + 3.5
	f.SetTextColor(0, 0, 0)
	f.SetFont(fontFamily, "B", headerSize)
	f.Text(marginX, y, label)
	x := marginX + f.GetStringWidth(label)
	if title := cleanTitle(ex.Title); title != "" {
		f.SetFont(fontFamily, "", headerSize)
		dash := "\u00a0— "
		f.Text(x, y, dash)
		x += f.GetStringWidth(dash)
		lines := wrap(f, title, pageW-marginX-x, headerMaxLines)
		for i, l := range lines {
			f.Text(x, y+float64(i)*headerLead, l)
		}
		y += float64(len(lines)-1) * headerLead
	}
	y += 2.5
	f.SetDrawColor(150, 150, 150)
	f.SetLineWidth(0.2)
	f.Line(marginX, y, pageW-marginX, y)
	return y + gapBelowRule
}

// wrap breaks s at ASCII spaces into lines of at most width mm; past maxLines the last line ends with
// « … ». A word longer than a line is cut.
func wrap(f *gofpdf.Fpdf, s string, width float64, maxLines int) []string {
	var lines []string
	words := strings.Split(s, " ")
	cur := ""
	for len(words) > 0 {
		w := words[0]
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if f.GetStringWidth(try) <= width {
			cur, words = try, words[1:]
			continue
		}
		if cur == "" { // a word wider than the line: cut it, the rest starts the next line
			r := []rune(w)
			n := len(r)
			for n > 1 && f.GetStringWidth(string(r[:n])) > width {
				n--
			}
			cur, words[0] = string(r[:n]), string(r[n:])
		}
		lines = append(lines, cur)
		cur = ""
		if len(lines) == maxLines { // words remain: end with an ellipsis
			last := []rune(lines[maxLines-1])
			for len(last) > 0 && f.GetStringWidth(string(last)+"…") > width {
				last = last[:len(last)-1]
			}
			lines[maxLines-1] = strings.TrimRight(string(last), " ") + "…"
			return lines
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// place draws the image in the box from top to the bottom margin: as large as fits, no larger than
// at 96 dpi, aspect kept, centred across, against the top. The EXIF orientation is applied by
// turning the drawing, not the pixels.
func place(f *gofpdf.Fpdf, name string, opts gofpdf.ImageOptions, img picture, top float64) {
	boxW, boxH := pageW-2*marginX, pageH-marginBot-top
	pw, ph := float64(img.width), float64(img.height)
	turned := img.orientation >= 5
	if turned {
		pw, ph = ph, pw
	}
	dw, dh := pw/pxPerMM, ph/pxPerMM
	s := min(boxW/dw, boxH/dh, 1)
	dw, dh = dw*s, dh*s
	x, y := marginX+(boxW-dw)/2, top
	cx, cy := x+dw/2, y+dh/2
	rw, rh := dw, dh // the stored image's rectangle before turning
	if turned {
		rw, rh = dh, dw
	}
	f.TransformBegin()
	// Transformations apply to the image in the reverse order of these calls.
	switch img.orientation {
	case 2:
		f.TransformMirrorHorizontal(cx)
	case 3:
		f.TransformRotate(180, cx, cy)
	case 4:
		f.TransformMirrorVertical(cy)
	case 5: // transpose: mirror, then a quarter turn anticlockwise
		f.TransformRotate(90, cx, cy)
		f.TransformMirrorHorizontal(cx)
	case 6: // a quarter turn clockwise
		f.TransformRotate(-90, cx, cy)
	case 7: // transverse: mirror, then a quarter turn clockwise
		f.TransformRotate(-90, cx, cy)
		f.TransformMirrorHorizontal(cx)
	case 8: // a quarter turn anticlockwise
		f.TransformRotate(90, cx, cy)
	}
	f.ImageOptions(name, cx-rw/2, cy-rh/2, rw, rh, false, opts, 0, "")
	f.TransformEnd()
}

// drawable replaces characters the font lacks by ones that look the same (as letters/render does).
var drawable = strings.NewReplacer("\u2011", "\u2010", "\u2060", "", "\u00ad", "", "\ufeff", "")

// cleanTitle makes a title safe to draw on one line: control characters and runs of spaces become one
// space, characters the letter font cannot draw are dropped.
func cleanTitle(s string) string {
	s = drawable.Replace(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if !letters.Printable(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
