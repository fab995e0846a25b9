package e2e_test

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestHarness checks the test machinery itself on small static pages, so that a green journey means
// something: axe-core runs in a page whose CSP forbids inline scripts and finds a planted violation,
// the request recorder sees a request to another origin, DevTools evaluation and form filling work with
// the page's JavaScript disabled, screenshots have the right widths, a download is captured and the
// keyboard helpers move the focus.
func TestHarness(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	}))
	defer other.Close()

	const csp = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'"
	page := func(title, body string) string {
		return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>` + title + `</title>
<link rel="stylesheet" href="/s.css"></head><body><a class="skip" href="#contenu">Aller au contenu</a>
<main id="contenu"><h1>` + title + `</h1>` + body + `</main></body></html>`
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /s.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, `body{font:16px sans-serif;margin:1rem;max-width:40rem} :focus-visible{outline:3px solid #000;outline-offset:2px}
.skip{position:absolute;left:-999px} .skip:focus{left:1rem} .bad:focus-visible{outline:none}`)
	})
	mux.HandleFunc("GET /s.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.documentElement.dataset.js = 'ran';`)
	})
	mux.HandleFunc("GET /x.gif", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		fmt.Fprint(w, page("Accueil", `<img src="/x.gif">
<form method="post" action="/envoyer"><label for="f-commune-postal_code">Code postal</label>
<input id="f-commune-postal_code" name="commune.postal_code">
<fieldset id="f-kind"><legend>Vous êtes</legend>
<input type="radio" id="f-kind-resident" name="kind" value="resident"><label for="f-kind-resident">Habitant</label>
<input type="radio" id="f-kind-councillors" name="kind" value="councillors"><label for="f-kind-councillors">Élus</label></fieldset>
<input type="checkbox" id="f-requests-control" name="requests" value="control"><label for="f-requests-control">Contrôle</label>
<button type="submit" name="action" value="continuer">Continuer</button></form>
<form method="post" action="/telecharger"><button type="submit" name="format" value="txt">Télécharger</button></form>
<script src="/s.js"></script>`))
	})
	mux.HandleFunc("GET /propre", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		fmt.Fprint(w, page("Propre", `<p>Rien à signaler.</p><p><a class="bad" href="/">Lien sans focus visible</a></p>`))
	})
	mux.HandleFunc("GET /tiers", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Tiers", `<img alt="" src="`+other.URL+`/pixel.gif">`))
	})
	mux.HandleFunc("POST /envoyer", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Security-Policy", csp)
		fmt.Fprint(w, page("Reçu", `<p id="recu">`+r.PostForm.Get("commune.postal_code")+`|`+r.PostForm.Get("kind")+`|`+r.PostForm.Get("requests")+`</p>`))
	})
	mux.HandleFunc("POST /telecharger", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="lettre.txt"`)
		fmt.Fprint(w, "Madame la Présidente,")
	})
	app := httptest.NewServer(mux)
	defer app.Close()

	shots := t.TempDir()
	tb := newTab(t, app.URL, tabOptions{journey: "harness", shotDir: shots, noAxe: true})

	t.Run("axe through CSP", func(t *testing.T) {
		tb.t = t
		tb.open("/")
		if got := eval[string](tb, `document.documentElement.dataset.js || ''`); got != "ran" {
			t.Errorf("the page's own script did not run (dataset.js=%q)", got)
		}
		res, err := runAxe(tb)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range res.Violations {
			ids = append(ids, v.ID)
		}
		if !strings.Contains(strings.Join(ids, " "), "image-alt") {
			t.Errorf("axe did not report the planted image-alt violation; violations: %v", ids)
		}
		msg := formatViolations(res.Violations)
		for _, want := range []string{"image-alt", "critical", "img", "https://dequeuniversity.com/rules/axe/"} {
			if !strings.Contains(msg, want) {
				t.Errorf("violation message lacks %q:\n%s", want, msg)
			}
		}
		tb.open("/propre")
		res, err = runAxe(tb)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Violations) > 0 {
			t.Errorf("clean page has violations:\n%s", formatViolations(res.Violations))
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		tb.t = t
		for _, w := range []int{375, 1280} {
			f := filepath.Join(shots, fmt.Sprintf("%02d-propre-%d.png", tb.step, w))
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != w {
				t.Errorf("%s: width %d, want %d", f, cfg.Width, w)
			}
		}
	})

	t.Run("form and keyboard", func(t *testing.T) {
		tb.t = t
		tb.open("/")
		f := tb.tabTo("skip link", func(f focusInfo) bool { return f.Href == "#contenu" })
		if !f.Indicator {
			t.Errorf("skip link focus not visible: %+v", f)
		}
		tb.fieldByKeyboard("commune.postal_code", "59000")
		tb.radioByKeyboard("kind", "councillors")
		tb.checkboxByKeyboard("requests", "control", true)
		if st := tb.submitByKeyboard("continuer"); st != 200 {
			t.Fatalf("status %d", st)
		}
		if got := tb.text("#recu"); got != "59000|councillors|control" {
			t.Errorf("posted %q", got)
		}
		// A planted focus without indicator must be reported: check the helper on its own.
		tb.open("/propre")
		tb.noFocusCheck = true
		defer func() { tb.noFocusCheck = false }()
		f = tb.tabTo("bad link", func(f focusInfo) bool { return f.Text == "Lien sans focus visible" })
		if f.Indicator {
			t.Errorf("outline:none link reported as visible: %+v", f)
		}
	})

	t.Run("mouse form", func(t *testing.T) {
		tb.t = t
		tb.open("/")
		tb.fill("commune.postal_code", "5900")
		tb.choose("kind", "resident")
		tb.choose("requests", "control")
		tb.unchoose("requests", "control")
		tb.submit("continuer")
		if got := tb.text("#recu"); got != "5900|resident|" {
			t.Errorf("posted %q", got)
		}
	})

	t.Run("download", func(t *testing.T) {
		tb.t = t
		tb.open("/")
		name, b := tb.download("download", chromedp.Click(chromedp.CSS(`button[name=format]`), chromedp.NodeVisible))
		if name != "lettre.txt" || string(b) != "Madame la Présidente," {
			t.Errorf("download %q: %q", name, b)
		}
	})

	t.Run("third-party recorder", func(t *testing.T) {
		tb.t = t
		tb.forget()
		tb.open("/tiers")
		bad := tb.thirdParty()
		if len(bad) != 1 || !strings.HasPrefix(bad[0], other.URL) {
			t.Errorf("recorder saw %v, want one request to %s", bad, other.URL)
		}
		tb.forget()
	})

	t.Run("csp violation is reported", func(t *testing.T) {
		tb.t = t
		tb.forget()
		tb.open("/")
		if err := tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const i = document.createElement('img'); i.src = '` + other.URL + `/blocked.gif'; document.body.append(i) })()`)); err != nil {
			t.Fatal(err)
		}
		tb.do(chromedp.Sleep(200 * time.Millisecond))
		tb.mu.Lock()
		got := strings.Join(tb.console, "\n")
		tb.mu.Unlock()
		if !strings.Contains(got, "Content Security Policy") {
			t.Errorf("no CSP violation recorded; console: %q", got)
		}
		tb.forget()
	})
	tb.t = t
}

// TestHarnessNoScript checks that with the page's JavaScript disabled, page scripts do not run while
// DevTools evaluation, axe-core and form filling still work.
func TestHarnessNoScript(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /s.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.documentElement.dataset.js = 'ran';`)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; form-action 'self'")
		fmt.Fprint(w, `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>T</title></head><body><main>
<h1>T</h1><form method="post" action="/r"><label for="f-x">X</label><input id="f-x" name="x">
<button name="action" value="continuer">OK</button></form><script src="/s.js"></script></main></body></html>`)
	})
	mux.HandleFunc("POST /r", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>R</title></head><body><main><h1 id="r">`+r.FormValue("x")+`</h1></main></body></html>`)
	})
	app := httptest.NewServer(mux)
	defer app.Close()
	tb := newTab(t, app.URL, tabOptions{noScript: true})
	tb.open("/")
	if got := eval[string](tb, `document.documentElement.dataset.js || ''`); got != "" {
		t.Errorf("page script ran with JavaScript disabled")
	}
	tb.fill("x", "bonjour")
	tb.submit("continuer")
	if got := tb.text("#r"); got != "bonjour" {
		t.Errorf("posted %q", got)
	}
}
