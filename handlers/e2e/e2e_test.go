package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var residentLetter = []string{
	"Madame Camille Martin", "12 rue Nationale", "3 place de Fontenoy", "Madame la Présidente,",
	"BriefCam", "Lille", "article 35 du RGPD", "Article de Médiacités du 21 novembre 2024",
}

// TestPlainteCNIL: a resident of Lille complains to the CNIL, in French, with the mouse; a wrong postal
// code first; the PDF letter at the end.
func TestPlainteCNIL(t *testing.T) {
	t.Parallel()
	j := walk(t, plan{
		name: "plainte-cnil-fr", lang: "fr", kind: "resident", procedure: "plainte-cnil", invalid: true,
		pdfWants: residentLetter,
	})
	if !contains(j.seen, "situation") {
		t.Errorf("plainte-cnil skipped the « situation » step (facts.where_filmed): steps %v", j.seen)
	}
	j.checkPDF(j.downloadPDF())
	j.textPage(true)
}

// TestSignalementCNIL: a group of two councillors refers the case to the CNIL, with one unanswered
// request for documents; the case file is downloaded and resumed.
func TestSignalementCNIL(t *testing.T) {
	t.Parallel()
	j := walk(t, plan{
		name: "signalement-cnil-fr", lang: "fr", kind: "councillors", procedure: "signalement-cnil", priorStep: true,
		// The pages that differ from the complaint's (every page is photographed in TestPlainteCNIL).
		shotsOf:      []string{"demarches", "identite", "verification", "apercu", "reprendre"},
		organisation: "Groupe Lille Libertés",
		signatories: []signatory{
			{"Madame", "Camille", "Martin", "Conseillère municipale"},
			{"Monsieur", "Karim", "Benali", "Conseiller municipal"},
		},
		pdfWants: []string{"Groupe Lille Libertés", "3 place de Fontenoy", "Madame la Présidente,", "BriefCam",
			"Karim Benali", "Camille Martin", "Maire de Lille"},
	})
	if contains(j.seen, "situation") {
		t.Errorf("signalement-cnil asked where the sender is filmed (situation step): steps %v", j.seen)
	}
	j.checkPDF(j.downloadPDF())
	cf := caseFile(t, j.download("json"))
	for path, want := range map[string]string{
		"sender.kind": "councillors", "sender.organisation": "Groupe Lille Libertés", "commune.insee_code": "59350",
		"commune.name": "Lille", "commune.address.city": "LILLE CEDEX", "facts.software": "BriefCam", "facts.aipd": "incomplete",
		"signatories[1].last_name": "Benali", "prior_steps[0].kind": "crpa_request", "prior_steps[0].sent_on": "2025-01-10",
		"exhibits[0].title": "Article de Médiacités du 21 novembre 2024", "facts.sources[1].date": "2024-12-20",
	} {
		if got, _ := get(cf, path).(string); got != want {
			t.Errorf("downloaded case file: %s = %q, want %q", path, got, want)
		}
	}
	j.resume(cf)
}

// TestPlainteCNILEnglishKeyboard: the same complaint in English, keyboard only.
func TestPlainteCNILEnglishKeyboard(t *testing.T) {
	t.Parallel()
	j := walk(t, plan{
		name: "plainte-cnil-en-clavier", lang: "en", kind: "resident", procedure: "plainte-cnil", keyboard: true, invalid: true,
		// Every step is photographed in French by TestPlainteCNIL; in English, a sample (the keyboard
		// pass is the slowest test, and it still runs axe-core on every page).
		shotsOf:  []string{"accueil", "commune", "connaissances", "identite", "verification", "apercu", "texte"},
		pdfWants: residentLetter,
	})
	j.checkPDF(j.downloadPDF())
	j.textPage(true)
}

// TestNoJavaScript: the complaint with the page's JavaScript disabled; only the copy button may need it.
func TestNoJavaScript(t *testing.T) {
	t.Parallel()
	j := walk(t, plan{
		name: "sans-javascript", lang: "fr", kind: "resident", procedure: "plainte-cnil", noScript: true, noShots: true,
		// axe-core checks these pages in TestPlainteCNIL; here it checks the text page only (where the
		// copy buttons depend on JavaScript).
		noAxe:   true,
		invalid: true, priorStep: true, pdfWants: residentLetter,
	})
	j.checkPDF(j.downloadPDF())
	j.tb.axe = true
	j.textPage(false)
}

