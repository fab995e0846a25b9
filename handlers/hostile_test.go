package handlers

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"saisine/letters/bundle/bundletest"
)

// Hostile input: what someone who wants the server to fail, or a careless copy and paste, sends to the
// API, the resume page, the exhibits upload and the interview. Every case must end in a clear 4xx with
// a message, or in a document that is exactly what the engine documents (never a 500, a panic or a
// PDF that does not open). Big inputs are generated here, not committed.

// lilleJSON is the example case as a generic JSON tree, to change one value at a time.
func lilleJSON(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../cmd/saisine/testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// withValue is lille.json with the value at path (dots, numbers for list items) replaced.
func withValue(t *testing.T, path string, v any) []byte {
	t.Helper()
	m := lilleJSON(t)
	var cur any = m
	parts := strings.Split(path, ".")
	for i, p := range parts {
		last := i == len(parts)-1
		switch node := cur.(type) {
		case map[string]any:
			if last {
				node[p] = v
			}
			cur = node[p]
		case []any:
			n, _ := strconv.Atoi(p)
			if last {
				node[n] = v
			}
			cur = node[n]
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// validPDF fails unless b is a PDF pdfcpu reads and validates (relaxed, as the bundle does).
func validPDF(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")) {
		t.Fatalf("not a whole PDF: %.40q … %q", b, b[max(0, len(b)-32):])
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(b), conf)
	if err == nil {
		err = api.ValidateContext(ctx)
	}
	if err != nil {
		t.Fatalf("broken PDF: %v", err)
	}
}

var safeDisposition = regexp.MustCompile(`^attachment; filename="[a-z0-9.-]+"$`)

// hostileText is one kind of nasty string typed into a text field, and what the engine does with it.
type hostileText struct {
	name  string
	value string
	// code is the problem expected in a one-line field ("" = accepted); multi the one in a multi-line
	// field (facts.where_filmed, facts.purposes_claimed).
	code, multi string
	// mention is what the message must name (the character and its code point).
	mention []string
	// absent must not reach the document.
	absent string
}

var hostileTexts = []hostileText{
	{name: "emoji", value: "Caméra 😀 ici", code: "unprintable", multi: "unprintable", mention: []string{"😀", "U+1F600"}},
	{name: "emoji with VS16", value: "J’aime ❤️ Lille", code: "unprintable", multi: "unprintable", mention: []string{"❤", "U+2764"}},
	{name: "Arabic", value: "مرحبا", code: "unprintable", multi: "unprintable", mention: []string{"U+0645"}},
	{name: "CJK", value: "監視カメラ", code: "unprintable", multi: "unprintable", mention: []string{"監", "U+76E3"}},
	{name: "NUL", value: "Mar\x00tin", code: "control_char", multi: "control_char", mention: []string{"U+0000"}},
	{name: "bell", value: "Mar\atin", code: "control_char", multi: "control_char", mention: []string{"U+0007"}},
	{name: "line feed", value: "Mar\ntin", code: "control_char"},
	{name: "line separator", value: "Mar\u2028tin", code: "control_char"},
	// Format characters are dropped by normalisation: a right-to-left override cannot turn « fdp.exe »
	// round in the letter.
	{name: "RLO bidi override", value: "Mar\u202etin\u202c", absent: "\u202e"},
	{name: "bidi isolates", value: "\u2066Martin\u2069 \u200fx", absent: "\u2066"},
	{name: "zero width and BOM", value: "Ma\u200brt\ufeffin", absent: "\u200b"},
	{name: "combining accent", value: "Me\u0301lanie", absent: "e\u0301"},
	{name: "stacked combining marks", value: "Z\u0351\u0360algo"},
	// The fonts have Hebrew letters, so Hebrew passes; gofpdf does not reorder right-to-left text.
	{name: "Hebrew", value: "שלום"},
	{name: "HTML", value: `<script>alert(1)</script><b>`, absent: "<script>"},
	{name: "CSV formula", value: `=CMD|' /C calc'!A0`},
	{name: "long", value: strings.Repeat("é", 5000), code: "too_long", multi: "too_long"},
}

var hostileFields = []string{
	"sender.first_name", "sender.last_name", "sender.address.street", "sender.address.city", "commune.name",
	"facts.software", "facts.where_filmed", "facts.purposes_claimed", "facts.sources.0.title",
	"exhibits.0.title", "letter.place",
}

// apiPath turns « facts.sources.0.title » into the API's « facts.sources[0].title ».
func apiPath(p string) string {
	return regexp.MustCompile(`\.(\d+)`).ReplaceAllString(p, "[$1]")
}

// TestHostileAPIText: every nasty string in every kind of text field, through POST /api/v1/render.
func TestHostileAPIText(t *testing.T) {
	a := newApp(t).unlimited()
	for _, field := range hostileFields {
		multi := field == "facts.where_filmed" || field == "facts.purposes_claimed"
		for _, h := range hostileTexts {
			t.Run(field+"/"+h.name, func(t *testing.T) {
				format := "txt"
				switch {
				case h.absent == "<script>":
					format = "html"
				case field == "sender.last_name" || field == "facts.where_filmed":
					format = "pdf"
				}
				p := a.api("POST", "/api/v1/render?procedure=plainte-cnil&format="+format, string(withValue(t, field, h.value)))
				want := h.code
				if multi {
					want = h.multi
				}
				if want == "" {
					if p.Status != http.StatusOK {
						t.Fatalf("status %d, want 200: %s", p.Status, p.Body)
					}
					if cd := p.Header.Get("Content-Disposition"); !safeDisposition.MatchString(cd) {
						t.Errorf("Content-Disposition %q", cd)
					}
					if format == "pdf" {
						validPDF(t, []byte(p.Body))
					} else if h.absent != "" && strings.Contains(p.Body, h.absent) {
						t.Errorf("%q reached the %s document", h.absent, format)
					}
					return
				}
				if p.Status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422: %.300s", p.Status, p.Body)
				}
				errs := apiErrs(t, p)
				if errs[0].Path != apiPath(field) || errs[0].Code != want {
					t.Fatalf("first error %+v, want %s at %s", errs[0], want, apiPath(field))
				}
				for _, m := range h.mention {
					if !strings.Contains(errs[0].Message, m) {
						t.Errorf("message %q does not name %q", errs[0].Message, m)
					}
				}
				if strings.ContainsRune(errs[0].Message, '\ufe0f') {
					t.Errorf("message quotes a variation selector: %q", errs[0].Message)
				}
			})
		}
	}
}

// deep nests n arrays.
func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString(`{"version":1`)
	for i := range n {
		fmt.Fprintf(&b, `,"k%d":1`, i)
	}
	return b.String() + "}"
}

// TestHostileAPIBodies: bodies that are not a case at all, or a case of the wrong shape.
func TestHostileAPIBodies(t *testing.T) {
	a := newApp(t).unlimited()
	lille := string(withValue(t, "version", 1))
	sources := make([]any, 2000)
	for i := range sources {
		sources[i] = map[string]any{}
	}
	caps := make([]any, 50_000)
	for i := range caps {
		caps[i] = "plate_reading"
	}
	for _, c := range []struct {
		name, query, body string
		headers           []string
		status            int
		path, code        string
		nErrors           int // when > 0, the number of errors listed
		more              int // the count of errors not listed
	}{
		{name: "empty", body: "", status: 400, code: "empty"},
		{name: "white space", body: " \n\t ", status: 400, code: "empty"},
		{name: "null", body: "null", status: 422, path: "version", code: "version"},
		{name: "array", body: "[]", status: 422, code: "wrong_type"},
		{name: "string", body: `"dossier"`, status: 422, code: "wrong_type"},
		{name: "huge number", body: "1e999999", status: 422, code: "wrong_type"},
		// encoding/json refuses more than 10,000 nested values before the walk starts: the bound on depth.
		{name: "100000 nested arrays", body: deep(100000), status: 400, code: "syntax"},
		{name: "10001 nested arrays in a field", body: `{"version":1,"x":` + deep(10001) + `}`, status: 400, code: "syntax"},
		{name: "9999 nested objects in an unknown field", body: `{"version":1,"x":` + strings.Repeat(`{"a":`, 9999) + "1" + strings.Repeat("}", 9999) + "}",
			status: 422, path: "x", code: "unknown_field"},
		{name: "deep nesting in a known field", body: `{"version":1,"sender":` + deep(5000) + `}`, status: 422, path: "sender", code: "wrong_type"},
		{name: "trailing data", body: "{}{}", status: 400, code: "trailing_data"},
		{name: "invalid UTF-8", body: `{"version":1,"sender":{"last_name":"Mart` + "\xff\xfe" + `in"}}`, status: 400, code: "encoding"},
		{name: "UTF-16", body: "\xff\xfe{\x00}\x00", status: 400, code: "encoding"},
		{name: "raw NUL in a string", body: `{"version":1,"sender":{"last_name":"a` + "\x00" + `b"}}`, status: 400, code: "syntax"},
		{name: "raw NUL outside strings", body: "\x00" + lille, status: 400, code: "syntax"},
		{name: "lone surrogate", body: strings.Replace(lille, `"Martin"`, `"Mar\ud800tin"`, 1), status: 422, path: "sender.last_name", code: "unprintable"},
		{name: "escaped NUL", body: strings.Replace(lille, `"Martin"`, `"Mar\u0000tin"`, 1), status: 422, path: "sender.last_name", code: "control_char"},
		{name: "BOM", body: "\xef\xbb\xbf" + lille, status: 200},
		{name: "version as a string", body: `{"version":"1"}`, status: 422, path: "version", code: "wrong_type"},
		{name: "version 2", body: `{"version":2}`, status: 422, path: "version", code: "version"},
		{name: "version 1.0", body: `{"version":1.0}`, status: 422, path: "version", code: "version"},
		{name: "duplicate key", body: "{\"requests\":[]," + lille[1:], status: 422, path: "requests", code: "duplicate_key"},
		{name: "__proto__", body: "{\"__proto__\":{\"admin\":true}," + lille[1:], status: 422, path: "__proto__", code: "unknown_field"},
		{name: "object for a string", body: strings.Replace(lille, `"Martin"`, `{"$gt":""}`, 1), status: 422, path: "sender.last_name", code: "wrong_type"},
		{name: "array for an object", body: string(withValue(t, "sender", []any{1, 2})), status: 422, path: "sender", code: "wrong_type"},
		{name: "string for a list", body: string(withValue(t, "facts.capabilities", "plate_reading")), status: 422, path: "facts.capabilities", code: "wrong_type"},
		{name: "numbers in a list of strings", body: string(withValue(t, "requests", []any{1, true})), status: 422, path: "requests[0]", code: "wrong_type"},
		{name: "unknown enum value", body: string(withValue(t, "sender.kind", "admin")), status: 422, path: "sender.kind", code: "enum"},
		{name: "javascript: URL", body: string(withValue(t, "facts.sources.0.url", "javascript:alert(1)")), status: 422, path: "facts.sources[0].url", code: "url_scheme"},
		{name: "900 kB field", body: string(withValue(t, "facts.where_filmed", strings.Repeat("a", 900_000))), status: 422, path: "facts.where_filmed", code: "too_long"},
		{name: "1.5 MB field", body: string(withValue(t, "facts.where_filmed", strings.Repeat("a", 1_500_000))), status: 413, code: "too_large"},
		{name: "10 MB field", body: string(withValue(t, "facts.where_filmed", strings.Repeat("é", 5<<20))), status: 413, code: "too_large"},
		{name: "500 kB key", body: `{"version":1,"` + strings.Repeat("k", 500_000) + `":1}`, status: 422, code: "unknown_field"},
		// The first hundred problems are listed, the rest counted in « more » (see docs/security.md).
		{name: "10000 unknown fields", body: manyKeys(10000), status: 422, path: "k0", code: "unknown_field", nErrors: 100, more: 9900},
		{name: "100 unknown fields", body: manyKeys(100), status: 422, path: "k0", code: "unknown_field", nErrors: 100},
		{name: "2000 empty sources", body: string(withValue(t, "facts.sources", sources)), status: 422, path: "facts.sources[0].title", code: "required", nErrors: 100, more: 5900},
		{name: "50000 capabilities", body: string(withValue(t, "facts.capabilities", caps)), status: 422, path: "facts.capabilities", code: "duplicate"},
		{name: "unknown procedure", query: "procedure=../../../etc/passwd", body: lille, status: 404},
		{name: "procedure with markup", query: "procedure=%3Cscript%3E", body: lille, status: 404},
		{name: "unknown format", query: "procedure=plainte-cnil&format=exe", body: lille, status: 400},
		{name: "two formats", query: "procedure=plainte-cnil&format=txt&format=exe", body: lille, status: 200},
		{name: "cross-site", body: lille, headers: []string{"Sec-Fetch-Site", "cross-site"}, status: 403},
		{name: "foreign origin", body: lille, headers: []string{"Origin", "https://evil.example"}, status: 403},
		{name: "text/plain body", body: lille, headers: []string{"Content-Type", "text/plain"}, status: 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := c.query
			if q == "" {
				q = "procedure=plainte-cnil&format=txt"
			}
			p := a.api("POST", "/api/v1/render?"+q, c.body, c.headers...)
			if p.Status != c.status {
				t.Fatalf("status %d, want %d: %.300s", p.Status, c.status, p.Body)
			}
			if c.status == 200 {
				return
			}
			errs := apiErrs(t, p)
			if c.code != "" && (errs[0].Code != c.code || (c.path != "" && errs[0].Path != c.path)) {
				t.Fatalf("first error %+v, want %s at %q", errs[0], c.code, c.path)
			}
			if c.nErrors > 0 && len(errs) != c.nErrors {
				t.Errorf("%d errors, want %d", len(errs), c.nErrors)
			}
			var body struct {
				More *int `json:"more"`
			}
			json.Unmarshal([]byte(p.Body), &body)
			switch {
			case c.more == 0 && body.More != nil:
				t.Errorf("more = %d, want the field absent", *body.More)
			case c.more > 0 && (body.More == nil || *body.More != c.more):
				t.Errorf("more = %v, want %d", body.More, c.more)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		if p := a.get("/api/v1/render?procedure=plainte-cnil"); p.Status != http.StatusMethodNotAllowed {
			t.Errorf("status %d", p.Status)
		}
	})
	t.Run("English message", func(t *testing.T) {
		p := a.api("POST", "/api/v1/render?procedure=plainte-cnil", string(withValue(t, "sender.last_name", "😀")), "Accept-Language", "en")
		if errs := apiErrs(t, p); p.Status != 422 || !strings.Contains(errs[0].Message, "character") || !strings.Contains(errs[0].Message, "U+1F600") {
			t.Errorf("%d %+v", p.Status, errs)
		}
	})
}

// zipBomb is a ZIP archive of 16 MiB of zeros (16 kB): the type is told from the first bytes, so the
// archive is refused without being opened, whatever it would inflate to.
var zipBomb = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("zeros.txt")
	if err != nil {
		panic(err)
	}
	w.Write(make([]byte, 16<<20))
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// jsPDF is a one-page PDF that runs JavaScript when opened (document-level name tree, page open action
// and catalog open action).
func jsPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /Names << /JavaScript << /Names [(x) 4 0 R] >> >> >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
		"<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\);) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// pngOf is a PNG of w×h pixels of colour type ct and bit depth d, all zero: tiny once compressed,
// whatever its size decompressed. Without pixels, its image data is a few bytes that are not zlib:
// enough for the checks that read the header only.
func pngOf(w, h uint32, d, ct byte, pixels bool) []byte {
	idat := []byte("not zlib")
	if pixels {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
		channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[ct]
		row := make([]byte, 1+int(w)*channels*int(d)/8)
		for range h {
			zw.Write(row)
		}
		zw.Close()
		idat = z.Bytes()
	}
	return bundletest.RawPNG(w, h, d, ct, 0, nil, nil, idat)
}

// TestHostileExhibits: files sent to the complete dossier (POST /dossier/{procedure}/dossier-complet).
func TestHostileExhibits(t *testing.T) {
	a := newApp(t).unlimited()
	tok := a.tokenFor("plainte-cnil", lilleCase(t))
	const path = "/dossier/plainte-cnil/dossier-complet"
	pdf := bundletest.PDF("PIECE")
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	many := make([]filePart, 21)
	for i := range many {
		many[i] = filePart{"autres", "p" + strconv.Itoa(i) + ".pdf", pdf}
	}
	for _, c := range []struct {
		name    string
		files   []filePart
		status  int
		mention string // in the error summary
		absent  string // must not be in the PDF
	}{
		{name: "zip bomb", files: []filePart{{"autres", "bomb.zip", zipBomb()}}, status: 422, mention: "ZIP"},
		{name: "zip bomb named .pdf", files: []filePart{{"piece-1", "article.pdf", zipBomb()}}, status: 422, mention: "ZIP"},
		{name: "PDF then ZIP (polyglot)", files: []filePart{{"autres", "poly.pdf", cat(pdf, zipBomb())}}, status: 200, absent: "PK\x03\x04"},
		{name: "ZIP header then PDF (polyglot)", files: []filePart{{"autres", "poly.pdf", cat([]byte("PK\x03\x04junk\n"), pdf)}}, status: 200},
		{name: "PNG signature then PDF", files: []filePart{{"autres", "poly.png", cat([]byte("\x89PNG\r\n\x1a\n"), pdf)}}, status: 422, mention: "PNG"},
		{name: "JPEG signature then HTML", files: []filePart{{"autres", "x.jpg", cat([]byte{0xff, 0xd8, 0xff, 0xe0}, []byte("<script>alert(1)</script>"))}}, status: 422, mention: "JPEG"},
		{name: "SVG with script", files: []filePart{{"autres", "x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)}}, status: 422, mention: "SVG"},
		{name: "HTML", files: []filePart{{"autres", "x.html", []byte(`<!DOCTYPE html><script>alert(1)</script>`)}}, status: 422, mention: "HTML"},
		{name: "executable", files: []filePart{{"autres", "x.pdf", cat([]byte("MZ\x90\x00"), make([]byte, 2000))}}, status: 422, mention: "x.pdf"},
		{name: "empty file", files: []filePart{{"autres", "vide.pdf", nil}}, status: 422, mention: "vide"},
		{name: "truncated PDF", files: []filePart{{"autres", "cut.pdf", pdf[:len(pdf)/2]}}, status: 422, mention: "cut.pdf"},
		{name: "encrypted PDF", files: []filePart{{"autres", "secret.pdf", bundletest.Encrypt(pdf, "", "owner")}}, status: 422, mention: "secret.pdf"},
		{name: "400 megapixel PNG", files: []filePart{{"autres", "huge.png", pngOf(20000, 20000, 8, 0, false)}}, status: 422, mention: "400"},
		{name: "PNG claiming 2^31 pixels wide", files: []filePart{{"autres", "wide.png", pngOf(1<<31-1, 1, 8, 0, false)[:33]}}, status: 422, mention: "wide.png"},
		{name: "11 MB file", files: []filePart{{"autres", "big.pdf", cat(pdf, make([]byte, 11<<20))}}, status: 422, mention: "big.pdf"},
		{name: "21 files", files: many, status: 422, mention: "21"},
		{name: "emoji in the file name", files: []filePart{{"autres", "photo 😀.pdf", pdf}}, status: 422, mention: "U+1F600"},
		{name: "RLO in the file name", files: []filePart{{"autres", "facture\u202efdp.exe.pdf", pdf}}, status: 200},
		{name: "path in the file name", files: []filePart{{"autres", `..\..\windows\system32\x.pdf`, pdf}}, status: 200},
		{name: "NUL in the file name", files: []filePart{{"autres", "a\x00b.pdf", pdf}}, status: 400},
		{name: "no file", files: nil, status: 422},
		{name: "stale line number", files: []filePart{{"piece-99", "x.pdf", pdf}}, status: 422},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := a.uploadFiles(path, tok, c.files...)
			if p.Status != c.status {
				t.Fatalf("status %d, want %d: %s", p.Status, c.status, p.errorsText())
			}
			if c.status == 200 {
				validPDF(t, []byte(p.Body))
				if c.absent != "" && strings.Contains(p.Body, c.absent) {
					t.Errorf("%q reached the dossier", c.absent)
				}
				return
			}
			if msg := p.errorsText(); c.status == 422 && (msg == "" || !strings.Contains(msg, c.mention)) {
				t.Errorf("errors %q do not mention %q", msg, c.mention)
			}
		})
	}

	t.Run("PDF with JavaScript", func(t *testing.T) {
		p := a.uploadFiles(path, tok, filePart{"autres", "js.pdf", jsPDF()})
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422: an exhibit that runs JavaScript is refused", p.Status)
		}
		if !strings.Contains(p.visibleText(), "contient du JavaScript") {
			t.Errorf("the page does not say why the file is refused:\n%s", p.visibleText())
		}
	})

	t.Run("body over the limit", func(t *testing.T) {
		p := a.uploadFiles(path, tok, filePart{"autres", "big.pdf", make([]byte, maxBundleBytes+1)})
		if p.Status != http.StatusRequestEntityTooLarge || !strings.Contains(p.errorsText(), "Mo") {
			t.Errorf("status %d: %s", p.Status, p.errorsText())
		}
	})
	t.Run("bad state", func(t *testing.T) {
		if p := a.uploadFiles(path, tok[:len(tok)-4]+"AAAA", filePart{"autres", "x.pdf", pdf}); p.Status != http.StatusBadRequest {
			t.Errorf("status %d", p.Status)
		}
	})
	t.Run("not multipart", func(t *testing.T) {
		if p := a.post(path, url.Values{"etat": {tok}}); p.Status != http.StatusBadRequest {
			t.Errorf("status %d", p.Status)
		}
	})
	t.Run("boundary never closed", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"etat\"\r\n\r\n"+tok))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		if p := a.do(req); p.Status != http.StatusBadRequest {
			t.Errorf("status %d", p.Status)
		}
	})
}

