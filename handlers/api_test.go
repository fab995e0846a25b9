package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func (a *app) api(method, path, body string, headers ...string) *page {
	a.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.do(req)
}

func apiErrs(t *testing.T, p *page) []apiError {
	t.Helper()
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error body type %q", ct)
	}
	var e apiErrors
	if err := json.Unmarshal([]byte(p.Body), &e); err != nil || len(e.Errors) == 0 {
		t.Fatalf("error body %q: %v", p.Body, err)
	}
	for _, x := range e.Errors {
		if x.Message == "" {
			t.Errorf("empty message: %+v", x)
		}
	}
	return e.Errors
}

func TestAPI(t *testing.T) {
	a := newApp(t)
	lille, err := os.ReadFile("../cmd/saisine/testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format, ctype, prefix string
	}{
		{"pdf", "application/pdf", "%PDF-"},
		{"txt", "text/plain; charset=utf-8", "Madame Camille Martin"},
		{"html", "text/html; charset=utf-8", "<!DOCTYPE html>"},
	} {
		p := a.api("POST", "/api/v1/render?procedure=plainte-cnil&format="+c.format, string(lille))
		if p.Status != 200 || p.Header.Get("Content-Type") != c.ctype || !strings.HasPrefix(p.Body, c.prefix) ||
			p.Header.Get("Content-Disposition") != `attachment; filename="plainte-cnil-lille.`+c.format+`"` ||
			p.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d %q %q %.20q", c.format, p.Status, p.Header.Get("Content-Type"), p.Header.Get("Content-Disposition"), p.Body)
		}
	}
	if p := a.api("POST", "/api/v1/render?procedure=plainte-cnil", string(lille)); !strings.HasPrefix(p.Body, "%PDF-") {
		t.Error("default format is not PDF")
	}

	// 400: not JSON at all.
	for _, body := range []string{"{", "", "not json", `{"version":1}{"version":1}`} {
		p := a.api("POST", "/api/v1/render?procedure=plainte-cnil", body)
		if p.Status != http.StatusBadRequest {
			t.Errorf("malformed %q: %d", body, p.Status)
		}
		apiErrs(t, p)
	}
	// 404: unknown procedure.
	p := a.api("POST", "/api/v1/render?procedure=inconnue", string(lille))
	if p.Status != http.StatusNotFound || !strings.Contains(apiErrs(t, p)[0].Message, "inconnue") {
		t.Errorf("unknown procedure: %d %s", p.Status, p.Body)
	}
	// 400: unknown format.
	if p := a.api("POST", "/api/v1/render?procedure=plainte-cnil&format=docx", string(lille)); p.Status != http.StatusBadRequest {
		t.Errorf("unknown format: %d", p.Status)
	}
	// 422 in French, and in English with Accept-Language.
	bad := strings.Replace(string(lille), `"postal_code": "59000", "city": "Lille"`, `"postal_code": "5900", "city": "Lille"`, 1)
	if bad == string(lille) {
		t.Fatal("test case edit failed")
	}
	p = a.api("POST", "/api/v1/render?procedure=plainte-cnil", bad)
	errs := apiErrs(t, p)
	if p.Status != http.StatusUnprocessableEntity || errs[0].Path != "sender.address.postal_code" ||
		!strings.HasPrefix(errs[0].Message, "Le code postal doit comporter 5 chiffres") {
		t.Errorf("422 fr: %d %+v", p.Status, errs)
	}
	p = a.api("POST", "/api/v1/render?procedure=plainte-cnil", bad, "Accept-Language", "en-GB,en;q=0.8")
	errs = apiErrs(t, p)
	if p.Status != http.StatusUnprocessableEntity || !strings.HasPrefix(errs[0].Message, "The postcode must have 5 digits") {
		t.Errorf("422 en: %d %+v", p.Status, errs)
	}
	// 422: a file the decoder refuses (unknown field), and a case the procedure refuses (wrong kind).
	p = a.api("POST", "/api/v1/render?procedure=plainte-cnil", strings.Replace(string(lille), `"sender"`, `"sendr"`, 1))
	if p.Status != http.StatusUnprocessableEntity || apiErrs(t, p)[0].Path != "sendr" {
		t.Errorf("unknown field: %d %s", p.Status, p.Body)
	}
	p = a.api("POST", "/api/v1/render?procedure=signalement-cnil", string(lille))
	if p.Status != http.StatusUnprocessableEntity || apiErrs(t, p)[0].Path != "sender.kind" {
		t.Errorf("wrong kind: %d %s", p.Status, p.Body)
	}
	// 413: over 1 MiB.
	big := `{"version":1,"facts":{"where_filmed":"` + strings.Repeat("a", 1<<20) + `"}}`
	if p := a.api("POST", "/api/v1/render?procedure=plainte-cnil", big); p.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("large body: %d", p.Status)
	}

	// The listings.
	p = a.get("/api/v1/procedures")
	var procs []apiProcedure
	if err := json.Unmarshal([]byte(p.Body), &procs); err != nil || len(procs) < 2 || procs[0].ID != "plainte-cnil" ||
		procs[0].Steps[0] != "commune" {
		t.Errorf("procedures: %v %s", err, p.Body)
	}
	p = a.get("/api/v1/schema")
	if p.Status != 200 || p.Header.Get("Content-Type") != "application/schema+json" || !json.Valid([]byte(p.Body)) {
		t.Errorf("schema: %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	p = a.get("/api/v1/example/signalement-cnil")
	if p.Status != 200 || !strings.Contains(p.Body, `"kind": "councillors"`) {
		t.Errorf("example: %d", p.Status)
	}
	// The example goes through the renderer.
	if r := a.api("POST", "/api/v1/render?procedure=signalement-cnil&format=txt", p.Body); r.Status != 200 {
		t.Errorf("example rendered: %d %s", r.Status, r.Body)
	}
	if p := a.get("/api/v1/example/inconnue"); p.Status != http.StatusNotFound {
		t.Errorf("unknown example: %d", p.Status)
	}
	_ = bytes.MinRead
}
