package bundle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"unicode/utf8"
)

// Kind is an exhibit's file type, told from its content.
type Kind int

// The kinds an exhibit may be.
const (
	Unknown Kind = iota
	PDF
	JPEG
	PNG
)

func (k Kind) String() string {
	switch k {
	case PDF:
		return "PDF"
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	}
	return "unknown"
}

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
	pdfMagic  = []byte("%PDF-")
)

// pdfHeaderWindow is how far into the file the « %PDF- » header may start: readers accept some bytes of
// junk before it (the PDF reference, implementation note 13: within the first 1024 bytes).
const pdfHeaderWindow = 1024

// Detect tells an exhibit's type from its first bytes (magic numbers), never from a file name. A file
// that is neither PDF nor JPEG nor PNG gives Unknown and an *Error with CodeUnsupported whose Detail
// names what it looks like (« GIF », « HEIC », « text »…), so the message can say what to do. Number and
// Name of the error are left for the caller (Check fills them).
func Detect(data []byte) (Kind, error) {
	switch {
	case len(data) == 0:
		return Unknown, &Error{Code: CodeEmpty}
	case bytes.HasPrefix(data, pngMagic):
		return PNG, nil
	case bytes.HasPrefix(data, jpegMagic):
		return JPEG, nil
	case bytes.Contains(data[:min(len(data), pdfHeaderWindow)], pdfMagic):
		return PDF, nil
	}
	return Unknown, &Error{Code: CodeUnsupported, Detail: sniffOther(data)}
}

// sniffOther names common formats people try to attach, for a helpful refusal.
func sniffOther(data []byte) string {
	has := func(prefix string) bool { return bytes.HasPrefix(data, []byte(prefix)) }
	switch {
	case has("GIF87a"), has("GIF89a"):
		return "GIF"
	case len(data) >= 12 && has("RIFF") && string(data[8:12]) == "WEBP":
		return "WebP"
	case has("II*\x00"), has("MM\x00*"):
		return "TIFF"
	case len(data) >= 14 && has("BM") && string(data[6:10]) == "\x00\x00\x00\x00":
		return "BMP"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1":
			return "HEIC"
		case "avif", "avis":
			return "AVIF"
		}
		return ""
	case has("PK\x03\x04"):
		return "ZIP"
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return "OLE"
	case has("{\\rtf"):
		return "RTF"
	}
	head := data[:min(len(data), 512)]
	trimmed := bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	switch {
	case bytes.HasPrefix(trimmed, []byte("<svg")) || (bytes.HasPrefix(trimmed, []byte("<?xml")) && bytes.Contains(trimmed, []byte("<svg"))):
		return "SVG"
	case bytes.HasPrefix(trimmed, []byte("<!doctype html")) || bytes.HasPrefix(trimmed, []byte("<html")):
		return "HTML"
	}
	if looksLikeText(head) {
		return "text"
	}
	return ""
}

func looksLikeText(b []byte) bool {
	// The window may cut a multi-byte character in two at its end.
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b) && b[len(b)-1] >= 0x80; i++ {
		b = b[:len(b)-1]
	}
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			return false
		}
	}
	return true
}

var errTruncated = errors.New("truncated")

// pngInfo walks a PNG's chunks, checking each CRC and the final IEND, so a truncated or damaged file
// is refused before it reaches the PDF writer (which keeps the compressed pixels as they are and would
// not notice).
type pngInfo struct {
	width, height  int
	depth, ctype   byte
	interlaced     bool
	hasPalette     bool
	paletteEntries int
	transparent    bool // a tRNS chunk: image/png then decodes into an image with alpha
}