// TestHostilePNGCost measures decompression bombs that stay under the pixel limit: a 16-bit RGBA PNG of
// 49 megapixels (under MaxPixels) of about half a megabyte would take 392 MB decoded; it is refused on
// its header (bundle.MaxDecodedBytes). The largest such image allowed (4096 × 4096, 128 MiB decoded) is
// converted row by row. Slow (seconds, hundreds of MB allocated): run with SAISINE_SLOW_HOSTILE=1. See
// docs/security.md for the figures.
func TestHostilePNGCost(t *testing.T) {
	if os.Getenv("SAISINE_SLOW_HOSTILE") == "" {
		t.Skip("set SAISINE_SLOW_HOSTILE=1")
	}
	a := newApp(t).unlimited()
	tok := a.tokenFor("plainte-cnil", lilleCase(t))
	for _, c := range []struct {
		side   uint32
		status int
		most   time.Duration
	}{
		{7000, http.StatusUnprocessableEntity, time.Second},
		{4096, http.StatusOK, 20 * time.Second},
	} {
		png := pngOf(c.side, c.side, 16, 6, true)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		p := a.uploadFiles("/dossier/plainte-cnil/dossier-complet", tok, filePart{"autres", "p16.png", png})
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		t.Logf("%d² 16-bit RGBA, %d bytes of PNG: status %d in %v, %d MB allocated", c.side, len(png), p.Status,
			took.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
		if p.Status != c.status {
			t.Errorf("status %d, want %d: %s", p.Status, c.status, p.errorsText())
		}
		if took > c.most {
			t.Errorf("took %v, more than %v", took, c.most)
		}
	}
}

// resumeUpload posts the resume form with a file of the given content.
func (a *app) resumeUpload(procedure string, content []byte) *page {
	a.t.Helper()
	fields := map[string]string{}
	if procedure != "" {
		fields["procedure"] = procedure
	}
	return a.upload("/reprendre", fields, "dossier", content)
}

// TestHostileResume: files given to « Reprendre un dossier ».
func TestHostileResume(t *testing.T) {
	a := newApp(t).unlimited()
	lille := withValue(t, "version", 1)
	for _, c := range []struct {
		name      string
		procedure string
		content   []byte
		status    int
		mention   string
	}{
		{name: "zip bomb", procedure: "plainte-cnil", content: zipBomb(), status: 422, mention: "UTF-8"},
		{name: "PDF", procedure: "plainte-cnil", content: bundletest.PDF("x"), status: 422, mention: "UTF-8"},
		{name: "1.5 MB", procedure: "plainte-cnil", content: withValue(t, "facts.where_filmed", strings.Repeat("a", 1_500_000)), status: 422, mention: "Mio"},
		{name: "3 MB", procedure: "plainte-cnil", content: withValue(t, "facts.where_filmed", strings.Repeat("a", 3_000_000)), status: 422, mention: "Mio"},
		{name: "100000 nested arrays", procedure: "plainte-cnil", content: []byte(deep(100000)), status: 422, mention: "JSON"},
		{name: "raw NUL", procedure: "plainte-cnil", content: []byte("{\"version\":1,\x00}"), status: 422, mention: "JSON"},
		{name: "empty file", procedure: "plainte-cnil", content: []byte{}, status: 422},
		{name: "many unknown fields", procedure: "plainte-cnil", content: []byte(manyKeys(2000)), status: 422, mention: "k0"},
		{name: "no procedure", content: lille, status: 422},
		{name: "procedure with markup", procedure: "<script>alert(1)</script>", content: lille, status: 422},
		// The resume page only reads the file: the emoji is reported on the verification page.
		{name: "emoji", procedure: "plainte-cnil", content: withValue(t, "sender.last_name", "😀"), status: 303},
		{name: "RLO", procedure: "plainte-cnil", content: withValue(t, "sender.last_name", "Mar\u202etin"), status: 303},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := a.resumeUpload(c.procedure, c.content)
			if p.Status != c.status {
				t.Fatalf("status %d, want %d: %s", p.Status, c.status, p.errorsText())
			}
			if strings.Contains(p.Body, "<script>alert(1)") {
				t.Error("markup echoed unescaped")
			}
			if c.status == 422 && !strings.Contains(p.errorsText(), c.mention) {
				t.Errorf("errors %q do not mention %q", p.errorsText(), c.mention)
			}
			if c.status == 303 {
				if v := a.follow(p); v.Status != http.StatusOK {
					t.Errorf("verification page: %d", v.Status)
				} else if c.name == "emoji" && !strings.Contains(v.visibleText(), "U+1F600") {
					t.Error("the verification page does not name the emoji")
				}
			}
		})
	}
	t.Run("not multipart", func(t *testing.T) {
		if p := a.post("/reprendre", url.Values{"procedure": {"plainte-cnil"}}); p.Status != 422 {
			t.Errorf("status %d", p.Status)
		}
	})
	t.Run("malformed multipart", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/reprendre", strings.NewReader("--x\r\nnot a header\r\n"))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		if p := a.do(req); p.Status != http.StatusBadRequest {
			t.Errorf("status %d", p.Status)
		}
	})
	t.Run("file field sent many times", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("procedure", "plainte-cnil")
		for range 500 {
			fw, _ := mw.CreateFormFile("dossier", "d.json")
			fw.Write([]byte("{}"))
		}
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/reprendre", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if p := a.do(req); p.Status != 422 {
			t.Errorf("status %d", p.Status)
		}
	})
}

