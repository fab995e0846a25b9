package e2e_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"saisine/internal/pdftest"
)

// The facts of the Lille case (cmd/saisine/testdata/lille.json), as a person types them.
var (
	lilleSources = []struct{ title, publisher, date, url string }{
		{"Vidéosurveillance algorithmique : Lille a déployé en secret un logiciel controversé", "Médiacités", "2024-11-21",
			"https://www.mediacites.fr/enquete/lille/2024/11/21/videosurveillance-algorithmique-lille-a-deploye-en-secret-un-logiciel-controverse/"},
		{"Vidéosurveillance algorithmique à Lille : l'analyse d'impact envoyée à la CNIL comporte bien un oubli", "Médiacités", "2024-12-20",
			"https://www.mediacites.fr/complement-denquete/lille/2024/12/20/videosurveillance-algorithmique-a-lille-lanalyse-dimpact-envoyee-a-la-cnil-comporte-bien-un-oubli/"},
	}
	lilleWhereFilmed = "J'habite le centre de Lille et je passe chaque jour devant des caméras de la voie publique reliées au centre de supervision urbain."
	lillePurposes    = "identification de véhicules aux entrées et sorties de la ville, sur réquisition judiciaire"
)

type signatory struct{ civility, first, last, role string }

// plan is one journey through the interview.
type plan struct {
	name         string // screenshot folder
	lang         string // "fr" or "en" (switched with the page's language link)
	kind         string // sender.kind chosen on the home page
	procedure    string
	keyboard     bool // keyboard only: Tab, Shift+Tab, Space, Enter, typing (and arrows inside radio groups and selects)
	noScript     bool // the page's JavaScript disabled
	noShots      bool
	shotsOf      []string // only these pages get screenshots (default: all)
	noAxe        bool     // axe-core checks these pages in another journey
	invalid      bool     // type a wrong postal code first (« 5900 ») and check the error page
	priorStep    bool     // record one prior step (an unanswered request for documents)
	organisation string
	signatories  []signatory
	pdfWants     []string // text the downloaded letter must contain
	resume       bool     // download the case file (JSON), resume it on /reprendre
}

// input is how the journey types: with the mouse and DevTools value setting, or keyboard only.
type typist interface {
	text(path, v string)
	radio(path, v string)
	check(path, v string, on bool)
	pick(path, v string)
	press(action string) int
	follow(css, what string) int
}

type mouse struct{ tb *tab }

func (m mouse) text(path, v string)           { m.tb.fill(path, v) }
func (m mouse) radio(path, v string)          { m.tb.choose(path, v) }
func (m mouse) check(path, v string, on bool) { m.tb.setChecked(fieldID(path)+"-"+v, on) }
func (m mouse) pick(path, v string)           { m.tb.selectOption(path, v) }
func (m mouse) press(action string) int       { return m.tb.submit(action) }
func (m mouse) follow(css, what string) int   { return m.tb.follow(css) }

type keyboard struct{ tb *tab }

func (k keyboard) text(path, v string)           { k.tb.fieldByKeyboard(path, v) }
func (k keyboard) radio(path, v string)          { k.tb.radioByKeyboard(path, v) }
func (k keyboard) check(path, v string, on bool) { k.tb.checkboxByKeyboard(path, v, on) }
func (k keyboard) pick(path, v string)           { k.tb.selectByKeyboard(path, v) }
func (k keyboard) press(action string) int       { return k.tb.submitByKeyboard(action) }
func (k keyboard) follow(css, what string) int {
	k.tb.t.Helper()
	href := k.tb.attr(css, "href")
	if href == "" {
		k.tb.t.Fatalf("%s: no %s (%s)", k.tb.path(), what, css)
	}
	k.tb.tabTo(what, func(f focusInfo) bool { return f.Tag == "a" && f.Href == href })
	return k.tb.navigateBy("Enter on "+what, enterKey())
}

// journey walks one plan and returns the text of the downloaded PDF.
type journey struct {
	t    *testing.T
	p    plan
	tb   *tab
	in   typist
	seen []string // slugs of the interview steps, in order
	ind  []string // the step indicator of each page
}