func checkPNG(data []byte) (pngInfo, error) {
	var info pngInfo
	p := data[len(pngMagic):]
	first, idat, iend := true, false, false
	for !iend {
		if len(p) < 12 {
			return info, errTruncated
		}
		n := binary.BigEndian.Uint32(p)
		if n > uint32(len(p)-12) {
			return info, errTruncated
		}
		typ := p[4:8]
		body := p[8 : 8+n]
		if crc32.ChecksumIEEE(p[4:8+n]) != binary.BigEndian.Uint32(p[8+n:]) {
			return info, errors.New("bad CRC in chunk " + string(typ))
		}
		switch string(typ) {
		case "IHDR":
			if !first || n != 13 {
				return info, errors.New("bad IHDR")
			}
			info.width = int(binary.BigEndian.Uint32(body))
			info.height = int(binary.BigEndian.Uint32(body[4:]))
			info.depth, info.ctype = body[8], body[9]
			info.interlaced = body[12] != 0
			if info.width <= 0 || info.height <= 0 || body[10] != 0 || body[11] != 0 || body[12] > 1 {
				return info, errors.New("bad IHDR")
			}
			if !validPNGDepth(info.ctype, info.depth) {
				return info, errors.New("bad colour type or depth")
			}
		case "PLTE":
			info.hasPalette = true
			info.paletteEntries = int(n / 3)
		case "tRNS":
			info.transparent = true
		case "IDAT":
			idat = true
		case "IEND":
			iend = true
		}
		if first && string(typ) != "IHDR" {
			return info, errors.New("IHDR is not first")
		}
		first = false
		p = p[12+n:]
	}
	if !idat {
		return info, errors.New("no image data")
	}
	if info.ctype == 3 && !info.hasPalette {
		return info, errors.New("missing palette")
	}
	return info, nil
}

func validPNGDepth(ct, d byte) bool {
	switch ct {
	case 0:
		return d == 1 || d == 2 || d == 4 || d == 8 || d == 16
	case 3:
		return d == 1 || d == 2 || d == 4 || d == 8
	case 2, 4, 6:
		return d == 8 || d == 16
	}
	return false
}

// jpegInfo is what the JPEG markers tell before the pixels.
type jpegInfo struct {
	width, height int
	// orientation is the EXIF orientation (1–8; 1 when absent): phones store pixels as the sensor saw
	// them and say in EXIF how to turn them. PDF viewers ignore EXIF, so the page turns the image.
	orientation int
	// progressive JPEGs are decoded through coefficient arrays kept for the whole image; components
	// counts the colour channels (4 for CMYK).
	progressive bool
	components  int
}

// checkJPEG walks the markers up to the first scan, then makes sure the file ends with an EOI marker
// after it: a truncated JPEG (a download cut short) is refused. In entropy-coded data 0xFF is always
// followed by 0x00 or a restart marker, so FF D9 after the scan can only be the end.
func checkJPEG(data []byte) (jpegInfo, error) {
	info := jpegInfo{orientation: 1}
	p := 2
	sof := false
	for {
		if p+4 > len(data) {
			return info, errTruncated
		}
		if data[p] != 0xff {
			return info, errors.New("marker expected")
		}
		m := data[p+1]
		if m == 0xff { // fill byte
			p++
			continue
		}
		if m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7) {
			p += 2
			continue
		}
		if m == 0xd9 {
			return info, errors.New("end of image before any scan")
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return info, errTruncated
		}
		seg := data[p+4 : p+2+n]
		switch {
		case m == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) && info.orientation == 1:
			info.orientation = exifOrientation(seg[6:])
		case m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc:
			if len(seg) < 6 {
				return info, errors.New("bad frame header")
			}
			info.height = int(binary.BigEndian.Uint16(seg[1:]))
			info.width = int(binary.BigEndian.Uint16(seg[3:]))
			info.components = int(seg[5])
			info.progressive = m == 0xc2 || m == 0xc6 || m == 0xca || m == 0xce
			sof = true
		case m == 0xda:
			if !sof || info.width == 0 || info.height == 0 {
				return info, errors.New("scan before frame header")
			}
			end := bytes.LastIndex(data, []byte{0xff, 0xd9})
			if end < p+2+n {
				return info, errTruncated
			}
			return info, nil
		}
		p += 2 + n
	}
}

// exifOrientation reads tag 0x0112 of IFD0 from a TIFF structure; 1 when absent or unreadable.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for i := range n {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}
