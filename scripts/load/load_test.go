package main

import (
	"math"
	"net/url"
	"testing"
	"time"
)

func TestFormValuesSubmitsWhatABrowserWould(t *testing.T) {
	page := `<html><body>
<form action="/other"><input name="x" value="no"></form>
<form class="step-form" method="post" action="/dossier/p/sources">
<input type="hidden" name="etat" value="TOK">
<input type="submit" name="action" value="continuer" tabindex="-1">
<input type="text" name="a.b" value="Médiacités &amp; co">
<input type="checkbox" name="c" value="yes" checked>
<input type="checkbox" name="c" value="no">
<input type="radio" name="r" value="1">
<input type="radio" name="r" value="2" checked>
<input type="text" name="off" value="x" disabled>
<input type="file" name="f">
<select name="s"><option value="">—</option><option value="k" selected>K</option></select>
<select name="s2"><option value="">—</option><option value="k">K</option></select>
<textarea name="t">
ligne 1
ligne 2</textarea>
<button type="submit" name="action" value="retirer-source-0">x</button>
</form></body></html>`
	got, err := formValues([]byte(page), "/dossier/p/sources")
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"etat": {"TOK"}, "a.b": {"Médiacités & co"}, "c": {"yes"}, "r": {"2"}, "s": {"k"}, "s2": {""},
		"t": {"ligne 1\nligne 2"}}
	if got.Encode() != want.Encode() {
		t.Errorf("formValues:\n got %v\nwant %v", got, want)
	}
	if _, err := formValues([]byte(page), "/nowhere"); err == nil {
		t.Error("no error for a missing form")
	}
}

func TestPctNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]float64{0.5: 50, 0.9: 90, 0.99: 99, 1: 100} {
		if got := pct(d, q); got != want {
			t.Errorf("pct(%v) = %v, want %v", q, got, want)
		}
	}
	if pct(nil, 0.99) != 0 {
		t.Error("pct of nothing")
	}
}

func TestSlopeMiBPerMinute(t *testing.T) {
	var s []memSample
	for i := range 10 {
		s = append(s, memSample{At: time.Duration(i) * time.Minute, RSS: int64(100+2*i) << 20})
	}
	if got := slope(s); math.Abs(got-2) > 1e-9 {
		t.Errorf("slope = %v, want 2", got)
	}
}

func TestVerdict(t *testing.T) {
	pdf := &target{Status: 200, Marker: []byte("%PDF-"), Prefix: true}
	if v := verdict(pdf, 200, "", []byte("%PDF-1.4 …")); v != "" {
		t.Errorf("good PDF: %q", v)
	}
	if v := verdict(pdf, 200, "", []byte("<html>%PDF-")); v != "marker missing" {
		t.Errorf("not a PDF: %q", v)
	}
	if v := verdict(pdf, 500, "", nil); v != "status 500" {
		t.Errorf("500: %q", v)
	}
	redirect := &target{Status: 303, Location: "/dossier/p/"}
	if v := verdict(redirect, 303, "/elsewhere", nil); v != "wrong Location" {
		t.Errorf("Location: %q", v)
	}
}

func TestParseMix(t *testing.T) {
	m, err := parseMix("interview=70, api=20,static=10")
	if err != nil || m["interview"] != 70 || m["api"] != 20 || m["static"] != 10 {
		t.Errorf("parseMix = %v, %v", m, err)
	}
	for _, bad := range []string{"interview", "campaign=1", "api=-1", "api=x"} {
		if _, err := parseMix(bad); err == nil {
			t.Errorf("parseMix(%q) accepted", bad)
		}
	}
}
