package handlers

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"saisine/handlers/state"
)

// testNow is the clock of the tests: the day the interface was written.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

var testKey = bytes.Repeat([]byte{7}, state.KeySize)

// syncBuf is a log sink safe for concurrent handlers.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// app is the web interface under test, driven in-process like a browser without JavaScript.
type app struct {
	t       testing.TB
	srv     *Server
	logs    *syncBuf
	lang    string // the lang cookie sent, if any
	headers map[string]string
	raw     bool // submit values that no field of the form offers (a forged post)
}

func newApp(t testing.TB) *app {
	t.Helper()
	sealer, err := state.NewSealer(testKey, time.Hour, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuf{}
	srv, err := New(Options{
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sealer: sealer,
		Now:    func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	return &app{t: t, srv: srv, logs: logs, headers: map[string]string{}}
}

// page is one response with its parsed document.
type page struct {
	t      testing.TB
	Status int
	Header http.Header
	Body   string
	doc    *html.Node
	URL    string
}

func (a *app) do(req *http.Request) *page {
	a.t.Helper()
	if a.lang != "" {
		req.AddCookie(&http.Cookie{Name: "lang", Value: a.lang})
	}
	for k, v := range a.headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	p := &page{t: a.t, Status: rec.Code, Header: rec.Header(), Body: rec.Body.String(), URL: req.URL.String()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		doc, err := html.Parse(strings.NewReader(p.Body))
		if err != nil {
			a.t.Fatalf("%s: unparsable HTML: %v", req.URL, err)
		}
		p.doc = doc
	}
	return p
}

func (a *app) get(path string) *page {
	a.t.Helper()
	return a.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (a *app) post(path string, form url.Values) *page {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return a.do(req)
}

func (a *app) upload(path string, fields map[string]string, file string, content []byte) *page {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile(file, "dossier.json")
		fw.Write(content)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.do(req)
}

// follow GETs the Location of a 303.
func (a *app) follow(p *page) *page {
	a.t.Helper()
	if p.Status != http.StatusSeeOther {
		a.t.Fatalf("%s: status %d, want 303; page says:\n%s", p.URL, p.Status, p.errorsText())
	}
	loc := p.Header.Get("Location")
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		loc = loc[:i]
	}
	return a.get(loc)
}

// submit posts the page's step form with its hidden fields, the given values and action. Every value
// must belong to a field of the form (the contract: name = JSON path, id = f-PATH[-VALUE]).
func (a *app) submit(p *page, values url.Values, action string) *page {
	a.t.Helper()
	form := p.form()
	if form == nil {
		a.t.Fatalf("%s: no step form", p.URL)
	}
	out := p.formValues(form)
	for name, vs := range values {
		if !a.raw {
			for _, v := range vs {
				p.mustHaveField(form, name, v)
			}
		}
		out[name] = vs
	}
	if action != "" {
		if p.find(form, func(n *html.Node) bool {
			return n.Data == "button" && attr(n, "name") == "action" && attr(n, "value") == action
		}) == nil {
			a.t.Fatalf("%s: no button action=%s", p.URL, action)
		}
		out.Set("action", action)
	}
	return a.post(attr(form, "action"), out)
}

// formValues is what a browser sends for form before its button: every field's current value (checked
// boxes, selected options).
func (p *page) formValues(form *html.Node) url.Values {
	out := url.Values{}
	for _, n := range p.all(form, "") {
		name := attr(n, "name")
		if name == "" || name == "action" {
			continue
		}
		switch n.Data {
		case "input":
			switch attr(n, "type") {
			case "radio", "checkbox":
				if hasAttr(n, "checked") {
					out.Add(name, attr(n, "value"))
				}
			case "submit", "button", "file":
			default:
				out.Add(name, attr(n, "value"))
			}
		case "textarea":
			out.Add(name, textRaw(n))
		case "select":
			v := ""
			for i, o := range p.all(n, "option") {
				if i == 0 || hasAttr(o, "selected") {
					v = attr(o, "value")
				}
			}
			out.Add(name, v)
		}
	}
	return out
}

// form is the page's first POST form to a step or to /commencer.
func (p *page) form() *html.Node {
	return p.find(p.doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "form" && attr(n, "method") == "post" &&
			!strings.HasSuffix(attr(n, "action"), "/telecharger")
	})
}

func (p *page) mustHaveField(form *html.Node, name, value string) {
	p.t.Helper()
	el := p.find(form, func(n *html.Node) bool {
		return (n.Data == "input" || n.Data == "select" || n.Data == "textarea") && attr(n, "name") == name
	})
	if el == nil {
		p.t.Fatalf("%s: no field named %q", p.URL, name)
	}
	switch attr(el, "type") {
	case "radio", "checkbox":
		id := fieldID(name) + "-" + value
		if p.byID(id) == nil {
			p.t.Fatalf("%s: no choice #%s for %s=%s", p.URL, id, name, value)
		}
	default:
		if attr(el, "id") != fieldID(name) {
			p.t.Fatalf("%s: field %s has id %q, want %q", p.URL, name, attr(el, "id"), fieldID(name))
		}
	}
}

// token is the etat of the URL a 303 points to, or of the page's form.
func (p *page) location() string { return p.Header.Get("Location") }

func tokenOf(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return ""
	}
	return u.Query().Get("etat")
}

// --- reading the document ---

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func (p *page) find(root *html.Node, match func(*html.Node) bool) *html.Node {
	if root == nil {
		return nil
	}
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && match(n) {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

func (p *page) all(root *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (tag == "" || n.Data == tag) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if root != nil {
		walk(root)
	}
	return out
}

func (p *page) byID(id string) *html.Node {
	return p.find(p.doc, func(n *html.Node) bool { return attr(n, "id") == id })
}

func (p *page) bySelector(tag, class string) *html.Node {
	return p.find(p.doc, func(n *html.Node) bool {
		return n.Data == tag && (class == "" || strings.Contains(" "+attr(n, "class")+" ", " "+class+" "))
	})
}

// textRaw is the text content of n as is.
func textRaw(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimPrefix(b.String(), "\n")
}

// text is the text content of n, ASCII white space collapsed (no-break spaces are kept).
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return strings.Join(strings.FieldsFunc(b.String(), func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r'
	}), " ")
}

// visibleText is the page's text, with the values of inputs and the text of attributes people read
// (title, alt, aria-label, placeholder).
func (p *page) visibleText() string {
	return text(p.doc)
}

// errorsText describes the page's errors for a failure message.
func (p *page) errorsText() string {
	if p.doc == nil {
		return p.Body
	}
	if s := p.bySelector("div", "error-summary"); s != nil {
		return text(s)
	}
	if s := p.find(p.doc, func(n *html.Node) bool { return n.Data == "main" }); s != nil {
		return text(s)
	}
	return p.Body
}

// value is the value shown by the field at path (input value, textarea text, selected option,
// checked radios).
func (p *page) value(path string) string {
	el := p.byID(fieldID(path))
	if el == nil {
		return "<missing #" + fieldID(path) + ">"
	}
	switch el.Data {
	case "textarea":
		return text(el)
	case "select":
		for _, o := range p.all(el, "option") {
			if hasAttr(o, "selected") {
				return attr(o, "value")
			}
		}
		return ""
	case "fieldset":
		var vs []string
		for _, in := range p.all(el, "input") {
			if hasAttr(in, "checked") {
				vs = append(vs, attr(in, "value"))
			}
		}
		return strings.Join(vs, ",")
	}
	return attr(el, "value")
}

func readAll(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}
