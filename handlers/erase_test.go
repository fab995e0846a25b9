package handlers

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEraseButton: every interview page has « Tout effacer », a POST form of its own that sends no
// token; pages outside the interview do not.
func TestEraseButton(t *testing.T) {
	a := newApp(t)
	v := a.lilleJourney()
	tok := tokenOf(v.URL)
	for _, p := range []*page{
		a.get("/dossier/plainte-cnil/commune?etat=" + tok),
		v,
		a.get("/dossier/plainte-cnil/apercu?etat=" + tok),
		a.get("/dossier/plainte-cnil/parcours?etat=" + tok),
		a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"proteger"}}),
	} {
		form := p.find(p.doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == "/effacer" })
		if form == nil {
			t.Errorf("%s: no « Tout effacer » form", p.URL)
			continue
		}
		if attr(form, "method") != "post" {
			t.Errorf("%s: the erase form is not a POST", p.URL)
		}
		if p.find(form, func(n *html.Node) bool { return attr(n, "name") == "etat" }) != nil {
			t.Errorf("%s: the erase form sends the token", p.URL)
		}
		if b := p.find(form, func(n *html.Node) bool { return n.Data == "button" }); b == nil || text(b) != "Tout effacer" {
			t.Errorf("%s: no « Tout effacer » button", p.URL)
		}
	}
	for _, path := range []string{"/", "/reprendre", "/confidentialite"} {
		if p := a.get(path); strings.Contains(p.Body, `action="/effacer"`) {
			t.Errorf("%s has an erase button, with nothing to erase", path)
		}
	}
}

// TestErase: the answer carries no token, says nothing was kept on the server, and tells the browser
// to drop its cache and storage for the site and the language cookie; it is never stored.
func TestErase(t *testing.T) {
	a := newApp(t)
	a.lang = "en"
	tok := tokenOf(a.lilleJourney().URL)
	p := a.post("/effacer", url.Values{})
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	if got := p.Header.Get("Clear-Site-Data"); got != `"cache", "storage"` {
		t.Errorf("Clear-Site-Data %q", got)
	}
	if got := p.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	if strings.Contains(p.Body, tok) || strings.Contains(p.Body, "etat") {
		t.Error("the page still carries a token")
	}
	body := p.visibleText()
	for _, want := range []string{"answers are erased", "Nothing was kept", "delete them", "history"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q:\n%s", want, body)
		}
	}
	var lang *http.Cookie
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == langCookie {
			lang = c
		}
	}
	if lang == nil || lang.MaxAge >= 0 || !lang.HttpOnly || lang.SameSite != http.SameSiteLaxMode || lang.Path != "/" {
		t.Errorf("the lang cookie is not expired properly: %+v", lang)
	}
	// Another site's page cannot make a visitor's browser erase (nor do anything else).
	a.headers["Sec-Fetch-Site"] = "cross-site"
	if p := a.post("/effacer", url.Values{}); p.Status != http.StatusForbidden || p.Header.Get("Clear-Site-Data") != "" {
		t.Errorf("cross-site erase: %d %q", p.Status, p.Header.Get("Clear-Site-Data"))
	}
	if p := a.get("/effacer"); p.Status != http.StatusMethodNotAllowed {
		t.Errorf("GET /effacer: %d", p.Status)
	}
}

// TestCookieAttributes: the language cookie (saisine's only cookie) is HttpOnly and SameSite=Lax,
// Secure over TLS, and Secure behind a trusted proxy that says https; the header from anyone else is
// ignored.
func TestCookieAttributes(t *testing.T) {
	sealer := newApp(t).srv.sealer
	srv, err := New(Options{Sealer: sealer, TrustedProxies: []string{"10.0.0.0/8", "192.0.2.7"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, remote, proto string
		tls                 bool
		secure              bool
	}{
		{"plain", "198.51.100.1:1234", "", false, false},
		{"TLS", "198.51.100.1:1234", "", true, true},
		{"trusted proxy, https", "10.1.2.3:1234", "https", false, true},
		{"trusted proxy address, https, two proxies", "192.0.2.7:1234", "https, http", false, true},
		{"trusted proxy, http", "10.1.2.3:1234", "http", false, false},
		{"untrusted client says https", "198.51.100.1:1234", "https", false, false},
	} {
		for _, path := range []string{"/langue/en?retour=/", "/effacer"} {
			method := http.MethodGet
			if path == "/effacer" {
				method = http.MethodPost
			}
			req := httptest.NewRequest(method, path, nil)
			req.RemoteAddr = c.remote
			if c.proto != "" {
				req.Header.Set("X-Forwarded-Proto", c.proto)
			}
			if c.tls {
				req.TLS = &tls.ConnectionState{}
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			cookies := rec.Result().Cookies()
			if len(cookies) != 1 || cookies[0].Name != langCookie {
				t.Fatalf("%s %s: cookies %v", c.name, path, cookies)
			}
			ck := cookies[0]
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != c.secure {
				t.Errorf("%s %s: HttpOnly %v, SameSite %v, Secure %v (want %v)", c.name, path, ck.HttpOnly, ck.SameSite, ck.Secure, c.secure)
			}
		}
	}
}
