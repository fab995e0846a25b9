package e2e_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPrivacy: in Chromium, a case file is downloaded protected by a passphrase (a too-short one
// first, refused beside the field), resumed on /reprendre with a wrong passphrase then the right one
// (the file sent once), and « Tout effacer » ends on a page that carries no token. axe-core runs on
// every page, and no page may request another origin.
func TestPrivacy(t *testing.T) {
	// Not parallel: tab.download takes the first download the browser reports, whichever tab started
	// it, and the journeys that run in parallel download PDFs.
	base := startApp(t)
	tb := newTab(t, base, tabOptions{journey: "confidentialite"})
	const pass = "cheval agrafe pile correcte"

	tb.open("/")
	tb.choose("kind", "resident")
	tb.choose("procedure", "plainte-cnil")
	if st := tb.submit("continuer"); st != 200 {
		t.Fatalf("home → first step: HTTP %d", st)
	}
	// The verification page of the case, to compare with the resumed one.
	href := eval[string](tb, `location.pathname.replace('/commune', '/verification') + location.search`)
	if st := tb.open(href); st != 200 {
		t.Fatalf("verification: HTTP %d", st)
	}
	before := tb.text("main")

	// The protect page, from the « Garder vos réponses » box.
	if st := tb.navigateBy("protect", chromedp.Click(chromedp.CSS(`button[name="format"][value="proteger"]`), chromedp.NodeVisible)); st != 200 {
		t.Fatalf("protect page: HTTP %d", st)
	}
	tb.checkRequests()
	if !strings.Contains(tb.text("main"), "ne peut pas être retrouvée") {
		t.Errorf("the protect page does not say a forgotten passphrase is lost: %s", tb.text("main"))
	}
	tb.fill("passphrase", "trop court")
	tb.fill("passphrase_confirm", "trop court")
	if st := tb.navigateBy("short passphrase", chromedp.Click(chromedp.CSS(`button[name="format"][value="age"]`), chromedp.NodeVisible)); st != 422 {
		t.Fatalf("short passphrase: HTTP %d, want 422", st)
	}
	if msg := tb.expectFieldError("f-passphrase"); !strings.Contains(msg, "12") {
		t.Errorf("short passphrase: %q", msg)
	}
	tb.fill("passphrase", pass)
	tb.fill("passphrase_confirm", pass)
	name, enc := tb.download("protected case file", chromedp.Click(chromedp.CSS(`button[name="format"][value="age"]`), chromedp.NodeVisible))
	if !strings.HasSuffix(name, ".json.age") || !bytes.HasPrefix(enc, []byte("age-encryption.org/v1\n-> scrypt ")) {
		t.Fatalf("download %q is not an age file: %.40q", name, enc)
	}
	if bytes.Contains(enc, []byte("resident")) {
		t.Fatal("the protected file shows the answers in clear")
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, enc, 0o600); err != nil {
		t.Fatal(err)
	}

	// Resume: the file once, then the passphrase, wrong then right.
	tb.open("/reprendre")
	if err := tb.do(chromedp.SetUploadFiles(chromedp.ID("f-dossier"), []string{file})); err != nil {
		t.Fatal(err)
	}
	tb.selectOption("procedure", "plainte-cnil")
	if st := tb.submit("continuer"); st != 200 || !tb.exists("#f-passphrase") {
		t.Fatalf("encrypted upload: HTTP %d, passphrase field %v", st, tb.exists("#f-passphrase"))
	}
	tb.checkRequests()
	tb.fill("passphrase", "pas la bonne phrase")
	if st := tb.submit("continuer"); st != 422 {
		t.Fatalf("wrong passphrase: HTTP %d, want 422", st)
	}
	tb.expectFieldError("f-passphrase")
	if tb.value("passphrase") != "" {
		t.Error("the wrong passphrase is still in the field")
	}
	tb.fill("passphrase", pass)
	if st := tb.submit("continuer"); st != 200 || !strings.Contains(tb.path(), "/dossier/plainte-cnil/verification") {
		t.Fatalf("right passphrase: HTTP %d at %s", st, tb.path())
	}
	if after := tb.text("main"); after != before {
		t.Errorf("the resumed case differs from the one downloaded:\n%s\n---\n%s", after, before)
	}
	tb.checkRequests()

	// « Tout effacer ».
	erase := `form[action="/effacer"] button[type="submit"]`
	if got := strings.TrimSpace(tb.text(erase)); got != "Tout effacer" {
		t.Fatalf("erase button reads %q", got)
	}
	if st := tb.navigateBy("erase", chromedp.Click(chromedp.CSS(erase), chromedp.NodeVisible)); st != 200 {
		t.Fatalf("erase: HTTP %d", st)
	}
	if strings.Contains(tb.path(), "etat") || eval[bool](tb, `document.documentElement.outerHTML.includes('etat')`) {
		t.Error("the erased page still carries a token")
	}
	if main := tb.text("main"); !strings.Contains(main, "Rien n’y était conservé") || !strings.Contains(main, "supprimez-les") {
		t.Errorf("the erased page does not say nothing was kept and to delete the downloads: %s", main)
	}
	tb.checkRequests()
}
