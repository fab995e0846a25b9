package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os/exec"
	"strings"

	"golang.org/x/net/html"
)

// target is one request of the mix, built once before the run and sent many times: the state
// tokens it carries were sealed by this very server, so each request is one a browser could send.
type target struct {
	Name   string // « GET sources », « POST sources », « API render PDF »
	Group  string // mix group: interview, api, static
	Step   bool   // a GET or POST of one of the interview's step pages (the 10 ms target)
	Method string
	Path   string // with its query
	Body   []byte
	CType  string
	Status int
	// Marker must appear in the body (Prefix: start it); Location must start the Location header.
	Marker   []byte
	Prefix   bool
	Location string
}

const procedure = "plainte-cnil"

// walker drives the interview once, like a browser without JavaScript that does not follow
// redirects by itself.
type walker struct {
	base   string
	client *http.Client
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (w *walker) do(ctx context.Context, method, path, ctype string, body []byte) (*response, error) {
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// check sends t once and says what is wrong with the answer, if anything.
func (w *walker) check(ctx context.Context, t *target) (*response, error) {
	r, err := w.do(ctx, t.Method, t.Path, t.CType, t.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Name, err)
	}
	if problem := verdict(t, r.status, r.header.Get("Location"), r.body); problem != "" {
		return r, fmt.Errorf("%s %s: %s", t.Name, t.Path[:min(len(t.Path), 60)], problem)
	}
	return r, nil
}

// verdict is "" for the answer t expects, else the error class counted in the report.
func verdict(t *target, status int, location string, body []byte) string {
	if status != t.Status {
		return fmt.Sprintf("status %d", status)
	}
	if t.Location != "" && !strings.HasPrefix(location, t.Location) {
		return "wrong Location"
	}
	if t.Marker != nil {
		if t.Prefix && !bytes.HasPrefix(body, t.Marker) || !t.Prefix && !bytes.Contains(body, t.Marker) {
			return "marker missing"
		}
	}
	return ""
}

func newWalker(base string) *walker {
	return &walker{base: base, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// exampleCase is the Lille case, from the CLI as a user would get it.
func exampleCase(ctx context.Context, bin string) ([]byte, error) {
	out, err := exec.CommandContext(ctx, bin, "example", procedure).Output()
	if err != nil {
		return nil, fmt.Errorf("%s example %s: %w", bin, procedure, err)
	}
	return out, nil
}

// buildTargets walks the interview once and returns the mix's requests. It starts as a visitor would
// (home page, « commencer »), loads the Lille case through the resume page so that every step holds
// real answers, then goes through every step: GET the page, submit its own form unchanged (the
// browser's « continuer »), follow the 303 to the next step, up to the verification and the preview.
func buildTargets(ctx context.Context, base string, lille []byte) ([]*target, error) {
	w := newWalker(base)
	var out []*target
	add := func(t *target) (*response, error) {
		r, err := w.check(ctx, t)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		return r, nil
	}

	// Static pages.
	for _, p := range []struct{ name, path, marker string }{
		{"GET /", "/", "<h1>"},
		{"GET /accessibilite", "/accessibilite", "<h1>"},
		{"GET /confidentialite", "/confidentialite", "<h1>"},
		{"GET /static/site.css", "/static/site.css", "{"},
	} {
		if _, err := add(&target{Name: p.name, Group: "static", Method: http.MethodGet, Path: p.path,
			Status: http.StatusOK, Marker: []byte(p.marker)}); err != nil {
			return nil, err
		}
	}

	// The API render of the Lille case.
	if _, err := add(&target{Name: "API render PDF", Group: "api", Method: http.MethodPost,
		Path: "/api/v1/render?procedure=" + procedure + "&format=pdf", Body: lille, CType: "application/json",
		Status: http.StatusOK, Marker: []byte("%PDF-"), Prefix: true}); err != nil {
		return nil, err
	}

	// Start: the home page's form, to a blank first step.
	form := url.Values{"kind": {"resident"}, "procedure": {procedure}}
	stepPrefix := "/dossier/" + procedure + "/"
	r, err := add(&target{Name: "POST commencer", Group: "interview", Step: true, Method: http.MethodPost,
		Path: "/commencer", Body: []byte(form.Encode()), CType: "application/x-www-form-urlencoded",
		Status: http.StatusSeeOther, Location: stepPrefix})
	if err != nil {
		return nil, err
	}
	first := r.header.Get("Location")
	if r, err = w.do(ctx, http.MethodGet, first, "", nil); err != nil || r.status != http.StatusOK {
		return nil, fmt.Errorf("GET %s after commencer: %v %v", first, statusOf(r), err)
	}
	firstSlug := slugOf(first)

	// The Lille case, through the resume page.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("dossier", "lille.json")
	fw.Write(lille)
	mw.WriteField("procedure", procedure)
	mw.Close()
	if r, err = w.do(ctx, http.MethodPost, "/reprendre", mw.FormDataContentType(), mp.Bytes()); err != nil {
		return nil, err
	}
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, stepPrefix+"verification?etat=") {
		return nil, fmt.Errorf("POST /reprendre: status %d, Location %q", r.status, loc)
	}
	token := tokenOf(loc)

	// Every step, from the first, with the case's answers.
	slug := firstSlug
	for n := 0; slug != "verification"; n++ {
		if n > 20 {
			return nil, fmt.Errorf("the interview does not reach the verification page")
		}
		get := &target{Name: "GET " + slug, Group: "interview", Step: true, Method: http.MethodGet,
			Path: stepPrefix + slug + "?etat=" + url.QueryEscape(token), Status: http.StatusOK,
			Marker: []byte(`class="step-indicator"`)}
		page, err := add(get)
		if err != nil {
			return nil, err
		}
		values, err := formValues(page.body, stepPrefix+slug)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", slug, err)
		}
		values.Set("action", "continuer")
		post := &target{Name: "POST " + slug, Group: "interview", Step: true, Method: http.MethodPost,
			Path: stepPrefix + slug, Body: []byte(values.Encode()), CType: "application/x-www-form-urlencoded",
			Status: http.StatusSeeOther, Location: stepPrefix}
		r, err := add(post)
		if err != nil {
			if r != nil && r.status == http.StatusUnprocessableEntity {
				err = fmt.Errorf("%w (the step refused the Lille case's own answers: %s)", err, errorSummary(r.body))
			}
			return nil, err
		}
		loc := r.header.Get("Location")
		post.Location = stepPrefix + slugOf(loc) + "?etat="
		slug, token = slugOf(loc), tokenOf(loc)
	}
	if _, err := add(&target{Name: "GET verification", Group: "interview", Method: http.MethodGet,
		Path: stepPrefix + "verification?etat=" + url.QueryEscape(token), Status: http.StatusOK,
		// The link to the preview appears only when the case has no problem left.
		Marker: []byte(`href="` + stepPrefix + `apercu?etat=`)}); err != nil {
		return nil, err
	}
	if _, err := add(&target{Name: "GET apercu", Group: "interview", Method: http.MethodGet,
		Path: stepPrefix + "apercu?etat=" + url.QueryEscape(token), Status: http.StatusOK,
		Marker: []byte("Pourquoi ce paragraphe")}); err != nil {
		return nil, err
	}
	return out, nil
}

func statusOf(r *response) int {
	if r == nil {
		return 0
	}
	return r.status
}

// slugOf is the step of « /dossier/PROC/SLUG?etat=… ».
func slugOf(loc string) string {
	p, _, _ := strings.Cut(loc, "?")
	return p[strings.LastIndexByte(p, '/')+1:]
}

func tokenOf(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return ""
	}
	return u.Query().Get("etat")
}