// TestHostileInterview: forged posts to the interview's pages.
func TestHostileInterview(t *testing.T) {
	a := newApp(t).unlimited()
	tok := a.tokenFor("plainte-cnil", lilleCase(t))
	post := func(path string, v url.Values) *page { return a.post(path, v) }
	identity := func(field, value string) url.Values {
		return url.Values{"etat": {tok}, "action": {"continuer"}, field: {value}}
	}
	for _, c := range []struct {
		name    string
		path    string
		form    url.Values
		raw     string // a raw body instead of form
		status  int
		mention string
	}{
		{name: "kind with markup", path: "/commencer", form: url.Values{"kind": {"<script>alert(1)</script>"}, "procedure": {"plainte-cnil"}}, status: 422},
		{name: "unknown procedure", path: "/commencer", form: url.Values{"kind": {"resident"}, "procedure": {"../../etc"}}, status: 422},
		{name: "form over 1 MiB", path: "/commencer", form: url.Values{"kind": {strings.Repeat("a", 2<<20)}}, status: 413},
		{name: "bad percent-encoding", path: "/commencer", raw: "kind=%zz&procedure=%", status: 400},
		{name: "emoji in a name", path: "/dossier/plainte-cnil/identite", form: identity("sender.last_name", "😀"), status: 422, mention: "U+1F600"},
		{name: "NUL in a name", path: "/dossier/plainte-cnil/identite", form: identity("sender.last_name", "a\x00b"), status: 422, mention: "U+0000"},
		{name: "Arabic in a name", path: "/dossier/plainte-cnil/identite", form: identity("sender.last_name", "مرحبا"), status: 422, mention: "U+0645"},
		{name: "RLO in a name", path: "/dossier/plainte-cnil/identite", form: identity("sender.last_name", "Mar\u202etin"), status: 303},
		{name: "5000 characters in a name", path: "/dossier/plainte-cnil/identite", form: identity("sender.last_name", strings.Repeat("é", 5000)), status: 422, mention: "5000"},
		{name: "huge row index", path: "/dossier/plainte-cnil/sources", form: url.Values{"etat": {tok}, "action": {"continuer"}, "facts.sources[99999999].title": {"x"}}, status: 303},
		{name: "negative row index", path: "/dossier/plainte-cnil/sources", form: url.Values{"etat": {tok}, "action": {"retirer-source--1"}}, status: 303},
		{name: "tampered state", path: "/dossier/plainte-cnil/identite", form: url.Values{"etat": {tok[:len(tok)-4] + "AAAA"}, "action": {"continuer"}}, status: 400},
		{name: "state of 200 kB", path: "/dossier/plainte-cnil/identite", form: url.Values{"etat": {strings.Repeat("A", 200_000)}}, status: 400},
		{name: "unknown step", path: "/dossier/plainte-cnil/%2e%2e", form: url.Values{"etat": {tok}}, status: 404},
		{name: "unknown procedure in the path", path: "/dossier/%3Cscript%3E/identite", form: url.Values{"etat": {tok}}, status: 404},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p *page
			if c.raw != "" {
				req := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.raw))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				p = a.do(req)
			} else {
				p = post(c.path, c.form)
			}
			if p.Status != c.status {
				t.Fatalf("status %d, want %d: %s", p.Status, c.status, p.errorsText())
			}
			if strings.Contains(p.Body, "<script>alert(1)") {
				t.Error("markup echoed unescaped")
			}
			if c.mention != "" && !strings.Contains(p.errorsText(), c.mention) {
				t.Errorf("errors %q do not mention %q", p.errorsText(), c.mention)
			}
		})
	}
	t.Run("open redirect", func(t *testing.T) {
		for _, r := range []string{"//evil.example/", "https://evil.example/", `/\evil.example`, "javascript:alert(1)"} {
			p := a.get("/langue/fr?retour=" + url.QueryEscape(r))
			if loc := p.location(); p.Status >= 500 || strings.HasPrefix(loc, "//") || strings.Contains(loc, "evil.example") || strings.HasPrefix(loc, "javascript:") {
				t.Errorf("retour=%q: %d → %q", r, p.Status, loc)
			}
		}
	})
	t.Run("logs hold no typed value", func(t *testing.T) {
		post("/dossier/plainte-cnil/identite", identity("sender.last_name", "Zyxwvutsrq😀"))
		if strings.Contains(a.logs.String(), "Zyxwvutsrq") || !utf8.ValidString(a.logs.String()) {
			t.Error("a typed value reached the log")
		}
	})
}

// TestTitleOfNormalises: a title made from a file name is normalised like the case's text, so a bidi
// override, a zero-width space or a decomposed accent never reaches the bordereau.
func TestTitleOfNormalises(t *testing.T) {
	for name, want := range map[string]string{
		"facture\u202efdp.exe.pdf":   "facturefdp.exe",
		"Me\u0301lanie_scan_1.png":   "Mélanie scan 1",
		"zero\u200bwidth\ufeff.pdf":  "zerowidth",
		"  espaces\u00a0 _multiples": "espaces multiples",
		".pdf":                       "Pièce jointe",
	} {
		got := titleOf(name)
		if got != want {
			t.Errorf("titleOf(%q) = %q, want %q", name, got, want)
		}
	}
}
