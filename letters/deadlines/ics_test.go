package deadlines

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"saisine/letters"
)

var update = flag.Bool("update", false, "rewrite golden files")

// icsCase has one step of each kind, a missing receipt date, a franc delay and Alsace-Moselle holidays.
func icsCase() *letters.Case {
	return caseOf(metz,
		pending(crpa, "2025-01-13"),
		pending(cada, "2025-04-03"),
		letters.PriorStep{Kind: rights, Recipient: "DPO, Ville de Metz; service \\ juridique", SentOn: "2026-10-20", Answer: "none"},
		pending(cnil, "2026-09-03"),
		refused(letter, "2025-10-25"),
	)
}

func icsOf(t *testing.T) string {
	t.Helper()
	ds, err := Compute(icsCase(), refDay)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ICS(&b, ds, refDay); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestICSGolden(t *testing.T) {
	got := icsOf(t)
	const golden = "testdata/metz.ics"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("ICS differs from %s (go test -update to rewrite)", golden)
	}
}

// unfold undoes RFC 5545 line folding.
func unfold(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.TrimSuffix(s, "\r\n"), "\r\n ", ""), "\r\n")
}

func TestICSStructure(t *testing.T) {
	s := icsOf(t)
	if !strings.HasSuffix(s, "\r\n") {
		t.Error("does not end with CRLF")
	}
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Error("bare LF or CR")
	}
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character", i+1)
		}
	}
	lines := unfold(s)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Error("not wrapped in VCALENDAR")
	}
	var stack []string
	uids := map[string]bool{}
	props := map[string]int{}
	events := 0
	uidForm := regexp.MustCompile(`^UID:[a-z_]+-\d+-\d{8}@saisine$`)
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "BEGIN:"):
			stack = append(stack, l[6:])
			if l == "BEGIN:VEVENT" {
				events++
			}
		case strings.HasPrefix(l, "END:"):
			if len(stack) == 0 || stack[len(stack)-1] != l[4:] {
				t.Fatalf("unbalanced %s", l)
			}
			stack = stack[:len(stack)-1]
		case strings.HasPrefix(l, "UID:"):
			if uids[l] {
				t.Errorf("duplicate %s", l)
			}
			uids[l] = true
			if !uidForm.MatchString(l) {
				t.Errorf("UID form: %s", l)
			}
		}
		if k := strings.IndexAny(l, ":;"); k > 0 {
			props[l[:k]]++
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed %v", stack)
	}
	ds, _ := Compute(icsCase(), refDay)
	if events != len(ds) || len(uids) != len(ds) {
		t.Errorf("%d events, %d UIDs for %d deadlines", events, len(uids), len(ds))
	}
	for _, p := range []string{"DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "TRIGGER", "ACTION"} {
		if props[p] != events {
			t.Errorf("%s appears %d times for %d events", p, props[p], events)
		}
	}
	if props["VERSION"] != 1 || props["PRODID"] != 1 {
		t.Error("VERSION or PRODID missing")
	}
	for _, want := range []string{
		"VERSION:2.0", "UID:crpa_implicit_refusal-0-20250213@saisine", "DTSTAMP:20261127T000000Z",
		"DTSTART;VALUE=DATE:20250414", "DTEND;VALUE=DATE:20250415", "TRIGGER:-P7D", "ACTION:DISPLAY",
		"UID:court_limit-4-20251226@saisine", // 26 December is local in Moselle: no extension
		`SUMMARY:Réponse due à votre demande d’exercice des droits — DPO\, Ville de Metz` + "\u202f" + `\; service \\ juridique`,
	} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("no line %q", want)
		}
	}
	// The description is the escaped text: unescaping gives back the explanation.
	described := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "DESCRIPTION:Date limite\u202f:") {
			text := strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(l[len("DESCRIPTION:"):])
			described++
			if !strings.Contains(text, "\n\n") || !strings.Contains(text, "; ") {
				t.Errorf("description not escaped as expected: %q", text)
			}
			if strings.ContainsAny(strings.ReplaceAll(strings.ReplaceAll(l, `\;`, ""), `\,`, ""), ";,") {
				t.Errorf("unescaped ; or , in %q", l)
			}
		}
	}
	if described != 3 {
		t.Errorf("%d user deadlines described, want 3", described)
	}
}

func TestFolding(t *testing.T) {
	long := strings.Repeat("é", 100) + strings.Repeat("a", 80) + strings.Repeat("€", 50)
	var b bytes.Buffer
	if err := ICS(&b, []Deadline{{ID: "x", Date: d("2026-01-01"), Recommended: d("2026-01-01"), Title: long}}, refDay); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("bad line %q (%d octets)", l, len(l))
		}
	}
	found := false
	for _, l := range unfold(b.String()) {
		found = found || l == "SUMMARY:"+long
	}
	if !found {
		t.Error("unfolding does not restore the summary")
	}
}

func TestEscapeText(t *testing.T) {
	if got := escapeText("a\\b;c,d\ne\r"); got != `a\\b\;c\,d\ne` {
		t.Errorf("escapeText = %q", got)
	}
}
