package bundle

import (
	"bytes"
	"compress/zlib"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"saisine/letters/bundle/bundletest"
)

// rawPNG builds a PNG from its header fields and the filtered scanlines (each with its filter byte),
// plus optional PLTE and tRNS bodies: image/png never writes interlaced files, and the cost checks
// need huge headers whose pixels are never read.
func rawPNG(w, h uint32, depth, ctype, interlace byte, plte, trns, scanlines []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(scanlines)
	zw.Close()
	return bundletest.RawPNG(w, h, depth, ctype, interlace, plte, trns, z.Bytes())
}

// TestDecodedCost: an image that must be converted is refused on its header when decoding it would
// take more than MaxDecodedBytes (bytes per pixel counted: 16-bit RGBA is 8), before anything is
// inflated; images that are embedded as they are keep the pixel limit alone.
func TestDecodedCost(t *testing.T) {
	for _, c := range []struct {
		name        string
		w, h        uint32
		depth, ct   byte
		interlace   byte
		trns        []byte
		code        Code
		cost        int64
		neverDecode bool // the IDAT is garbage: passing means it was not decoded
	}{
		// The reproducer of docs/security.md: 49 MP, under MaxPixels, 392 MB decoded.
		{name: "16-bit RGBA 7000²", w: 7000, h: 7000, depth: 16, ct: 6, code: CodeImageTooCostly, cost: 392_000_000},
		{name: "8-bit RGBA 6000²", w: 6000, h: 6000, depth: 8, ct: 6, code: CodeImageTooCostly, cost: 144_000_000},
		{name: "16-bit RGB 4200²", w: 4200, h: 4200, depth: 16, ct: 2, code: CodeImageTooCostly, cost: 141_120_000},
		{name: "interlaced 8-bit RGB 4200²", w: 4200, h: 4200, depth: 8, ct: 2, interlace: 1, code: CodeImageTooCostly, cost: 141_120_000},
		{name: "16-bit grey with tRNS 4200²", w: 4200, h: 4200, depth: 16, ct: 0, trns: []byte{0, 0}, code: CodeImageTooCostly, cost: 141_120_000},
		// Not converted, not decoded: only MaxPixels applies.
		{name: "8-bit RGB 7000²", w: 7000, h: 7000, depth: 8, ct: 2, neverDecode: true},
		{name: "8-bit grey 7000²", w: 7000, h: 7000, depth: 8, ct: 0, neverDecode: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := rawPNG(c.w, c.h, c.depth, c.ct, c.interlace, nil, c.trns, []byte("not the pixels"))
			start := time.Now()
			img, code, _ := prepareImage(PNG, data, nil)
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v: the image was decoded", took)
			}
			if c.neverDecode {
				if code != "" || img.cost != 0 {
					t.Errorf("code %q, cost %d; want the image kept as it is", code, img.cost)
				}
				return
			}
			if code != c.code || img.cost != c.cost {
				t.Errorf("code %q cost %d, want %q %d", code, img.cost, c.code, c.cost)
			}
		})
	}
	t.Run("message", func(t *testing.T) {
		_, err := Prepare(Exhibit{Number: 3, Name: "scan.png", Data: rawPNG(7000, 7000, 16, 6, 0, nil, nil, []byte("x"))}, nil)
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeImageTooCostly {
			t.Fatalf("%v", err)
		}
		for _, want := range []string{"pièce n°\u00a03 (scan.png)", "7000 × 7000", "373,8\u00a0Mo", "128\u00a0Mo", "JPEG"} {
			if !bytes.Contains([]byte(e.Message("fr")), []byte(want)) {
				t.Errorf("message %q lacks %q", e.Message("fr"), want)
			}
		}
		if en := e.Message("en"); !bytes.Contains([]byte(en), []byte("373.8 MB")) {
			t.Errorf("English: %q", en)
		}
	})
}