func walk(t *testing.T, p plan) *journey {
	t.Helper()
	base := startApp(t)
	o := tabOptions{journey: p.name, noScript: p.noScript, shotsOf: p.shotsOf, noAxe: p.noAxe}
	if p.noShots {
		o.journey = ""
	}
	tb := newTab(t, base, o)
	j := &journey{t: t, p: p, tb: tb}
	if p.keyboard {
		j.in = keyboard{tb}
	} else {
		j.in = mouse{tb}
	}
	j.home()
	for range 20 {
		slug := j.slug()
		if slug == "verification" {
			break
		}
		j.seen = append(j.seen, slug)
		j.checkFurniture()
		j.fillStep(slug)
	}
	j.verification()
	return j
}

// ---- pages ----

func (j *journey) home() {
	tb := j.tb
	if st := tb.open("/"); st != 200 {
		j.t.Fatalf("GET / = %d", st)
	}
	if j.p.lang == "en" {
		j.switchLanguage("en")
	}
	j.checkFurniture()
	j.in.radio("kind", j.p.kind)
	j.in.radio("procedure", j.p.procedure)
	if st := j.in.press("continuer"); st != 200 {
		j.t.Fatalf("home → first step: HTTP %d on %s", st, tb.path())
	}
}

// switchLanguage follows the language link (hreflang, lang attributes per the contract).
func (j *journey) switchLanguage(lang string) {
	tb := j.tb
	sel := fmt.Sprintf(`a[hreflang=%q]`, lang)
	if !tb.exists(sel) {
		j.t.Fatalf("%s: no language link %s", tb.path(), sel)
	}
	if got := tb.attr(sel, "lang"); got != lang {
		j.t.Errorf("%s: language link lang=%q, want %q", tb.path(), got, lang)
	}
	if st := j.in.follow(sel, "language link "+lang); st != 200 {
		j.t.Fatalf("language switch: HTTP %d", st)
	}
	if got := tb.lang(); got != lang {
		j.t.Fatalf("after the language switch, <html lang=%q>, want %q", got, lang)
	}
}