// formValues is what a browser submits for the form posting to action, before the button's own
// name=value: text fields and textareas, checked boxes and radios, each select's chosen option
// (else its first), hidden fields. Submit inputs and buttons are left out.
func formValues(page []byte, action string) (url.Values, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "action") == action {
			form = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		return nil, fmt.Errorf("no form posting to %s", action)
	}
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attr(n, "name")
			_, disabled := hasAttr(n, "disabled")
			if name != "" && !disabled {
				switch n.Data {
				case "input":
					switch typ := strings.ToLower(attr(n, "type")); typ {
					case "submit", "button", "image", "reset", "file":
					case "checkbox", "radio":
						if _, ok := hasAttr(n, "checked"); ok {
							val, ok := hasAttr(n, "value")
							if !ok {
								val = "on"
							}
							v.Add(name, val)
						}
					default:
						v.Add(name, attr(n, "value"))
					}
				case "textarea":
					v.Add(name, strings.TrimPrefix(text(n), "\n"))
				case "select":
					v.Add(name, selected(n))
				}
			}
			if n.Data == "select" || n.Data == "textarea" {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v, nil
}

func attr(n *html.Node, key string) string {
	v, _ := hasAttr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// selected is the value a select submits: its selected option, else the first.
func selected(sel *html.Node) string {
	var opts []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "option" {
			opts = append(opts, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(sel)
	value := func(o *html.Node) string {
		if v, ok := hasAttr(o, "value"); ok {
			return v
		}
		return strings.TrimSpace(text(o))
	}
	for _, o := range opts {
		if _, ok := hasAttr(o, "selected"); ok {
			return value(o)
		}
	}
	if len(opts) > 0 {
		return value(opts[0])
	}
	return ""
}

// errorSummary is the text of a 422 page's error summary, to say which answer a step refused.
func errorSummary(page []byte) string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return ""
	}
	var out string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if out != "" {
			return
		}
		if n.Type == html.ElementNode && strings.Contains(attr(n, "class"), "error-summary") {
			out = strings.Join(strings.Fields(text(n)), " ")
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
