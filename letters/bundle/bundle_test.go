package bundle_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"saisine/letters"
	"saisine/letters/bundle"
	"saisine/letters/bundle/bundletest"
	"saisine/letters/procedures"
	"saisine/letters/render"

	"saisine/internal/pdftest"
)

func pages(t testing.TB, pdf []byte) int {
	t.Helper()
	n, err := api.PageCount(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the result: %v", err)
	}
	return n
}

// lilleCase is the shared Lille case with extra exhibits (title and digest of each file).
func lilleCase(t testing.TB, extra ...letters.Exhibit) *letters.Case {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "lille.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, problems := letters.Decode(f)
	if len(problems) > 0 {
		t.Fatalf("lille.json: %v", problems)
	}
	c.Exhibits = append(c.Exhibits, extra...)
	return c
}

func letterPDF(t testing.TB, c *letters.Case) []byte {
	t.Helper()
	p, _ := procedures.Get("plainte-cnil")
	doc, err := p.Build(c, procedures.Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := render.PDF(&buf, doc, render.DefaultPDFOptions()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetect(t *testing.T) {
	pdf := bundletest.PDF("one")
	tests := []struct {
		name   string
		data   []byte
		want   bundle.Kind
		detail string // CodeUnsupported's Detail when refused
	}{
		{"pdf", pdf, bundle.PDF, ""},
		{"pdf with junk before the header", append([]byte("\r\n\r\n"), pdf...), bundle.PDF, ""},
		{"jpeg", bundletest.JPEG(40, 30, 80), bundle.JPEG, ""},
		{"png", bundletest.PNG(40, 30), bundle.PNG, ""},
		// A PDF renamed .png is still a PDF: Detect has no name to be fooled by.
		{"pdf renamed .png", pdf, bundle.PDF, ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"), bundle.Unknown, "GIF"},
		{"text", []byte("Compte rendu du conseil municipal.\nÀ joindre au dossier.\n"), bundle.Unknown, "text"},
		{"html", []byte("<!DOCTYPE html><html><body>x</body></html>"), bundle.Unknown, "HTML"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), bundle.Unknown, "WebP"},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), bundle.Unknown, "HEIC"},
		{"docx", []byte("PK\x03\x04\x14\x00\x06\x00"), bundle.Unknown, "ZIP"},
		{"binary", []byte{0x00, 0x01, 0x02, 0xfe, 0x00}, bundle.Unknown, ""},
		{"text starting like BMP", []byte("BMW et vidéosurveillance"), bundle.Unknown, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bundle.Detect(tt.data)
			if got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
			if tt.want != bundle.Unknown {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			var e *bundle.Error
			if !errors.As(err, &e) || e.Code != bundle.CodeUnsupported || e.Detail != tt.detail {
				t.Fatalf("error = %#v, want CodeUnsupported with Detail %q", err, tt.detail)
			}
		})
	}
	if _, err := bundle.Detect(nil); err == nil {
		t.Error("an empty file is accepted")
	}
}

func TestUnsupportedMessageNamesTheExhibit(t *testing.T) {
	err := bundle.Check(bundle.Exhibit{Number: 2, Title: "Photo", Data: []byte("GIF89a......"), Name: "photo.png"})
	e := problem(t, err, bundle.CodeUnsupported)
	if e.Number != 2 {
		t.Errorf("Number = %d", e.Number)
	}
	fr, en := e.Message(letters.FR), e.Message(letters.EN)
	for _, want := range []string{"La pièce n°\u00a02 (photo.png)", "image GIF", "PDF", "JPEG ou PNG"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French message %q lacks %q", fr, want)
		}
	}
	for _, want := range []string{"Exhibit no. 2 (photo.png)", "GIF image", "JPEG or PNG"} {
		if !strings.Contains(en, want) {
			t.Errorf("English message %q lacks %q", en, want)
		}
	}
}

// problem returns the only *Error in err and checks its code.
func problem(t testing.TB, err error, code bundle.Code) *bundle.Error {
	t.Helper()
	ps := bundle.Problems(err)
	if len(ps) != 1 {
		t.Fatalf("want one problem %s, got %d: %v", code, len(ps), err)
	}
	if ps[0].Code != code {
		t.Fatalf("code = %s, want %s (%v)", ps[0].Code, code, err)
	}
	return ps[0]
}

