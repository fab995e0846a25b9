package main

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

const deadlinesCase = "testdata/deadlines/lille.json"

// caseWithSteps returns testdata/lille.json with the given prior_steps, as JSON.
func caseWithSteps(t *testing.T, steps string) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(readFile(t, "testdata/lille.json")), &c); err != nil {
		t.Fatal(err)
	}
	var s any
	if err := json.Unmarshal([]byte(steps), &s); err != nil {
		t.Fatal(err)
	}
	c["prior_steps"] = s
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDeadlinesExitCodes(t *testing.T) {
	future := caseWithSteps(t, `[{"kind":"crpa_request","sent_on":"2026-11-20","answer":"none"}]`)
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		inStderr []string
	}{
		{"no file", []string{"deadlines"}, "", exitUsage, []string{"deadlines attend un seul dossier JSON", "saisine deadlines [--today"}},
		{"two files", []string{"deadlines", deadlinesCase, deadlinesCase}, "", exitUsage, []string{"un seul dossier"}},
		{"bad format", []string{"deadlines", "--format", "pdf", deadlinesCase}, "", exitUsage, []string{"--format attend text, json ou ics (reçu « pdf »)"}},
		{"bad today", []string{"deadlines", "--today", "27/11/2026", deadlinesCase}, "", exitUsage, []string{"--today attend une date AAAA-MM-JJ"}},
		{"unknown flag", []string{"deadlines", "--frobnicate", deadlinesCase}, "", exitUsage, nil},
		{"missing file", []string{"deadlines", "testdata/deadlines/nope.json"}, "", exitUsage, []string{"impossible de lire le dossier"}},
		{"malformed json", []string{"deadlines", "-"}, "{", exitInvalid, []string{"(dossier): "}},
		{"step in the future of --today", []string{"deadlines", "--today", "2026-11-19", "-"}, future, exitInvalid,
			[]string{"prior_steps[0].sent_on: "}},
		{"same step, later --today", []string{"deadlines", "--today", "2026-11-27", "-"}, future, exitOK, nil},
		{"partial date", []string{"deadlines", "--today", "2026-11-27", "-"},
			caseWithSteps(t, `[{"kind":"crpa_request","sent_on":"2026-11","answer":"none"}]`), exitInvalid, []string{"prior_steps[0].sent_on: "}},
		{"english messages", []string{"deadlines", "--lang", "en", "--today", "2026-11-19", "-"}, future, exitInvalid,
			[]string{"prior_steps[0].sent_on: "}},
		{"valid, text", []string{"deadlines", "--today", "2026-11-27", deadlinesCase}, "", exitOK, nil},
		{"valid, flags after the file", []string{"deadlines", deadlinesCase, "--format", "ics", "--today", "2026-11-27"}, "", exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tt.code, errOut)
			}
			for _, want := range tt.inStderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if tt.code == exitOK && (out == "" || errOut != "") {
				t.Errorf("stdout %d bytes, stderr %q", len(out), errOut)
			}
			if tt.code != exitOK && out != "" {
				t.Errorf("stdout on failure: %q", out)
			}
		})
	}
}

func TestDeadlinesGolden(t *testing.T) {
	for _, f := range []string{"text", "json", "ics"} {
		code, out, errOut := runCLI(t, "", "deadlines", "--today", "2026-11-27", "--format", f, deadlinesCase)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", f, code, errOut)
		}
		golden := "testdata/deadlines/lille." + map[string]string{"text": "txt", "json": "json.golden", "ics": "ics"}[f]
		if *update {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if want := readFile(t, golden); out != want {
			t.Errorf("%s output differs from %s (go test ./cmd/saisine -run Deadlines -update)", f, golden)
		}
	}
}

func TestDeadlinesJSONShape(t *testing.T) {
	code, out, errOut := runCLI(t, "", "deadlines", "--today", "2026-11-27", "--format", "json", deadlinesCase)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		t.Fatal(err)
	}
	if len(top) != 2 || top["deadlines"] == nil || top["next"] == nil {
		t.Fatalf("top-level keys: %v", top)
	}
	var next []map[string]string
	if err := json.Unmarshal(top["next"], &next); err != nil {
		t.Fatal(err)
	}
	if len(next) != 1 || next[0]["id"] != "plainte-cnil" || !strings.Contains(next[0]["reason"], "20 novembre 2026") {
		t.Errorf("next: %v", next)
	}
	var ds []map[string]any
	if err := json.Unmarshal(top["deadlines"], &ds); err != nil {
		t.Fatal(err)
	}
	day := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	ids := map[string]bool{}
	prev := ""
	for _, d := range ds {
		id, _ := d["id"].(string)
		ids[id] = true
		if _, ok := d["step"].(float64); !ok {
			t.Errorf("%s: step %v", id, d["step"])
		}
		for _, k := range []string{"date", "recommended"} {
			if s, _ := d[k].(string); !day.MatchString(s) {
				t.Errorf("%s: %s %v", id, k, d[k])
			}
		}
		for _, k := range []string{"basis", "explanation", "title", "party", "status"} {
			if s, _ := d[k].(string); s == "" {
				t.Errorf("%s: empty %s", id, k)
			}
		}
		if date := d["date"].(string); date < prev {
			t.Errorf("not in date order at %s", id)
		} else {
			prev = date
		}
	}
	var got []string
	for id := range ids {
		got = append(got, id)
	}
	sort.Strings(got)
	want := []string{"cada_confirmed_refusal", "cada_opinion_due", "cada_referral_limit", "cessation_implicit_rejection",
		"cnil_progress_due", "court_limit", "crpa_implicit_refusal", "rights_answer_due", "rights_answer_extended_limit"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids %v, want %v", got, want)
	}
	if first := ds[0]; first["id"] != "crpa_implicit_refusal" || first["step"] != 0.0 || first["date"] != "2025-02-13" ||
		first["status"] != "past" {
		t.Errorf("first deadline: %v", first)
	}
}

