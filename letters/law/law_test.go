package law_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"saisine/letters/law"
)

func TestCatalogueEntriesAreComplete(t *testing.T) {
	reviewLimit := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, c := range law.All() {
		if c.Key == "" || c.Printed == "" || c.Paraphrase == "" || c.Ref == "" {
			t.Errorf("%q: key, printed form, paraphrase and reference to shared/legal are all required", c.Key)
		}
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("%s: source URL %q is not an http(s) address", c.Key, c.URL)
		}
		d, err := time.Parse("2006-01-02", c.Reviewed)
		if err != nil || d.After(reviewLimit) {
			t.Errorf("%s: review date %q must be a past YYYY-MM-DD date", c.Key, c.Reviewed)
		}
		switch c.Status {
		case law.Verified, law.Secondary, law.Unverified:
		default:
			t.Errorf("%s: unknown status %q", c.Key, c.Status)
		}
		// Printed forms go straight into letters: French spacing must already be right.
		for _, bad := range []string{"« ", " »", "n° ", " ;", " :", "'", "L. ", "R. "} {
			if strings.Contains(c.Printed, bad) {
				t.Errorf("%s: printed form %q contains %q (use U+202F / U+00A0 / ’)", c.Key, c.Printed, bad)
			}
		}
	}
}

// Items that ../shared/legal marks UNVERIFIED must not become printable by accident: upgrading one is
// a deliberate change to this list, with the source that verifies it.
func TestUnverifiedStayUnprintable(t *testing.T) {
	for _, key := range []string{
		"rgpd-13-14", "rgpd-30", "rgpd-36", "rgpd-37-39", "rgpd-79",
		"lil-37", "lil-38", "lil-88", "lil-89",
		"csi-l251-3", "csi-l252-4", "csi-l233-1", "crpa-l311-7", "jop-2030",
	} {
		c, ok := law.Lookup(key)
		if !ok {
			t.Errorf("%s: missing from the catalogue", key)
			continue
		}
		if c.Printable() {
			t.Errorf("%s: is %s but ../shared/legal does not verify it", key, c.Status)
		}
		if _, err := law.Printable(key); err == nil {
			t.Errorf("%s: Printable must refuse it", key)
		}
	}
}

func TestPrintableRefusesUnknownKeys(t *testing.T) {
	if _, err := law.Printable("rgpd-999"); err == nil || !strings.Contains(err.Error(), "unknown citation") {
		t.Errorf("unknown key: err = %v", err)
	}
	if got := law.MustPrint("rgpd-35"); got != "article 35 du RGPD" {
		t.Errorf("MustPrint(rgpd-35) = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustPrint of an unverified key must panic")
		}
	}()
	law.MustPrint("lil-88")
}

func TestJoinPrinted(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"lil-90"}, "article 90 de la loi n°\u00a078-17 du 6 janvier 1978"},
		{[]string{"lil-8", "lil-20"}, "articles 8 et 20 de la loi n°\u00a078-17 du 6 janvier 1978"},
		{[]string{"lil-104", "lil-105", "lil-108"}, "articles 104, 105 et 108 de la loi n°\u00a078-17 du 6 janvier 1978"},
		{[]string{"rgpd-77", "lil-90"}, "article 77 du RGPD et article 90 de la loi n°\u00a078-17 du 6 janvier 1978"},
		{[]string{"crpa-l311-5", "crpa-l311-6"}, "articles L.\u00a0311-5 et L.\u00a0311-6 du code des relations entre le public et l’administration"},
	}
	for _, tt := range tests {
		got, err := law.JoinPrinted(tt.keys...)
		if err != nil || got != tt.want {
			t.Errorf("JoinPrinted(%v) = %q, %v; want %q", tt.keys, got, err, tt.want)
		}
	}
	if _, err := law.JoinPrinted("lil-8", "lil-88"); err == nil {
		t.Error("JoinPrinted must refuse an unverified key")
	}
}

func TestJOP2030Setting(t *testing.T) {
	if law.DefaultSettings().JOP2030 != law.JOPUnknown {
		t.Error("the JOP 2030 experiment must default to unknown until its publication is verified")
	}
	for in, want := range map[string]law.JOP2030{"": law.JOPUnknown, "unknown": law.JOPUnknown, "in_force": law.JOPInForce, "not_in_force": law.JOPNotInForce} {
		if got, err := law.ParseJOP2030(in); err != nil || got != want {
			t.Errorf("ParseJOP2030(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := law.ParseJOP2030("yes"); err == nil {
		t.Error("ParseJOP2030 must refuse unknown statuses")
	}
}
