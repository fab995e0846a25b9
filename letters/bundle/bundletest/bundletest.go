// Package bundletest makes exhibit files for tests: PDFs with known text, PNG and JPEG images (with
// an EXIF orientation if wanted), an encrypted PDF. Everything is generated, so no binary fixture
// needs to be committed.
package bundletest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"

	"github.com/jung-kurt/gofpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"saisine/assets"
)

func init() { api.DisableConfigDir() }

// PDF returns an A4 PDF with one page per string, each drawn in large type near the top.
func PDF(pages ...string) []byte {
	f := gofpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("serif", "", bytes.Clone(assets.Font(assets.SerifRegular)))
	for _, p := range pages {
		f.AddPage()
		f.SetFont("serif", "", 20)
		f.Text(25, 40, p)
		f.SetDrawColor(0, 0, 160)
		f.Rect(20, 20, 170, 257, "D")
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Picture draws a w×h test picture: a colour gradient with a dark "F" in the upper left quarter, so
// a wrong turn or mirror shows at a glance.
func Picture(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, color.NRGBA{uint8(60 + 180*x/w), uint8(120 + 100*y/h), 200, 255})
		}
	}
	// The "F": a vertical bar and two horizontal ones, in the upper left quarter.
	bar := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				m.SetNRGBA(x, y, color.NRGBA{20, 20, 60, 255})
			}
		}
	}
	u := min(w, h) / 16
	bar(2*u, 2*u, 3*u, 8*u)
	bar(2*u, 2*u, 6*u, 3*u)
	bar(2*u, 4*u+u/2, 5*u, 5*u+u/2)
	return m
}

// PNG encodes Picture(w, h).
func PNG(w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, Picture(w, h)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// JPEG encodes Picture(w, h) at the given quality (1–100).
func JPEG(w, h, quality int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, Picture(w, h), &jpeg.Options{Quality: quality}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Noise is a w×h JPEG of random pixels: it compresses badly, so a few megapixels make a file of a few
// megabytes, like a phone photo.
func Noise(w, h, quality int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	m := Picture(w, h)
	for i := range m.Pix {
		if i%4 != 3 {
			m.Pix[i] = uint8(int(m.Pix[i]) + r.IntN(64) - 32)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// NoisePNG is a w×h PNG of random pixels (about 3 bytes a pixel, 4 with alpha): the worst case for
// size. With alpha, the PDF writer has to decompress it to split off the transparency.
func NoisePNG(w, h int, alpha bool, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(r.IntN(256))
		if i%4 == 3 && !alpha {
			m.Pix[i] = 255
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WithOrientation inserts an EXIF APP1 segment with the given orientation (1–8) after a JPEG's SOI.
func WithOrientation(jpg []byte, orientation int) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8))           // IFD0 offset
	binary.Write(&tiff, binary.BigEndian, uint16(1))           // one entry
	binary.Write(&tiff, binary.BigEndian, uint16(0x0112))      // Orientation
	binary.Write(&tiff, binary.BigEndian, uint16(3))           // SHORT
	binary.Write(&tiff, binary.BigEndian, uint32(1))           // count
	binary.Write(&tiff, binary.BigEndian, uint16(orientation)) // value, left-justified
	binary.Write(&tiff, binary.BigEndian, uint16(0))           // padding
	binary.Write(&tiff, binary.BigEndian, uint32(0))           // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xff, 0xe1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

// Oriented is a JPEG that shows Picture(w, h) — the "F" upright in the upper left — once turned as
// its EXIF orientation o (1–8) says: the pixels are stored turned the other way, as a phone does.
func Oriented(w, h, o, quality int) []byte {
	src := Picture(w, h)
	raw := src
	if o != 1 {
		inv := map[int]int{6: 8, 8: 6}[o]
		if inv == 0 {
			inv = o // 2, 3, 4, 5 and 7 undo themselves
		}
		raw = turn(src, inv)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, raw, &jpeg.Options{Quality: quality}); err != nil {
		panic(err)
	}
	return WithOrientation(buf.Bytes(), o)
}

// turn applies EXIF orientation o to m as a viewer displays it.
func turn(m *image.NRGBA, o int) *image.NRGBA {
	W, H := m.Bounds().Dx(), m.Bounds().Dy()
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	out := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = W-1-x, y
			case 3:
				sx, sy = W-1-x, H-1-y
			case 4:
				sx, sy = x, H-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, H-1-x
			case 7:
				sx, sy = W-1-y, H-1-x
			case 8:
				sx, sy = W-1-y, x
			default:
				sx, sy = x, y
			}
			out.SetNRGBA(x, y, m.NRGBAAt(sx, sy))
		}
	}
	return out
}

// Encrypt encrypts a PDF with AES-256 through pdfcpu. With an empty user password the file opens
// without one but is still encrypted.
func Encrypt(pdf []byte, userPW, ownerPW string) []byte {
	conf := model.NewAESConfiguration(userPW, ownerPW, 256)
	var buf bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &buf, conf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WithJavaScript adds to a PDF an open action that runs JavaScript, as an indirect object written the
// way pdfcpu writes files (object and cross-reference streams).
func WithJavaScript(pdf []byte) []byte {
	conf := model.NewDefaultConfiguration()
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		panic(err)
	}
	action := types.Dict{"Type": types.Name("Action"), "S": types.Name("JavaScript"), "JS": types.StringLiteral("app.alert(1);")}
	ref, err := ctx.IndRefForNewObject(action)
	if err != nil {
		panic(err)
	}
	root, err := ctx.Catalog()
	if err != nil {
		panic(err)
	}
	root["OpenAction"] = *ref
	ctx.Configuration.WriteObjectStream = true
	ctx.Configuration.WriteXRefStream = true
	var buf bytes.Buffer
	if err := api.WriteContext(ctx, &buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// RawPNG assembles a PNG from its header fields and the body of its single IDAT chunk, with optional
// PLTE and tRNS bodies, every chunk with its CRC. The IDAT body is taken as it is — compressed
// scanlines, or garbage for a check that must refuse the file on its header alone — so that tests can
// make what image/png never writes: interlaced files, huge dimensions, 16-bit depths.
func RawPNG(w, h uint32, depth, colorType, interlace byte, plte, trns, idat []byte) []byte {
	chunk := func(out []byte, typ string, body []byte) []byte {
		out = binary.BigEndian.AppendUint32(out, uint32(len(body)))
		start := len(out)
		out = append(out, typ...)
		out = append(out, body...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, interlace)
	out := chunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", ihdr)
	if plte != nil {
		out = chunk(out, "PLTE", plte)
	}
	if trns != nil {
		out = chunk(out, "tRNS", trns)
	}
	out = chunk(out, "IDAT", idat)
	return chunk(out, "IEND", nil)
}
