package bundle

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// reencodePNG draws transparency over white and keeps the pixels otherwise; the result is a plain
// 8-bit PNG that image/png reads back.
func TestReencodePNG(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	src.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	src.SetNRGBA(1, 0, color.NRGBA{255, 0, 0, 128})
	src.SetNRGBA(2, 0, color.NRGBA{0, 0, 0, 0})
	src.SetNRGBA(0, 1, color.NRGBA{10, 20, 30, 255})
	src.SetNRGBA(1, 1, color.NRGBA{0, 0, 255, 64})
	src.SetNRGBA(2, 1, color.NRGBA{200, 100, 50, 255})
	want := [][3]uint8{{255, 0, 0}, {255, 127, 127}, {255, 255, 255}, {10, 20, 30}, {191, 191, 255}, {200, 100, 50}}

	var in bytes.Buffer
	if err := png.Encode(&in, src); err != nil {
		t.Fatal(err)
	}
	out, err := reencodePNG(in.Bytes(), 6)
	if err != nil {
		t.Fatal(err)
	}
	info, err := checkPNG(out)
	if err != nil || info.ctype != 2 || info.depth != 8 || info.interlaced {
		t.Fatalf("re-encoded PNG: %+v, %v", info, err)
	}
	m, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		r, g, b, _ := m.At(i%3, i/3).RGBA()
		if got := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}; got != w {
			t.Errorf("pixel %d = %v, want %v", i, got, w)
		}
	}

	// Grey stays grey.
	g := image.NewGray16(image.Rect(0, 0, 2, 2))
	g.SetGray16(1, 1, color.Gray16{0x8000})
	in.Reset()
	if err := png.Encode(&in, g); err != nil {
		t.Fatal(err)
	}
	out, err = reencodePNG(in.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := checkPNG(out); err != nil || info.ctype != 0 || info.depth != 8 {
		t.Fatalf("grey: %+v, %v", info, err)
	}
}
