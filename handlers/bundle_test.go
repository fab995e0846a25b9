package handlers

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"saisine/letters/bundle"
	"saisine/letters/bundle/bundletest"

	"saisine/internal/pdftest"
)

type filePart struct {
	field, name string
	data        []byte
}

// uploadFiles posts a multipart form with the state and files, as the preview's form does.
func (a *app) uploadFiles(path, etat string, files ...filePart) *page {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("etat", etat)
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.field, f.name)
		w.Write(f.data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.do(req)
}

// multipartTemps counts Go's multipart temporary files (mime/multipart spills big parts to disk when a
// handler parses the form with a memory limit).
func multipartTemps(t *testing.T) int {
	m, err := filepath.Glob(filepath.Join(os.TempDir(), "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

// TestCompleteDossier: the upload of exhibits on the preview page and the one PDF it gives.
func TestCompleteDossier(t *testing.T) {
	a := newApp(t)
	c := lilleCase(t) // exhibit 1: the Médiacités article
	tok := a.tokenFor("plainte-cnil", c)
	const path = "/dossier/plainte-cnil/dossier-complet"

	pdf := bundletest.PDF("ARTICLE MEDIACITES")
	png := bundletest.PNG(300, 200)
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	before := multipartTemps(t)

	t.Run("PDF and PNG", func(t *testing.T) {
		// Exhibit 1 (an image: its page has the header « Pièce n° 1 — title »), and a PDF added.
		p := a.uploadFiles(path, tok,
			filePart{"piece-1", "capture article.png", png},
			filePart{"autres", "Courrier_de_la_mairie.pdf", pdf})
		if p.Status != http.StatusOK {
			t.Fatalf("status %d: %s", p.Status, p.errorsText())
		}
		if ct := p.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("Content-Type %q", ct)
		}
		if cd := p.Header.Get("Content-Disposition"); cd != `attachment; filename="dossier-complet-plainte-cnil-lille.pdf"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if p.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", p.Header.Get("Cache-Control"))
		}
		txt := pdftest.Text(t, []byte(p.Body))
		flat := strings.Join(strings.Fields(plain(txt)), "")
		for _, w := range []string{"Madame la Présidente", "Plainte", "Bordereau des pièces",
			"Pièce n° 1 — Article de Médiacités du 21 novembre 2024", "Courrier de la mairie", "ARTICLE MEDIACITES"} {
			if !strings.Contains(plain(txt), w) && !strings.Contains(flat, strings.ReplaceAll(w, " ", "")) {
				t.Errorf("PDF text lacks %q", w)
			}
		}
		// The bordereau gives the digest of each file sent (the table may cut it across lines).
		for _, sum := range []string{bundle.SHA256(png), bundle.SHA256(pdf)} {
			if !strings.Contains(flat, sum) {
				t.Errorf("PDF text lacks the SHA-256 %s", sum)
			}
		}
		// The letter, its bordereau, then the exhibits in their order.
		order := []string{"MadamelaPrésidente", "Bordereaudespièces", "Piècen°1—Article", "ARTICLEMEDIACITES"}
		for i := 1; i < len(order); i++ {
			if a, b := strings.Index(flat, order[i-1]), strings.Index(flat, order[i]); a < 0 || b < a {
				t.Errorf("%q does not come before %q", order[i-1], order[i])
			}
		}
	})

	// The CADA referral's bordereau adds a line the case does not list (a copy of the request, n° 2): it
	// gets a file input too, and moves after the files added (n° 3), with its digest.
	t.Run("a line the procedure adds", func(t *testing.T) {
		cada := lilleCase(t, crpaUnanswered)
		cada.DocumentsRequested = []string{"contract", "aipd"}
		ctok := a.tokenFor("saisine-cada", cada)
		pv := a.get("/dossier/saisine-cada/apercu?etat=" + ctok)
		for _, id := range []string{"f-piece-1", "f-piece-2", "f-autres"} {
			if pv.byID(id) == nil {
				t.Errorf("preview: no file input #%s", id)
			}
		}
		if l := pv.find(pv.doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == "f-piece-2" }); l == nil ||
			!strings.Contains(plain(text(l)), "Pièce n° 2 — Copie de la demande") {
			t.Errorf("label of #f-piece-2: %v", l != nil)
		}
		request := bundletest.PNG(200, 100)
		p := a.uploadFiles("/dossier/saisine-cada/dossier-complet", ctok,
			filePart{"piece-2", "demande.png", request}, filePart{"autres", "Photo du panneau.png", png})
		if p.Status != http.StatusOK {
			t.Fatalf("status %d: %s", p.Status, p.errorsText())
		}
		flat := strings.Join(strings.Fields(plain(pdftest.Text(t, []byte(p.Body)))), "")
		for _, w := range []string{"Piècen°2—Photodupanneau", "Piècen°3—Copiedelademande", bundle.SHA256(request), bundle.SHA256(png)} {
			if !strings.Contains(flat, w) {
				t.Errorf("PDF text lacks %q", w)
			}
		}
	})

	refused := []struct {
		name   string
		lang   string
		files  []filePart
		status int
		field  string // id of the field the message stands beside
		want   string
	}{
		{"GIF", "fr", []filePart{{"piece-1", "article.gif", gif}}, 422, "f-piece-1", "une image GIF"},
		{"text file named .pdf", "fr", []filePart{{"piece-1", "article.pdf", []byte("Ceci n’est pas un PDF.\n")}}, 422, "f-piece-1", "un fichier texte"},
		{"GIF among other files", "fr", []filePart{{"piece-1", "article.pdf", pdf}, {"autres", "photo.gif", gif}}, 422, "f-autres", "(photo.gif) est une image GIF"},
		{"GIF in English", "en", []filePart{{"piece-1", "article.gif", gif}}, 422, "f-piece-1", "is a GIF image"},
		{"encrypted PDF", "fr", []filePart{{"piece-1", "secret.pdf", bundletest.Encrypt(pdf, "", "owner")}}, 422, "f-piece-1", "PDF protégé"},
		{"damaged PDF", "fr", []filePart{{"piece-1", "abime.pdf", pdf[:len(pdf)/2]}}, 422, "f-piece-1", "endommagé"},
		{"no file", "fr", nil, 422, "f-pieces", "Choisissez au moins un fichier"},
		{"empty file input", "fr", []filePart{{"piece-1", "", nil}}, 422, "f-pieces", "Choisissez au moins un fichier"},
		{"over 10 MB", "fr", []filePart{{"piece-1", "gros.pdf", append(bytes.Clone(pdf), make([]byte, bundle.MaxFileSize)...)}}, 422, "f-piece-1", "au plus 10 Mo par pièce"},
		{"more than 20 files", "fr", func() []filePart {
			var fs []filePart
			for range bundle.MaxFiles + 1 {
				fs = append(fs, filePart{"autres", "page.png", png})
			}
			return fs
		}(), 422, "f-pieces", "au plus 20 pièces"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			a.lang = tc.lang
			defer func() { a.lang = "" }()
			p := a.uploadFiles(path, tok, tc.files...)
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", p.Status, tc.status, p.errorsText())
			}
			checkUploadError(t, p, tc.field, tc.want, tok)
		})
	}

	t.Run("over 50 MB in all", func(t *testing.T) {
		var files []filePart
		for range 6 {
			files = append(files, filePart{"autres", "scan.pdf", append(bytes.Clone(pdf), make([]byte, 9<<20)...)})
		}
		p := a.uploadFiles(path, tok, files...)
		if p.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", p.Status)
		}
		checkUploadError(t, p, "f-pieces", "dépassent 50 Mo au total", tok)
	})

	t.Run("cross-origin", func(t *testing.T) {
		for _, h := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}} {
			a.headers = h
			p := a.uploadFiles(path, tok, filePart{"piece-1", "article.pdf", pdf})
			a.headers = map[string]string{}
			if p.Status != http.StatusForbidden || strings.HasPrefix(p.Header.Get("Content-Type"), "application/pdf") {
				t.Errorf("%v: status %d %s", h, p.Status, p.Header.Get("Content-Type"))
			}
		}
	})

	t.Run("bad state", func(t *testing.T) {
		if p := a.uploadFiles(path, "abîmé", filePart{"piece-1", "article.pdf", pdf}); p.Status != http.StatusBadRequest {
			t.Errorf("status %d", p.Status)
		}
	})

	t.Run("case with errors", func(t *testing.T) {
		p := a.uploadFiles(path, a.tokenFor("plainte-cnil", withKind("resident")), filePart{"piece-1", "article.pdf", pdf})
		if p.Status != http.StatusSeeOther || !strings.Contains(p.location(), "/verification?") {
			t.Errorf("status %d %s", p.Status, p.location())
		}
	})

	t.Run("the letter alone", func(t *testing.T) {
		p := a.post("/dossier/plainte-cnil/telecharger", map[string][]string{"etat": {tok}, "format": {"pdf"}})
		if p.Status != http.StatusOK || p.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("plain PDF download: %d %s", p.Status, p.Header.Get("Content-Type"))
		}
	})

	if after := multipartTemps(t); after > before {
		t.Errorf("%d multipart temporary file(s) left behind", after-before)
	}
}

// checkUploadError: the preview comes back with the message in the error summary (a link to the field)
// and beside the field, the field marked invalid, and the same state.
func checkUploadError(t *testing.T, p *page, id, want, tok string) {
	t.Helper()
	if p.doc == nil {
		t.Fatalf("not a page: %s", p.Body[:min(len(p.Body), 200)])
	}
	summary := p.bySelector("div", "error-summary")
	if summary == nil {
		t.Fatalf("no error summary: %s", p.visibleText())
	}
	link := p.find(summary, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "#"+id })
	if link == nil || !strings.Contains(plain(text(link)), want) {
		t.Errorf("summary: no link to #%s saying %q: %s", id, want, plain(text(summary)))
	}
	beside := p.byID(id + "-error")
	if beside == nil || !strings.Contains(plain(text(beside)), want) {
		t.Errorf("no message %q beside #%s: %v", want, id, beside != nil)
	}
	field := p.byID(id)
	if field == nil {
		t.Fatalf("no element #%s", id)
	}
	if !strings.Contains(attr(field, "aria-describedby"), id+"-error") {
		t.Errorf("#%s aria-describedby=%q", id, attr(field, "aria-describedby"))
	}
	if field.Data == "input" && attr(field, "aria-invalid") != "true" {
		t.Errorf("#%s not aria-invalid", id)
	}
	etat := p.find(p.doc, func(n *html.Node) bool {
		return n.Data == "input" && attr(n, "name") == "etat"
	})
	if etat == nil || attr(etat, "value") != tok {
		t.Errorf("the state is not kept")
	}
	if !strings.Contains(plain(p.visibleText()), "choisissez-les à nouveau") && !strings.Contains(p.visibleText(), "choose them again") {
		t.Errorf("the page does not say to choose the files again")
	}
}

// TestReadFilePart: a file over the limit is not kept in memory beyond it; file names become titles.
func TestReadFilePart(t *testing.T) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("piece-1", `C:\Users\camille\Documents\gros.pdf`)
	w.Write(make([]byte, bundle.MaxFileSize+10))
	mw.Close()
	r := multipart.NewReader(&body, mw.Boundary())
	part, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	u, err := readFilePart(part, "piece-1")
	if err != nil {
		t.Fatal(err)
	}
	if u.name != "gros.pdf" || u.size != bundle.MaxFileSize+10 || len(u.data) != 0 {
		t.Errorf("name %q size %d kept %d", u.name, u.size, len(u.data))
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Errorf("after the part: %v", err)
	}
	for in, want := range map[string]string{"Photo_du panneau.png": "Photo du panneau", ".png": "Pièce jointe", "a\x00b.pdf": "ab"} {
		if got := titleOf(baseName(in)); got != want {
			t.Errorf("titleOf(%q) = %q, want %q", in, got, want)
		}
	}
}
