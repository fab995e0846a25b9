package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"saisine/store/sqlite"
)

// startCampaignApp is startApp with the real SQLite store in a temporary folder.
func startCampaignApp(t *testing.T) string {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	// Registered first, so it runs after the server has shut down.
	t.Cleanup(func() { st.Close() })
	return startAppWith(t, st)
}

type signer struct{ civility, first, last, street, email string }

// TestCampaign: an association creates a campaign through the interview, three residents sign, one
// revokes, two paper mandates are imported, and the collective complaint's annex lists exactly the four
// standing mandants. Every page passes axe and requests nothing from another origin.
func TestCampaign(t *testing.T) {
	base := startCampaignApp(t)
	tb := newTab(t, base, tabOptions{journey: "campagne"})
	p := plan{name: "campagne", lang: "fr", kind: "association", procedure: "plainte-collective-cnil",
		organisation: "Association Vigilance Libertés Lille",
		signatories:  []signatory{{"Madame", "Claire", "Petit", "Présidente"}}}
	j := &journey{t: t, p: p, tb: tb, in: mouse{tb}}
	j.home()
	for range 20 {
		slug := j.slug()
		if slug == "verification" {
			break
		}
		if slug == "identite" {
			// What the collective complaint needs besides the journey's identity answers.
			tb.fill("sender.association.rna", "W595000000")
			tb.fill("sender.association.purpose", "défense des libertés publiques à Lille")
		}
		j.fillStep(slug)
	}
	if j.slug() != "verification" {
		t.Fatalf("the interview did not reach the verification page: %s", tb.path())
	}

	// Creation.
	if st := tb.follow(`main a[href^="/campagnes/nouvelle?"]`); st != 200 {
		t.Fatalf("new campaign page: HTTP %d", st)
	}
	tb.fill("closes_on", time.Now().AddDate(0, 2, 0).Format(time.DateOnly))
	if got := tb.value("retention_days"); got != "183" {
		t.Errorf("retention by default %q, want 183", got)
	}
	if st := tb.follow(`main form button[type="submit"]`); st != 200 {
		t.Fatalf("create: HTTP %d: %s", st, tb.text("main"))
	}
	admin := tb.attr(`main a[href*="/admin/"]`, "href")
	sign := tb.attr(`main a[href^="/signer/"]`, "href")
	if admin == "" || sign == "" {
		t.Fatalf("the created page lacks its links: %s", tb.text("main"))
	}

	// Three residents sign; one makes a mistake first.
	signers := []signer{
		{"Madame", "Élodie", "Lefèvre", "3 rue Solférino", "elodie@example.org"},
		{"Monsieur", "Marc", "Dubois", "8 rue de Paris", "marc@example.org"},
		{"", "Sarah", "Benali", "1 place du Théâtre", "sarah@example.org"},
	}
	var revoke string
	for i, s := range signers {
		if st := tb.open(sign); st != 200 {
			t.Fatalf("signing page: HTTP %d", st)
		}
		if s.civility != "" {
			tb.selectOption("civility", s.civility)
		}
		tb.fill("first_name", s.first)
		tb.fill("last_name", s.last)
		tb.fill("street", s.street)
		tb.fill("postal_code", "59000")
		tb.fill("city", "Lille")
		tb.fill("email", s.email)
		for _, v := range []string{"reclamation", "correspondance", "revocation", "donnees"} {
			tb.choose("statements", v)
		}
		if i == 0 {
			tb.fill("signature", "Jean Dupont")
			if st := tb.follow(`main form button[type="submit"]`); st != 422 {
				t.Fatalf("a signature of another name: HTTP %d, want 422", st)
			}
			tb.expectFieldError("f-signature")
			if got := tb.value("first_name"); got != s.first {
				t.Errorf("422 page: first name %q, want the typed %q", got, s.first)
			}
		}
		tb.fill("signature", strings.ToUpper(s.first+" "+s.last))
		if st := tb.follow(`main form button[type="submit"]`); st != 200 {
			t.Fatalf("signing as %s: HTTP %d: %s", s.last, st, tb.text("main"))
		}
		if i == 2 {
			revoke = tb.attr(`main a[href^="/revoquer/"]`, "href")
		}
	}

	// The third revokes.
	if st := tb.open(revoke); st != 200 {
		t.Fatalf("revocation page: HTTP %d", st)
	}
	if st := tb.follow(`main form button[type="submit"]`); st != 200 {
		t.Fatalf("revoking: HTTP %d", st)
	}
	if st := tb.open(revoke); st != 410 {
		t.Errorf("the revocation link used twice: HTTP %d, want 410", st)
	}

	// Two paper mandates.
	csvFile := filepath.Join(t.TempDir(), "mandats-papier.csv")
	os.WriteFile(csvFile, []byte("civility,first_name,last_name,street,complement,postal_code,city,email,signed_on\n"+
		"Monsieur,Paul,Arnaud,1 rue Nationale,,59000,Lille,,"+time.Now().AddDate(0, 0, -3).Format(time.DateOnly)+"\n"+
		"Madame,Zoé,Blanc,2 rue Gambetta,Appartement 3,59000,Lille,zoe@example.org,"+time.Now().AddDate(0, 0, -2).Format(time.DateOnly)+"\n"), 0o600)
	if st := tb.open(admin + "/importer"); st != 200 {
		t.Fatalf("import page: HTTP %d", st)
	}
	if err := tb.do(chromedp.SetUploadFiles(chromedp.ID("f-fichier"), []string{csvFile})); err != nil {
		t.Fatal(err)
	}
	if st := tb.follow(`main form button[type="submit"]`); st != 200 {
		t.Fatalf("import: HTTP %d: %s", st, tb.text("main"))
	}

	// The administration page counts them.
	if st := tb.open(admin); st != 200 {
		t.Fatalf("admin: HTTP %d", st)
	}
	counts := fold(tb.text("main dl"))
	if !strings.Contains(counts, "En vigueur 4") || !strings.Contains(counts, "Révoqués 1") {
		t.Errorf("admin counts: %q", counts)
	}

	// The collective complaint: its annex lists the four standing mandants, not the revoked one.
	name, pdf := tb.download("complaint", chromedp.Click(chromedp.CSS(`main a[href$="/plainte.pdf"]`), chromedp.NodeVisible))
	if !strings.HasSuffix(name, ".pdf") {
		t.Errorf("complaint file name %q", name)
	}
	text := pdfText(t, pdf)
	start := strings.Index(text, "Liste des mandants")
	if start < 0 {
		t.Fatalf("no annex « Liste des mandants » in the complaint:\n%.4000s", text)
	}
	annex := text[start:]
	if end := strings.Index(annex, "Document établi"); end > 0 {
		annex = annex[:end]
	}
	entries := regexp.MustCompile(`\d+\. [\p{Lu}][\p{Lu}\-’' ]+ `).FindAllString(annex, -1)
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSpace(e[strings.Index(e, " "):]))
	}
	want := []string{"ARNAUD", "BLANC", "DUBOIS", "LEFÈVRE"}
	for _, w := range want {
		if !strings.Contains(strings.Join(names, "|"), w) {
			t.Errorf("the annex lacks %s: %q", w, annex)
		}
	}
	if len(entries) != 4 || strings.Contains(strings.ToUpper(annex), "BENALI") {
		t.Errorf("the annex lists %d people %v, want exactly the four standing ones:\n%s", len(entries), names, annex)
	}
	if strings.Contains(strings.ToUpper(text), "BENALI") {
		t.Errorf("the revoked mandant appears in the filing")
	}
}