// slug is the step of the current page (/dossier/{procedure}/{slug}).
func (j *journey) slug() string {
	u, err := url.Parse(j.tb.path())
	if err != nil {
		j.t.Fatal(err)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 3 || parts[0] != "dossier" || parts[1] != j.p.procedure {
		j.t.Fatalf("unexpected page %s (want /dossier/%s/…)", u.Path, j.p.procedure)
	}
	return parts[2]
}

// checkFurniture checks what every page has (contract « Page furniture »): the language, one <h1>, a
// skip link to #contenu and <main id="contenu">, the step indicator on interview pages.
func (j *journey) checkFurniture() {
	tb := j.tb
	j.t.Helper()
	if got := tb.lang(); got != j.p.lang {
		j.t.Errorf("%s: <html lang=%q>, want %q", tb.path(), got, j.p.lang)
	}
	if n := tb.count("h1"); n != 1 {
		j.t.Errorf("%s: %d <h1>, want 1", tb.path(), n)
	}
	if !tb.exists(`a[href="#contenu"]`) || !tb.exists(`main#contenu`) {
		j.t.Errorf("%s: no skip link to #contenu or no <main id=\"contenu\">", tb.path())
	}
	if strings.HasPrefix(tb.path(), "/dossier/") && !strings.Contains(tb.path(), "/texte") {
		ind := strings.TrimSpace(tb.text(".step-indicator"))
		j.ind = append(j.ind, ind)
		re := regexp.MustCompile(`^Étape (\d+) sur (\d+)$`)
		if j.p.lang == "en" {
			re = regexp.MustCompile(`^Step (\d+) of (\d+)$`)
		}
		if !re.MatchString(ind) {
			j.t.Errorf("%s: step indicator %q does not read %s", tb.path(), ind, re)
		}
	}
}

// checkIndicator: the numbers run 1, 2, … without a gap over the pages of one journey, out of one
// total, and the preview is the last.
func (j *journey) checkIndicator() {
	re := regexp.MustCompile(`(\d+)\D+(\d+)`)
	total := 0
	last := 0
	for _, s := range j.ind {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		tot, _ := strconv.Atoi(m[2])
		if total == 0 {
			total = tot
		}
		if tot != total {
			j.t.Errorf("step indicator total changes: %q", j.ind)
			return
		}
		if n != last && n != last+1 {
			j.t.Errorf("step indicator jumps from %d to %d: %q", last, n, j.ind)
			return
		}
		last = n
	}
	if last != total {
		j.t.Errorf("step indicator ends at %d of %d: %q", last, total, j.ind)
	}
}

func (j *journey) has(path string) bool {
	return j.tb.exists("#" + fieldID(path))
}

// fillStep answers one interview step with the Lille facts, then continues.
func (j *journey) fillStep(slug string) {
	tb, in := j.tb, j.in
	switch slug {
	case "commune":
		if j.p.invalid {
			j.invalidPostalCode()
		}
		in.text("commune.postal_code", "59000")
		if tb.exists(`button[name="action"][value="chercher-commune"]`) {
			if st := in.press("chercher-commune"); st != 200 {
				j.t.Fatalf("commune lookup: HTTP %d", st)
			}
			found := tb.text("main")
			if !strings.Contains(found, "Lille") || !strings.Contains(found, "59350") {
				j.t.Errorf("commune lookup of 59000 does not show Lille (59350) on %s", tb.path())
			}
		}
		in.text("commune.address.street", "Place Augustin Laurent")
		in.text("commune.address.complement", "CS 30667")
		in.text("commune.address.postal_code", "59033")
		in.text("commune.address.city", "LILLE CEDEX")
	case "systeme":
		in.text("facts.software", "BriefCam")
		in.text("facts.acquired", "2021")
		in.text("facts.in_use_from", "2022-11")
		in.text("facts.in_use_until", "2025-01")
		in.check("facts.capabilities", "video_synopsis", true)
		in.check("facts.capabilities", "plate_reading", true)
		if j.has("facts.purposes_claimed") {
			in.text("facts.purposes_claimed", lillePurposes)
		}
	case "connaissances":
		for _, a := range [][2]string{
			{"facts.aipd", "incomplete"}, {"facts.cnil_consulted", "no"}, {"facts.prefectoral_authorisation", "unknown"},
			{"facts.signage", "unknown"}, {"facts.ethics_committee_informed", "no"}, {"facts.council_deliberation", "unknown"},
		} {
			if j.has(a[0]) {
				in.radio(a[0], a[1])
			}
		}
	case "sources":
		for i, s := range lilleSources {
			row := fmt.Sprintf("facts.sources[%d]", i)
			if !j.has(row + ".title") {
				if st := in.press("ajouter-source"); st != 200 {
					j.t.Fatalf("ajouter-source: HTTP %d", st)
				}
			}
			in.text(row+".title", s.title)
			in.text(row+".publisher", s.publisher)
			in.text(row+".date", s.date)
			in.text(row+".url", s.url)
			if i == 0 {
				in.check(row+".exhibit", "yes", true)
			}
		}
	case "situation":
		in.text("facts.where_filmed", lilleWhereFilmed)
	case "demarches":
		if j.p.priorStep {
			if !j.has("prior_steps[0].sent_on") {
				if st := in.press("ajouter-demarche"); st != 200 {
					j.t.Fatalf("ajouter-demarche: HTTP %d", st)
				}
			}
			in.pick("prior_steps[0].kind", "crpa_request")
			in.text("prior_steps[0].recipient", "Maire de Lille")
			in.text("prior_steps[0].sent_on", "2025-01-10")
			in.text("prior_steps[0].received_on", "2025-01-13")
			in.pick("prior_steps[0].answer", "none")
			in.text("prior_steps[0].reference", "1A 123 456 7890 1")
		}
	case "demandes":
		for _, r := range []string{"control", "communicate_aipd", "inform_me"} {
			if tb.exists("#" + fieldID("requests") + "-" + r) {
				in.check("requests", r, true)
			}
		}
	case "identite":
		j.identity()
	default:
		j.t.Fatalf("unknown step %q (contract: commune, systeme, connaissances, sources, situation, demarches, demandes, identite)", slug)
	}
	if st := in.press("continuer"); st != 200 {
		j.t.Fatalf("continuing from %s: HTTP %d on %s; errors: %s", slug, st, tb.path(), tb.text(".error-summary"))
	}
}

func (j *journey) identity() {
	in := j.in
	if j.has("sender.civility") {
		in.pick("sender.civility", "Madame")
	}
	in.text("sender.first_name", "Camille")
	in.text("sender.last_name", "Martin")
	if j.p.organisation != "" {
		in.text("sender.organisation", j.p.organisation)
	}
	if j.p.kind != "resident" && j.has("sender.role") {
		in.text("sender.role", "Présidente du groupe")
	}
	in.text("sender.address.street", "12 rue Nationale")
	in.text("sender.address.complement", "Appartement 4")
	in.text("sender.address.postal_code", "59000")
	in.text("sender.address.city", "Lille")
	in.text("sender.email", "camille.martin@example.org")
	for i, s := range j.p.signatories {
		row := fmt.Sprintf("signatories[%d]", i)
		if !j.has(row + ".last_name") {
			if st := in.press("ajouter-signataire"); st != 200 {
				j.t.Fatalf("ajouter-signataire: HTTP %d", st)
			}
		}
		if j.has(row + ".civility") {
			in.pick(row+".civility", s.civility)
		}
		in.text(row+".first_name", s.first)
		in.text(row+".last_name", s.last)
		if j.has(row + ".role") {
			in.text(row+".role", s.role)
		}
	}
	in.text("letter.place", "Lille")
	if j.has("letter.sending") {
		in.pick("letter.sending", "lrar")
	}
}

// invalidPostalCode types « 5900 » with another answer on the page and checks the 422 page.
func (j *journey) invalidPostalCode() {
	tb, in := j.tb, j.in
	in.text("commune.postal_code", "5900")
	other := j.has("commune.address.street")
	if other {
		in.text("commune.address.street", "Place Augustin Laurent")
	}
	if st := in.press("continuer"); st != 422 {
		j.t.Fatalf("postal code « 5900 »: HTTP %d, want 422", st)
	}
	id := fieldID("commune.postal_code")
	msg := tb.expectFieldError(id)
	j.t.Logf("error shown for « 5900 »: %q", msg)
	if got := tb.value("commune.postal_code"); got != "5900" {
		j.t.Errorf("422 page: postal code holds %q, want the typed « 5900 »", got)
	}
	if other {
		if got := tb.value("commune.address.street"); got != "Place Augustin Laurent" {
			j.t.Errorf("422 page: the street typed on the same page became %q", got)
		}
	}
	j.checkLanguageLink()
	// The summary's link leads to the field: clicked, or Tab from the focused summary then Enter.
	link := fmt.Sprintf(`.error-summary a[href="#%s"]`, id)
	if tb.exists(link) {
		var err error
		if j.p.keyboard {
			tb.tabTo("the summary link to #"+id, func(f focusInfo) bool { return f.Tag == "a" && f.Href == "#"+id })
			err = tb.do(enterKey())
		} else {
			err = tb.do(chromedp.Click(chromedp.CSS(link), chromedp.NodeVisible))
		}
		if err != nil {
			j.t.Errorf("following the summary link: %v", err)
		} else if a := tb.waitFocus(id, 3*time.Second); a.ID != id {
			j.t.Errorf("%s: the summary link to #%s moves the focus to %s, not to the field", tb.path(), id, a)
		}
	}
}

// verification: one « Modifier » link per answer (to the step, &retour=verification, #field-id), then
// the preview, the plain text page and the PDF.
func (j *journey) verification() {
	tb := j.tb
	j.checkFurniture()
	links := eval[[]string](tb, `Array.from(document.querySelectorAll('main a[href*="retour=verification"]')).map(a => a.getAttribute('href'))`)
	if len(links) < 10 {
		j.t.Errorf("verification: %d « Modifier » links with retour=verification, want one per answer", len(links))
	}
	for _, h := range links {
		if !strings.Contains(h, "#f-") || !strings.HasPrefix(h, "/dossier/"+j.p.procedure+"/") {
			j.t.Errorf("verification: « Modifier » link %q lacks /dossier/%s/STEP…#f-FIELD", h, j.p.procedure)
			break
		}
	}
	// Round trip through one « Modifier » link: the field is focused or at least targeted, and
	// « continuer » comes back to the verification page.
	for _, h := range links {
		if !strings.Contains(h, "#"+fieldID("facts.software")) {
			continue
		}
		sel := fmt.Sprintf(`a[href=%q]`, h)
		if st := j.in.follow(sel, "Modifier (facts.software)"); st != 200 {
			j.t.Fatalf("Modifier link: HTTP %d", st)
		}
		if got := tb.value("facts.software"); got != "BriefCam" {
			j.t.Errorf("Modifier link: software field holds %q", got)
		}
		if st := j.in.press("continuer"); st != 200 || j.slug() != "verification" {
			j.t.Errorf("continuing from a Modifier link: HTTP %d on %s, want the verification page", st, tb.path())
		}
		break
	}
	if st := j.in.follow(`main a[href*="/apercu"]`, "link to the preview"); st != 200 {
		j.t.Fatalf("preview: HTTP %d", st)
	}
	if got := j.slug(); got != "apercu" {
		j.t.Fatalf("after verification: %s, want apercu", got)
	}
	j.checkFurniture()
	j.checkIndicator()
	if n := tb.count("main details"); n == 0 {
		j.t.Errorf("preview: no <details> « Pourquoi ce paragraphe ? »")
	}
}

// downloadPDF downloads the letter from the preview page and returns its text (pdftotext).
func (j *journey) downloadPDF() string {
	return pdfText(j.t, j.download("pdf"))
}

// download presses the download button of format on the current page (preview) and returns the bytes.
func (j *journey) download(format string) []byte {
	tb := j.tb
	sel := fmt.Sprintf(`button[name="format"][value=%q]`, format)
	if !tb.exists(sel) {
		j.t.Fatalf("%s: no download button %s", tb.path(), sel)
	}
	var name string
	var b []byte
	if j.p.keyboard {
		tb.tabTo("download "+format, func(f focusInfo) bool { return f.Tag == "button" && f.Name == "format" && f.Value == format })
		name, b = tb.download("download "+format, enterKey())
	} else {
		name, b = tb.download("download "+format, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	}
	if !strings.HasSuffix(name, "."+format) {
		j.t.Errorf("downloaded file name %q does not end in .%s", name, format)
	}
	return b
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils) and folds its spaces.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("download is not a PDF: %.40q", pdf)
	}
	return fold(pdftest.Text(t, pdf))
}

// fold turns every run of white space (line breaks, no-break and narrow no-break spaces) into one space.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == '\u00a0' || r == '\u202f'
	}), " ")
}

func (j *journey) checkPDF(text string) {
	for _, w := range j.p.pdfWants {
		if !strings.Contains(text, fold(w)) {
			j.t.Errorf("the letter lacks « %s »", w)
		}
	}
	if j.t.Failed() {
		j.t.Logf("letter text: %.3000s", text)
	}
}

// ---- the case file round trip ----

// caseFile reads a downloaded case file (JSON).
func caseFile(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("downloaded case file is not JSON: %v\n%.400s", err, b)
	}
	return m
}

// get reads a dotted path with [i] indexes from a decoded JSON value.
func get(v any, path string) any {
	for _, part := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(path, "[", "."), "]", ""), ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func writeJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "dossier.json")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkLanguageLink follows the page's language link outside the browser (the tab stays where it is)
// and checks that it leads back to a working page: on a page answering a POST (a 422 error page) the
// link must not send the person to a URL that only accepts POST or lacks the state token.
func (j *journey) checkLanguageLink() {
	j.t.Helper()
	j.tb.checkLanguageLink()
}
