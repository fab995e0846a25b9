package handlers

import (
	"net/url"
	"strings"
	"testing"
)

// TestLogsHoldNoPersonalData: a whole journey (the Lille facts through every step, the preview, the
// text, the downloads, a passphrase-protected download and its resume, « Tout effacer », the language
// switch, an error page) leaves in the log only methods, route
// patterns, statuses and durations — none of the values typed, no token, no query string.
func TestLogsHoldNoPersonalData(t *testing.T) {
	a := newApp(t)
	v := a.lilleJourney()
	tok := tokenOf(v.URL)
	a.get("/dossier/plainte-cnil/apercu?etat=" + tok)
	a.get("/dossier/plainte-cnil/texte?etat=" + tok)
	for _, f := range []string{"pdf", "txt", "json"} {
		a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {f}})
	}
	a.get("/langue/en?retour=" + url.QueryEscape(v.URL))
	// Passphrases: a protected download (one refused), an encrypted resume with a wrong then the
	// right passphrase, and « Tout effacer ».
	a.protectedDownload(tok, "Camille-trop", "Camille-trop")
	enc := a.protectedDownload(tok, testPassphrase, testPassphrase).Body
	step := a.resumeUpload("plainte-cnil", []byte(enc))
	a.resumePassphrase(step, "plainte-cnil", "Camille Martin mauvaise phrase")
	if p := a.resumePassphrase(step, "plainte-cnil", testPassphrase); p.Status != 303 {
		t.Fatalf("encrypted resume: %d", p.Status)
	}
	a.post("/effacer", url.Values{})
	a.post("/commencer", url.Values{"kind": {"resident"}, "procedure": {"Camille Martin"}})
	a.get("/dossier/plainte-cnil/commune?etat=Camille-Martin-12-rue-Nationale")

	logs := a.logs.String()
	if !strings.Contains(logs, "route=/dossier/:procedure/:step") || !strings.Contains(logs, "status=303") {
		t.Fatalf("the log does not record requests:\n%s", logs)
	}
	var typed []string
	for _, s := range lilleAnswers {
		for _, vs := range s.values {
			typed = append(typed, vs...)
		}
	}
	typed = append(typed, testPassphrase, "cheval", "agrafe", "correcte", "Camille-trop", "mauvaise phrase")
	typed = append(typed, tok, "Camille Martin", "Camille", "Martin", "59000", "Lille", "etat=", "?", "plainte-cnil")
	// Timestamps and durations are the clock's digits, not the user's: a typed year such as « 2021 »
	// can occur inside « duration=2.021ms » by chance. The field check below keeps every other key out.
	var scrubbed []string
	for _, line := range strings.Split(logs, "\n") {
		var kept []string
		for _, f := range strings.Fields(line) {
			if k, _, _ := strings.Cut(f, "="); k != "time" && k != "duration" {
				kept = append(kept, f)
			}
		}
		scrubbed = append(scrubbed, strings.Join(kept, " "))
	}
	userPart := strings.Join(scrubbed, "\n")
	for _, v := range typed {
		if len(strings.TrimSpace(v)) < 3 {
			continue
		}
		if strings.Contains(userPart, v) {
			t.Errorf("the log holds %q", v)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		for _, f := range strings.Fields(line) {
			k, _, _ := strings.Cut(f, "=")
			switch k {
			case "time", "level", "msg", "method", "route", "status", "duration":
			default:
				t.Errorf("unexpected log field %q in %q", k, line)
			}
		}
	}
}