func sha256sum(t testing.TB, path string, data []byte) string {
	t.Helper()
	if bin, err := exec.LookPath("sha256sum"); err == nil {
		out, err := exec.Command(bin, path).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Fields(string(out))[0]
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestBundleLille is the acceptance test: the Lille letter, then a two-page PDF, a PNG and a
// JPEG, with their digests on the bordereau.
func TestBundleLille(t *testing.T) {
	dir := t.TempDir()
	files := []struct {
		name, title string
		data        []byte
	}{
		{"photo-panneau.png", "Photographie du panneau « vidéoprotection » place Rihour", bundletest.PNG(800, 600)},
		{"courrier-mairie.pdf", "Courrier de la mairie du 3 février 2025", bundletest.PDF("Courrier de la mairie, page un", "Courrier de la mairie, page deux")},
		{"capture.jpg", "Capture d’écran du site de la commune", bundletest.JPEG(1200, 800, 85)},
	}
	var extra []letters.Exhibit
	exhibits := []bundle.Exhibit{}
	sums := map[string]string{}
	for i, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
		sums[f.name] = sha256sum(t, path, f.data)
		if got := bundle.SHA256(f.data); got != sums[f.name] {
			t.Fatalf("bundle.SHA256 = %s, sha256sum = %s", got, sums[f.name])
		}
		extra = append(extra, letters.Exhibit{Title: f.title, Date: "2025-02-03", File: f.name, SHA256: bundle.SHA256(f.data)})
		exhibits = append(exhibits, bundle.Exhibit{Number: 2 + i, Title: f.title, Data: f.data, Name: f.name})
	}
	c := lilleCase(t, extra...)
	letter := letterPDF(t, c)
	var out bytes.Buffer
	if err := bundle.Write(&out, letter, exhibits); err != nil {
		t.Fatal(err)
	}
	got := out.Bytes()
	want := pages(t, letter) + 1 + 2 + 1
	if n := pages(t, got); n != want {
		t.Errorf("pdfcpu counts %d pages, want %d (letter %d + PNG 1 + PDF 2 + JPEG 1)", n, want, pages(t, letter))
	}
	if n := pdftest.Pages(t, got); n != want {
		t.Errorf("pdfinfo counts %d pages, want %d", n, want)
	}
	if os.Getenv("BUNDLE_KEEP") != "" {
		os.WriteFile(os.Getenv("BUNDLE_KEEP"), got, 0o644)
	}
	text := pdftest.Text(t, got)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Madame la Présidente",              // the letter
		"Bordereau des pièces communiquées", // its bordereau
		"Courrier de la mairie, page un",    // the PDF exhibit's own text
		"Courrier de la mairie, page deux",
		"Pièce n° 2 — Photographie du panneau", // the image pages' headers
		"Pièce n° 4 — Capture d’écran du site de la commune",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the bundle's text lacks %q", want)
		}
	}
	for name, sum := range sums {
		if !strings.Contains(text, sum) {
			t.Errorf("the bordereau does not show %s's digest %s", name, sum)
		}
	}
	// Page order: the PDF exhibit's pages follow the PNG's page and precede the JPEG's.
	iPNG, iPDF, iJPG := strings.Index(flat, "Pièce n° 2 —"), strings.Index(flat, "page un"), strings.Index(flat, "Pièce n° 4 —")
	if !(strings.Index(flat, "Bordereau") < iPNG && iPNG < iPDF && iPDF < iJPG) {
		t.Errorf("pages out of order: bordereau, png %d, pdf %d, jpeg %d", iPNG, iPDF, iJPG)
	}
	// Bookmarks: the letter, then one per exhibit at its first page.
	bms, err := api.Bookmarks(bytes.NewReader(got), nil)
	if err != nil {
		t.Fatal(err)
	}
	lp := pages(t, letter)
	wantBM := map[string]int{"Lettre et bordereau des pièces": 1, "Pièce n°\u00a02 — " + files[0].title: lp + 1,
		"Pièce n°\u00a03 — " + files[1].title: lp + 2, "Pièce n°\u00a04 — " + files[2].title: lp + 4}
	if len(bms) != len(wantBM) {
		t.Errorf("%d bookmarks, want %d: %+v", len(bms), len(wantBM), bms)
	}
	for _, b := range bms {
		if p, ok := wantBM[b.Title]; !ok || p != b.PageFrom {
			t.Errorf("bookmark %q at page %d; want %v", b.Title, b.PageFrom, wantBM)
		}
	}
}