func TestDeadlinesText(t *testing.T) {
	// A refusal of a cessation demand on 28 September 2026: the court deadline falls on Saturday
	// 28 November, franc → Sunday 29 → Monday 30 November; one day before the recommended date.
	stdin := caseWithSteps(t, `[{"kind":"letter","recipient":"Maire de Lille","sent_on":"2026-09-01","received_on":"2026-09-03","answer":"refusal","answer_on":"2026-09-28"}]`)
	code, out, errOut := runCLI(t, stdin, "deadlines", "--today", "2026-11-27", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	flat := strings.ReplaceAll(out, "\n  ", " ")
	for _, want := range []string{
		"Échéances au vendredi 27 novembre 2026\n",
		"\n\nlundi 30 novembre 2026 — Date limite de recours au tribunal administratif — Maire de Lille" +
			" Date recommandée\u202f: samedi 28 novembre 2026" +
			" Attention\u202f: il reste 3 jours jusqu’à la date limite, 1 jour jusqu’à la date recommandée." +
			" Démarche\u202f: prior_steps[0] — Base\u202f: article R. 421-1 du code de justice administrative",
		" Refus exprès du 28 septembre 2026",
		"ce qui porte le terme au 29 novembre 2026.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, " :") || strings.Contains(out, " ;") {
		t.Error("an ordinary space before : or ; (wrapping must keep no-break spaces)")
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  ") && utf8.RuneCountInString(l) > 78 {
			t.Errorf("line longer than 78: %q", l)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space: %q", l)
		}
	}

	for _, want := range []string{
		"Démarches effectuées\n\n1. Autre lettre à la commune (prior_steps[0])\n" +
			"   Destinataire\u202f: Maire de Lille\u202f; envoyée le 1er septembre 2026, reçue le\n   3 septembre 2026.\n" +
			"   Réponse\u202f: un refus, le 28 septembre 2026.\n\nÉchéances au ",
		"Prochaines lettres\n\ndemande-documents — ",
		"  Pour la produire\u202f:\n    saisine render --procedure demande-documents DOSSIER.json\n",
		"\ndemande-droits — ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "Démarches effectuées") > strings.Index(out, "Échéances au") ||
		strings.Index(out, "Échéances au") > strings.Index(out, "Prochaines lettres") {
		t.Errorf("sections out of order:\n%s", out)
	}

	code, out, _ = runCLI(t, caseWithSteps(t, `[]`), "deadlines", "--today", "2026-11-27", "-")
	flat = strings.ReplaceAll(out, "\n", " ")
	for _, want := range []string{"Aucune échéance", "Aucune démarche indiquée", "écrivez au maire et à son délégué à la protection des données (DPO)",
		"gardez la preuve", "saisine render --procedure demande-documents DOSSIER.json", "saisine render --procedure demande-droits DOSSIER.json"} {
		if code != exitOK || !strings.Contains(flat, want) {
			t.Errorf("no steps: exit %d, lacks %q\n%s", code, want, out)
		}
	}
	if strings.Contains(out, "demande-information-elus") {
		t.Errorf("a resident offered the councillors' letter:\n%s", out)
	}
}

func TestCaseArg(t *testing.T) {
	for in, want := range map[string]string{"-": "DOSSIER.json", "a/b-c.json": "a/b-c.json",
		"mon dossier.json": "'mon dossier.json'", "l'an.json": `'l'\''an.json'`} {
		if got := caseArg(in); got != want {
			t.Errorf("caseArg(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeadlinesInUsage(t *testing.T) {
	_, out, _ := runCLI(t, "", "help")
	if !strings.Contains(out, "saisine deadlines [--today AAAA-MM-JJ] [--format text|json|ics] DOSSIER.json") {
		t.Error("usage does not list deadlines")
	}
	if !strings.Contains(usageEN, "saisine deadlines [--today YYYY-MM-DD]") {
		t.Error("English usage does not list deadlines")
	}
}

func TestWrapKeepsGluedWords(t *testing.T) {
	got := wrap("  ", strings.Repeat("x", 60)+" article R. 421-1 le 4 décembre 2026", 70)
	for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if strings.HasSuffix(l, " R.") || strings.HasSuffix(l, " 4") {
			t.Errorf("broke after a glued word: %q", l)
		}
	}
}
