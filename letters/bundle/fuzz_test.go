package bundle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"saisine/letters"

	"saisine/letters/bundle/bundletest"
)

// FuzzDetect: an upload is whatever bytes someone sends. Detect, and the PNG and JPEG walkers that index
// into those bytes before any decoder sees them, must not panic nor change the data; the kind must
// follow the documented magic numbers, and a refusal must be an *Error the page can explain. (FuzzCheck
// in bundle_test.go covers the whole of Check, pdfcpu included, at a much lower rate.)
func FuzzDetect(f *testing.F) {
	for _, s := range [][]byte{
		nil, []byte("%PDF-1.7\n"), []byte("junk before %PDF-1.4"), pngMagic, jpegMagic,
		[]byte("GIF89a"), []byte("RIFF\x00\x00\x00\x00WEBP"), []byte("II*\x00"), []byte("BM\x00\x00\x00\x00\x00\x00\x00\x00"),
		[]byte("\x00\x00\x00\x18ftypheic"), []byte("PK\x03\x04"), []byte("<?xml version='1.0'?><svg/>"),
		[]byte("<!DOCTYPE html><script>alert(1)</script>"), []byte("plain text\n"), []byte("\xef\xbb\xbf<svg onload=x>"),
		// A PDF that is also a ZIP (polyglot), and one that starts with a PNG signature.
		append([]byte("PK\x03\x04 %PDF-1.4\n"), bytes.Repeat([]byte{0}, 32)...),
		append(append([]byte{}, pngMagic...), "%PDF-1.4"...),
		fuzzPNG(1, 1), fuzzJPEG(6),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		kind, err := Detect(data)
		switch {
		case len(data) == 0:
			if kind != Unknown || code(err) != CodeEmpty {
				t.Fatalf("empty: %v %v", kind, err)
			}
		case bytes.HasPrefix(data, pngMagic):
			if kind != PNG || err != nil {
				t.Fatalf("PNG signature: %v %v", kind, err)
			}
		case bytes.HasPrefix(data, jpegMagic):
			if kind != JPEG || err != nil {
				t.Fatalf("JPEG signature: %v %v", kind, err)
			}
		case bytes.Contains(data[:min(len(data), pdfHeaderWindow)], pdfMagic):
			if kind != PDF || err != nil {
				t.Fatalf("PDF header: %v %v", kind, err)
			}
		default:
			if kind != Unknown || code(err) != CodeUnsupported {
				t.Fatalf("other: %v %v", kind, err)
			}
			e := err.(*Error)
			e.Number, e.Name = 3, "x.bin"
			if e.Message(letters.FR) == "" || e.Message(letters.EN) == "" {
				t.Fatalf("refusal without a message: %+v", e)
			}
		}
		switch kind {
		case PNG:
			if info, err := checkPNG(data); err == nil && (info.width <= 0 || info.height <= 0) {
				t.Fatalf("PNG accepted with size %d×%d", info.width, info.height)
			}
		case JPEG:
			if info, err := checkJPEG(data); err == nil && (info.width <= 0 || info.height <= 0 || info.orientation < 1 || info.orientation > 8) {
				t.Fatalf("JPEG accepted as %+v", info)
			}
		}
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		if !bytes.Equal(data, orig) {
			t.Fatal("the upload was modified")
		}
	})
}

func code(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// fuzzPNG is a minimal well-formed grey PNG header and end (the walkers check chunks, not pixels).
func fuzzPNG(w, h uint32) []byte {
	return bundletest.RawPNG(w, h, 8, 0, 0, nil, nil, []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})
}

// fuzzJPEG is the marker skeleton of a JPEG with an EXIF orientation: APP1, SOF0, SOS, then EOI.
func fuzzJPEG(orientation uint16) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01")
	tiff = binary.BigEndian.AppendUint16(tiff, orientation)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xff, 0xd8, 0xff, 0xe1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(app1)+2))
	out = append(out, app1...)
	out = append(out, 0xff, 0xc0, 0x00, 0x0b, 8, 0, 2, 0, 3, 1, 1, 0x11, 0)
	out = append(out, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0)
	return append(out, 0x12, 0x34, 0xff, 0xd9)
}