func TestWriteWithoutExhibitsKeepsTheLetter(t *testing.T) {
	letter := letterPDF(t, lilleCase(t))
	var out bytes.Buffer
	if err := bundle.Write(&out, letter, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := pages(t, out.Bytes()), pages(t, letter); got != want {
		t.Errorf("%d pages, want %d", got, want)
	}
}

func TestRefusals(t *testing.T) {
	pdf := bundletest.PDF("a", "b")
	png := bundletest.PNG(64, 48)
	jpg := bundletest.JPEG(64, 48, 80)
	big := make([]byte, bundle.MaxFileSize+1)
	copy(big, pdf)
	tests := []struct {
		name string
		data []byte
		code bundle.Code
		fr   string // in the French message, after « La pièce n° 3 (x) »
	}{
		{"truncated pdf", pdf[:len(pdf)/2], bundle.CodeCorruptPDF, "PDF endommagé ou illisible"},
		{"pdf header only", []byte("%PDF-1.4\n%garbage\n"), bundle.CodeCorruptPDF, "PDF endommagé"},
		{"encrypted pdf, password to open", bundletest.Encrypt(pdf, "secret", "owner"), bundle.CodeEncryptedPDF, "PDF protégé"},
		{"encrypted pdf, no password to open", bundletest.Encrypt(pdf, "", "owner"), bundle.CodeEncryptedPDF, "PDF protégé"},
		{"pdf with javascript", bundletest.WithJavaScript(pdf), bundle.CodeActivePDF, "contient du JavaScript"},
		{"truncated png", png[:len(png)-20], bundle.CodeCorruptImage, "image PNG endommagée ou incomplète"},
		{"png with a damaged byte", flip(png, len(png)/2), bundle.CodeCorruptImage, "image PNG endommagée"},
		{"truncated jpeg", jpg[:len(jpg)-200], bundle.CodeCorruptImage, "image JPEG endommagée"},
		{"jpeg header only", jpg[:20], bundle.CodeCorruptImage, "image JPEG endommagée"},
		{"too large", big, bundle.CodeTooLarge, "pèse 10\u00a0Mo"},
		{"empty", nil, bundle.CodeEmpty, "fichier vide"},
		{"gif", []byte("GIF87a\x01\x00\x01\x00"), bundle.CodeUnsupported, "image GIF"},
		{"huge png", hugePNG(8000, 7000), bundle.CodeImageTooLarge, "56 mégapixels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := bundle.Exhibit{Number: 3, Title: "Pièce", Data: tt.data, Name: "x"}
			e := problem(t, bundle.Check(ex), tt.code)
			msg := e.Message(letters.FR)
			if !strings.HasPrefix(msg, "La pièce n°\u00a03 (x) ") || !strings.Contains(msg, tt.fr) {
				t.Errorf("message %q: want it to name the exhibit and say %q", msg, tt.fr)
			}
			if en := e.Message(letters.EN); !strings.HasPrefix(en, "Exhibit no. 3 (x) ") || strings.ContainsAny(en, "«»éè") {
				t.Errorf("English message %q", en)
			}
			// Write refuses the same exhibit, and writes nothing.
			var out bytes.Buffer
			err := bundle.Write(&out, bundletest.PDF("letter"), []bundle.Exhibit{{Number: 1, Data: jpg}, ex})
			if problem(t, err, tt.code).Number != 3 || out.Len() != 0 {
				t.Errorf("Write: %v, %d bytes written", err, out.Len())
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x55
	return c
}

// hugePNG is a valid PNG header claiming w×h pixels (the size check comes before any decoding).
func hugePNG(w, h int) []byte {
	// A real 1×1 PNG whose IHDR is rewritten; the CRC is fixed so only the size is wrong.
	p := bundletest.PNG(1, 1)
	b := bytes.Clone(p)
	put := func(off, v int) {
		b[off], b[off+1], b[off+2], b[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put(16, w)
	put(20, h)
	put(29, int(crc32.ChecksumIEEE(b[12:29])))
	return b
}

func TestLimits(t *testing.T) {
	small := bundletest.JPEG(16, 16, 50)
	many := make([]bundle.Exhibit, bundle.MaxFiles+1)
	for i := range many {
		many[i] = bundle.Exhibit{Number: i + 1, Data: small}
	}
	err := bundle.Write(&bytes.Buffer{}, bundletest.PDF("x"), many)
	e := problem(t, err, bundle.CodeTooMany)
	if msg := e.Message(letters.FR); !strings.Contains(msg, "21 fichiers") || !strings.Contains(msg, "au plus 20") {
		t.Errorf("message %q", msg)
	}
	// Six files of 9 MB: each within the limit, 54 MB in all.
	sizes := []int64{9 << 20, 9 << 20, 9 << 20, 9 << 20, 9 << 20, 9 << 20}
	e = problem(t, bundle.CheckLimits(sizes), bundle.CodeTotalTooLarge)
	if msg := e.Message(letters.FR); !strings.Contains(msg, "54\u00a0Mo au total") || !strings.Contains(msg, "50\u00a0Mo") {
		t.Errorf("message %q", msg)
	}
	if err := bundle.CheckLimits([]int64{10 << 20, 10 << 20, 10 << 20, 10 << 20, 10 << 20}); err != nil {
		t.Errorf("exactly 50 MB refused: %v", err)
	}
}

func TestWriteReportsEveryProblem(t *testing.T) {
	exs := []bundle.Exhibit{
		{Number: 1, Data: []byte("hello"), Name: "a.txt"},
		{Number: 2, Data: bundletest.PNG(10, 10)},
		{Number: 3, Data: bundletest.Encrypt(bundletest.PDF("x"), "pw", "pw"), Name: "c.pdf"},
	}
	ps := bundle.Problems(bundle.Write(&bytes.Buffer{}, bundletest.PDF("letter"), exs))
	if len(ps) != 2 || ps[0].Number != 1 || ps[0].Code != bundle.CodeUnsupported || ps[1].Number != 3 || ps[1].Code != bundle.CodeEncryptedPDF {
		t.Errorf("problems = %+v", ps)
	}
}

func TestVerifySHA256(t *testing.T) {
	data := bundletest.PDF("x")
	ex := bundle.Exhibit{Number: 2, Data: data, Name: "piece-2.pdf"}
	if err := bundle.VerifySHA256(ex, ""); err != nil {
		t.Error(err)
	}
	if err := bundle.VerifySHA256(ex, strings.ToUpper(bundle.SHA256(data))); err != nil {
		t.Errorf("upper-case digest refused: %v", err)
	}
	wrong := strings.Repeat("ab", 32)
	e := problem(t, bundle.VerifySHA256(ex, wrong), bundle.CodeSHA256)
	msg := e.Message(letters.FR)
	for _, want := range []string{"La pièce n°\u00a02 (piece-2.pdf) ne correspond pas à l’empreinte SHA-256 indiquée dans le dossier", bundle.SHA256(data), wrong} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

// TestImages covers the images gofpdf cannot embed as they are (converted first), transparency and
// the EXIF turns. Set BUNDLE_IMAGES=file.pdf to look at the pages.
func TestImages(t *testing.T) {
	var exs []bundle.Exhibit
	for _, name := range []string{
		"basn6a16.png",                 // 16-bit RGBA
		"benchRGB-interlace.png",       // interlaced
		"gray-gradient.interlaced.png", // interlaced grey
		"basn3p08-trns.png",            // palette with transparency
		"video-001.cmyk.jpeg",          // CMYK
		"video-001.rgb.jpeg",           // RGB without the YCbCr transform
		"video-001.progressive.jpeg",
	} {
		exs = append(exs, bundle.Exhibit{Number: len(exs) + 1, Title: name, Data: readTestdata(t, name)})
	}
	exs = append(exs, bundle.Exhibit{Number: len(exs) + 1, Title: "PNG 8 bits transparent", Data: bundletest.NoisePNG(120, 80, true, 1)})
	firstTurned := len(exs) + 1
	for o := 1; o <= 8; o++ {
		exs = append(exs, bundle.Exhibit{Number: len(exs) + 1, Title: "Orientation EXIF " + strconv.Itoa(o) + " : le F doit se lire à l’endroit, en haut à gauche",
			Data: bundletest.Oriented(300, 200, o, 85)})
	}
	for _, ex := range exs {
		if err := bundle.Check(ex); err != nil {
			t.Errorf("%s: %v", ex.Title, err)
		}
	}
	var out bytes.Buffer
	if err := bundle.Write(&out, bundletest.PDF("letter"), exs); err != nil {
		t.Fatal(err)
	}
	if got, want := pages(t, out.Bytes()), 1+len(exs); got != want {
		t.Errorf("%d pages, want %d", got, want)
	}
	if p := os.Getenv("BUNDLE_IMAGES"); p != "" {
		if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Each turned photo shows its "F" in the upper left quarter, in landscape (300 × 200).
	for o := 1; o <= 8; o++ {
		page := 1 + firstTurned + o - 1
		m := rasterise(t, out.Bytes(), page)
		box, quarter := darkQuarter(m)
		if box.Dx() <= box.Dy() {
			t.Errorf("orientation %d: the picture is %v, not landscape", o, box)
		}
		if quarter != 0 {
			t.Errorf("orientation %d: the F is in quarter %d (0 upper left, 1 upper right, 2 lower left, 3 lower right)", o, quarter)
		}
	}
}

// rasterise renders one page at 30 dpi with pdftoppm.
func rasterise(t testing.TB, pdf []byte, page int) image.Image {
	t.Helper()
	p := strconv.Itoa(page)
	cmd := exec.Command(pdftest.Tool(t, "pdftoppm"), "-r", "30", "-f", p, "-l", p, "-png", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	m, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// darkQuarter finds the picture below the header (the non-white area) and the quarter of it that
// holds most dark pixels.
func darkQuarter(m image.Image) (image.Rectangle, int) {
	b := m.Bounds()
	top := b.Min.Y + b.Dy()*30/297 // below the header rule (≈ 25 mm)
	box := image.Rectangle{}
	for y := top; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	var n [4]int
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			if r < 0x6000 && g < 0x6000 && bl < 0x8000 {
				q := 0
				if x >= box.Min.X+box.Dx()/2 {
					q++
				}
				if y >= box.Min.Y+box.Dy()/2 {
					q += 2
				}
				n[q]++
			}
		}
	}
	best := 0
	for q := range n {
		if n[q] > n[best] {
			best = q
		}
	}
	return box, best
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLongTitleIsCutWithEllipsis(t *testing.T) {
	title := strings.Repeat("Délibération du conseil municipal relative à la vidéoprotection ", 8)
	var out bytes.Buffer
	err := bundle.Write(&out, bundletest.PDF("letter"), []bundle.Exhibit{{Number: 7, Title: title, Data: bundletest.PNG(50, 50)},
		{Number: 8, Title: strings.Repeat("x", 400), Data: bundletest.PNG(50, 50)}})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, out.Bytes())
	if !strings.Contains(text, "…") || !strings.Contains(text, "Pièce n° 7 — Délibération") {
		t.Errorf("text:\n%s", text)
	}
}

// TestConcurrentWrites runs bundles in parallel under -race (gofpdf's font bytes, pdfcpu's state).
func TestConcurrentWrites(t *testing.T) {
	letter := bundletest.PDF("letter")
	exs := []bundle.Exhibit{{Number: 1, Title: "a", Data: bundletest.PNG(40, 40)}, {Number: 2, Data: bundletest.PDF("p")}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			var out bytes.Buffer
			if err := bundle.Write(&out, letter, exs); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// FuzzCheck: whatever the bytes, Check answers nil or an *Error naming the exhibit, and never panics
// (the JPEG and PNG walkers index into untrusted data; pdfcpu's panics are recovered).
func FuzzCheck(f *testing.F) {
	f.Add(bundletest.PDF("x"))
	f.Add(bundletest.PNG(4, 3))
	f.Add(bundletest.JPEG(4, 3, 50))
	f.Add(bundletest.Oriented(8, 4, 6, 50))
	f.Add([]byte("GIF89a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := bundle.Check(bundle.Exhibit{Number: 5, Data: data})
		if err == nil {
			return
		}
		if ps := bundle.Problems(err); len(ps) != 1 || ps[0].Number != 5 {
			t.Fatalf("Check: %v", err)
		}
	})
}
