package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"saisine/letters/bundle/bundletest"
)

// TestParcours: the Lille case with a request for documents unanswered for more than a month is
// resumed; « Mon parcours » (axe-core, screenshots, both languages) offers the CADA referral next and
// downloads the calendar; on the preview, a GIF exhibit is refused beside its field, then a PNG gives
// the complete dossier as one PDF.
//
// Not parallel: the harness's download helper takes the first download event of the whole browser, so
// two tests downloading at the same time could swap their files.
func TestParcours(t *testing.T) {
	base := startApp(t)
	tb := newTab(t, base, tabOptions{journey: "parcours", shotsOf: []string{"parcours", "apercu", "dossier-complet"}})

	// The app's clock is the real one: the request was received a month and ten days ago.
	b, err := os.ReadFile(filepath.Join("..", "..", "cmd", "saisine", "testdata", "lille.json"))
	if err != nil {
		t.Fatal(err)
	}
	cf := caseFile(t, b)
	today := time.Now()
	received := today.AddDate(0, -1, -10)
	cf["prior_steps"] = []any{map[string]any{
		"kind": "crpa_request", "recipient": "Maire de Lille", "answer": "none",
		"sent_on": received.AddDate(0, 0, -2).Format(time.DateOnly), "received_on": received.Format(time.DateOnly),
	}}
	cf["letter"].(map[string]any)["date"] = "" // today
	tb.open("/reprendre")
	if err := tb.do(chromedp.SetUploadFiles(chromedp.ID("f-dossier"), []string{writeJSON(t, cf)})); err != nil {
		t.Fatalf("/reprendre: %v", err)
	}
	tb.selectOption("procedure", "plainte-cnil")
	if st := tb.submit("continuer"); st != 200 {
		t.Fatalf("resume: HTTP %d: %s", st, tb.text("main"))
	}

	if st := tb.follow(`main a[href*="/parcours?"]`); st != 200 {
		t.Fatalf("parcours: HTTP %d", st)
	}
	if n := tb.count("h1"); n != 1 {
		t.Errorf("parcours: %d <h1>", n)
	}
	main := tb.text("main")
	for _, w := range []string{"Mon parcours", "Demande de documents administratifs (CRPA)", "Refus implicite", "Date limite pour saisir la CADA",
		"Saisine de la CADA", "Télécharger le calendrier (.ics)"} {
		if !strings.Contains(main, w) {
			t.Errorf("parcours page lacks %q", w)
		}
	}
	if !tb.exists(`li.next-letter a[href^="/dossier/saisine-cada/verification?etat="]`) {
		t.Errorf("no link to prepare the CADA referral")
	}

	name, ics := tb.download("calendar", chromedp.Click(chromedp.CSS(`form[action$="/calendrier"] button`), chromedp.NodeVisible))
	if name != "saisine-echeances.ics" {
		t.Errorf("calendar file name %q", name)
	}
	if s := string(ics); !strings.HasPrefix(s, "BEGIN:VCALENDAR\r\n") || !strings.Contains(s, "BEGIN:VEVENT\r\n") ||
		!strings.Contains(s, "DTSTART;VALUE=DATE:"+received.AddDate(0, 1, 0).Format("20060102")) {
		t.Errorf("calendar: %.300q", s)
	}

	// The same page in English: the computation stays French, marked as such.
	tb.follow(`a[hreflang="en"]`)
	if got := tb.lang(); got != "en" {
		t.Fatalf("after the language link: lang=%q", got)
	}
	if !tb.exists(`details.computation p[lang="fr"]`) || !strings.Contains(tb.text("main"), "Last day to refer to the CADA") {
		t.Errorf("English parcours page: %.400s", tb.text("main"))
	}
	tb.follow(`a[hreflang="fr"]`)

	// The complete dossier from the preview: a GIF is refused beside its field, a PNG is accepted.
	tb.follow(`main a[href^="/dossier/plainte-cnil/verification?"]`)
	if st := tb.follow(`main a.button[href*="/apercu?"]`); st != 200 {
		t.Fatalf("preview: HTTP %d", st)
	}
	dir := t.TempDir()
	gif := filepath.Join(dir, "article.gif")
	png := filepath.Join(dir, "article.png")
	os.WriteFile(gif, []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"), 0o644)
	os.WriteFile(png, bundletest.PNG(400, 300), 0o644)
	send := chromedp.Click(chromedp.CSS(`form[action$="/dossier-complet"] button[type="submit"]`), chromedp.NodeVisible)
	if err := tb.do(chromedp.SetUploadFiles(chromedp.ID("f-piece-1"), []string{gif})); err != nil {
		t.Fatalf("preview: file input #f-piece-1: %v", err)
	}
	if st := tb.navigateBy("sending a GIF", send); st != 422 {
		t.Fatalf("GIF exhibit: HTTP %d, want 422", st)
	}
	if msg := tb.expectFieldError("f-piece-1"); !strings.Contains(msg, "GIF") {
		t.Errorf("message beside the field: %q", msg)
	}
	if err := tb.do(chromedp.SetUploadFiles(chromedp.ID("f-piece-1"), []string{png})); err != nil {
		t.Fatalf("422 page: file input #f-piece-1: %v", err)
	}
	name, pdf := tb.download("complete dossier", send)
	if !strings.HasPrefix(name, "dossier-complet-plainte-cnil") || !strings.HasSuffix(name, ".pdf") || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("complete dossier: %q, %.20q", name, pdf)
	}
}