// TestOtherPages: the pages outside the interview, in both languages (axe-core and screenshots).
func TestOtherPages(t *testing.T) {
	t.Parallel()
	base := startApp(t)
	tb := newTab(t, base, tabOptions{journey: "autres-pages"})
	for _, lang := range []string{"fr", "en"} {
		if lang == "en" {
			// From the French error page of the home form: the switch keeps the person where they are.
			tb.follow(`a[hreflang="en"]`)
		}
		for _, p := range []struct {
			path   string
			status int
		}{{"/", 200}, {"/accessibilite", 200}, {"/confidentialite", 200}, {"/reprendre", 200}, {"/nulle-part", 404}} {
			if st := tb.open(p.path); st != p.status {
				t.Errorf("GET %s (%s) = %d, want %d", p.path, lang, st, p.status)
			}
			if got := tb.lang(); got != lang {
				t.Errorf("GET %s: <html lang=%q>, want %q", p.path, got, lang)
			}
			if n := tb.count("h1"); n != 1 {
				t.Errorf("GET %s (%s): %d <h1>", p.path, lang, n)
			}
			if !tb.exists(`a[href="#contenu"]`) || !tb.exists(`main#contenu`) {
				t.Errorf("GET %s (%s): no skip link to #contenu or no <main id=\"contenu\">", p.path, lang)
			}
		}
		// The home form sent empty: the error summary (422).
		tb.open("/")
		if st := tb.submit("continuer"); st != 422 {
			t.Errorf("empty home form (%s): HTTP %d, want 422", lang, st)
		} else {
			tb.expectFieldError("f-kind")
			tb.checkLanguageLink()
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// textPage visits the plain text page for the CNIL online form: character counts, and the copy button
// only when JavaScript runs (it is an enhancement).
func (j *journey) textPage(script bool) {
	tb := j.tb
	if st := j.in.follow(`main a[href*="/texte"]`, "link to the plain text"); st != 200 {
		j.t.Fatalf("text page: HTTP %d", st)
	}
	j.checkFurniture()
	body := tb.text("main") + eval[string](tb, `Array.from(document.querySelectorAll('main textarea')).map(t => t.value).join('\n')`)
	if !strings.Contains(body, "Madame la Présidente") {
		j.t.Errorf("text page does not show the letter's text")
	}
	// Buttons outside a form do something only with JavaScript: the copy buttons.
	copies := eval[[]string](tb, `Array.from(document.querySelectorAll('main button')).filter(b => b.offsetParent !== null && !b.closest('form'))
	  .map(b => b.outerHTML.slice(0, 100) + (b.hidden ? ' (has the hidden attribute, but CSS display ' + getComputedStyle(b).display + ' overrides it)' : ''))`)
	if script && len(copies) == 0 {
		j.t.Errorf("text page: no copy button with JavaScript on")
	}
	if !script && len(copies) > 0 {
		j.t.Errorf("text page: %d copy button(s) shown with JavaScript off, where they do nothing (an enhancement must appear only with its script):\n  %s",
			len(copies), strings.Join(copies, "\n  "))
	}
}

// resume uploads the downloaded case file on /reprendre and checks it lands on the verification page.
func (j *journey) resume(cf map[string]any) {
	tb := j.tb
	tb.open("/reprendre")
	f := writeJSON(j.t, cf)
	if err := tb.do(chromedp.SetUploadFiles(chromedp.ID("f-dossier"), []string{f})); err != nil {
		j.t.Fatalf("/reprendre: file input #f-dossier: %v\n%s", err, tb.fieldsSummary())
	}
	if tb.exists("#f-procedure") {
		tb.selectOption("procedure", j.p.procedure)
	}
	if st := tb.submit("continuer"); st != 200 {
		j.t.Fatalf("resume: HTTP %d; %s", st, tb.text("main"))
	}
	if got := j.slug(); got != "verification" {
		j.t.Errorf("resume lands on %s, want verification", got)
	}
	if !strings.Contains(tb.text("main"), "Benali") {
		j.t.Errorf("resumed verification page does not show the second signatory")
	}
}