// TestBudgetIsShared: the images of one bundle share MaxDecodedTotal; the one that goes over it is
// refused by name, and a refused image spends nothing.
func TestBudgetIsShared(t *testing.T) {
	var in bytes.Buffer
	m := image.NewNRGBA64(image.Rect(0, 0, 10, 10)) // 16-bit RGBA: 800 bytes decoded
	m.SetNRGBA64(1, 1, color.NRGBA64{0xffff, 0, 0, 0x8000})
	if err := png.Encode(&in, m); err != nil {
		t.Fatal(err)
	}
	b := &Budget{left: 2000}
	for i, want := range []Code{"", "", CodeImagesTooCostly, CodeImagesTooCostly} {
		_, err := Prepare(Exhibit{Number: i + 1, Data: in.Bytes()}, b)
		var e *Error
		switch {
		case want == "" && err != nil:
			t.Errorf("image %d: %v", i+1, err)
		case want != "" && (!errors.As(err, &e) || e.Code != want):
			t.Errorf("image %d: %v, want %s", i+1, err, want)
		}
	}
	if b.left != 400 {
		t.Errorf("budget left %d, want 400", b.left)
	}
	if !(&Budget{left: 800}).take(800) || (&Budget{left: 799}).take(800) {
		t.Error("take")
	}
}

// TestReencodeSixteenBitAndInterlaced: the row-by-row conversions of the types image/png returns
// draw transparency over white as the 8-bit path does.
func TestReencodeSixteenBitAndInterlaced(t *testing.T) {
	encode := func(m image.Image) []byte {
		var b bytes.Buffer
		if err := png.Encode(&b, m); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	nrgba64 := image.NewNRGBA64(image.Rect(0, 0, 2, 1))
	nrgba64.SetNRGBA64(0, 0, color.NRGBA64{0xffff, 0, 0, 0xffff})
	nrgba64.SetNRGBA64(1, 0, color.NRGBA64{0, 0, 0xffff, 0x8080})
	rgba64 := image.NewRGBA64(image.Rect(0, 0, 2, 1))
	rgba64.SetRGBA64(0, 0, color.RGBA64{0x1234, 0x5678, 0x9abc, 0xffff})
	rgba64.SetRGBA64(1, 0, color.RGBA64{0xffff, 0xffff, 0xffff, 0xffff})
	gray16 := image.NewGray16(image.Rect(0, 0, 2, 1))
	gray16.SetGray16(0, 0, color.Gray16{0xabcd})
	for _, c := range []struct {
		name  string
		data  []byte
		ctype byte
		want  [][3]uint8
	}{
		{"NRGBA64", encode(nrgba64), 6, [][3]uint8{{255, 0, 0}, {127, 127, 255}}},
		{"RGBA64", encode(rgba64), 2, [][3]uint8{{0x12, 0x56, 0x9a}, {255, 255, 255}}},
		{"Gray16", encode(gray16), 0, [][3]uint8{{0xab, 0xab, 0xab}, {0, 0, 0}}},
		// 1 × 1 interlaced: the one pixel is all of the first pass.
		{"interlaced RGB with tRNS", rawPNG(1, 1, 8, 2, 1, nil, []byte{0, 10, 0, 20, 0, 30}, []byte{0, 10, 20, 30}), 2, [][3]uint8{{255, 255, 255}}},
		{"interlaced RGB", rawPNG(1, 1, 8, 2, 1, nil, nil, []byte{0, 10, 20, 30}), 2, [][3]uint8{{10, 20, 30}}},
		{"interlaced palette", rawPNG(1, 1, 8, 3, 1, []byte{9, 8, 7, 1, 2, 3}, []byte{255, 0}, []byte{0, 1}), 3, [][3]uint8{{255, 255, 255}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := reencodePNG(c.data, c.ctype)
			if err != nil {
				t.Fatal(err)
			}
			info, err := checkPNG(out)
			if err != nil || info.depth != 8 || info.interlaced {
				t.Fatalf("re-encoded: %+v, %v", info, err)
			}
			m, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range c.want {
				r, g, b, _ := m.At(i, 0).RGBA()
				if got := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}; got != w {
					t.Errorf("pixel %d = %v, want %v", i, got, w)
				}
			}
		})
	}
}
