package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"saisine/internal/pdftest"
)

// The issue's « done when », through the CLI only: a Lille resident asks the mayor for the documents
// (CRPA), the request received on 3 September 2026 stays unanswered, the resident refers to the CADA
// on the right date, then complains to the CNIL citing both steps with their exhibits, and imports the
// deadlines into a calendar. Every command gets --date or --today, so the clock never matters (the
// dates are all before 2026-11-27, so the CLI's own « not in the future » checks pass as well).
//
// Hand computation from /work/shared/legal/README.md (« Deadlines ») and the deadlines package doc:
//   - request received Thursday 3 September 2026; the day of receipt is not counted;
//   - one month of silence (CRPA R311-13): refusal on Saturday 3 October 2026 — a deadline against
//     the administration, never moved, so the CADA can be seized from Sunday 4 October;
//   - two months to refer (R343-1), from the refusal: Thursday 3 December 2026, a working day, so no
//     extension: last day and recommended day are both 2026-12-03;
//   - referral received by the CADA Wednesday 7 October 2026: opinion due 7 November (R343-3), confirmed
//     refusal 7 December (R343-5), then two months délai franc (CJA R421-1): 7 February 2027 + 1 day =
//     Monday 8 February 2027, a working day.
func TestScenarioLilleCRPAtoCNIL(t *testing.T) {
	c := scenarioCase(t)

	t.Run("a. demande-documents", func(t *testing.T) {
		if code, _, stderr := runCLI(t, marshalCase(t, c), "check", "--procedure", "demande-documents", "--today", "2026-09-01", "-"); code != exitOK {
			t.Fatalf("check --procedure demande-documents: exit %d, want 0:\n%s", code, stderr)
		}
		text := renderPDFText(t, c, "demande-documents", "2026-09-01")
		for _, want := range []string{
			"Mairie de Lille",
			"Lille, le 1er septembre 2026",
			"Objet : Demande de communication de documents administratifs",
			// The six documents of documents_requested, in the order of the enumeration.
			"les pièces du marché ou de la commande par lesquels la commune a acquis le logiciel BriefCam",
			"l’analyse d’impact relative à la protection des données (AIPD) établie pour le système de vidéoprotection",
			"le ou les arrêtés préfectoraux autorisant le système de vidéoprotection de la commune",
			"les délibérations du conseil municipal et les arrêtés ou décisions du maire",
			"la fiche du registre des activités de traitement de la commune",
			"les journaux d’utilisation du logiciel BriefCam",
			// The month of silence that will make the refusal (printed « R.\u00a0311-13 »).
			"R. 311-13",
			"Camille Martin",
		} {
			if !strings.Contains(text, fold(want)) {
				t.Errorf("the document request (PDF text) lacks %q", want)
			}
		}
	})

	// The request went out on 1 September and was received on the 3rd; the commune does not answer.
	c["prior_steps"] = []any{map[string]any{
		"kind": "crpa_request", "recipient": "Maire de Lille",
		"sent_on": "2026-09-01", "received_on": "2026-09-03", "answer": "none",
	}}

	t.Run("b. deadlines and CADA referral", func(t *testing.T) {
		ds := deadlinesJSON(t, c, "2026-09-20")
		if len(ds) != 2 {
			t.Fatalf("deadlines --today 2026-09-20: %d deadlines, want 2 (crpa_implicit_refusal, cada_referral_limit): %+v", len(ds), ds)
		}
		want := []scenarioDeadline{
			{ID: "crpa_implicit_refusal", Step: 0, Date: "2026-10-03", Recommended: "2026-10-03", Party: "administration", Status: "upcoming", DaysLeft: 13},
			{ID: "cada_referral_limit", Step: 0, Date: "2026-12-03", Recommended: "2026-12-03", Party: "user", Status: "upcoming", DaysLeft: 74},
		}
		for i, w := range want {
			g := ds[i]
			if g.ID != w.ID || g.Step != w.Step || g.Date != w.Date || g.Recommended != w.Recommended || g.Party != w.Party || g.Status != w.Status || g.DaysLeft != w.DaysLeft {
				t.Errorf("deadline %d:\n got %+v\nwant %+v", i, g.scenarioDeadline, w)
			}
		}
		// The computation is shown: the Saturday refusal is not moved, the CADA limit needs no extension.
		for i, want := range []string{
			"Demande reçue le 3 septembre 2026 ; le jour de réception ne compte pas ; un mois plus tard : 3 octobre 2026",
			"Le jeudi 3 décembre 2026 est un jour ouvrable : pas de report.",
		} {
			if !strings.Contains(fold(ds[i].Explanation), fold(want)) {
				t.Errorf("%s: explanation lacks %q:\n%s", ds[i].ID, want, ds[i].Explanation)
			}
		}
		if !strings.Contains(fold(ds[0].Explanation), "saisir la CADA à partir du 4 octobre 2026") {
			t.Errorf("crpa_implicit_refusal: explanation does not give the first day of the referral (4 octobre 2026):\n%s", ds[0].Explanation)
		}

		// 20 September: too early, the silence is not yet a refusal.
		code, _, stderr := runCLI(t, marshalCase(t, c), "check", "--procedure", "saisine-cada", "--today", "2026-09-20", "-")
		if code != exitInvalid {
			t.Errorf("check --procedure saisine-cada --today 2026-09-20: exit %d, want %d (too early):\n%s", code, exitInvalid, stderr)
		}
		for _, want := range []string{"prior_steps[0].received_on: ", "la CADA pourra être saisie à partir du 4 octobre 2026"} {
			if !strings.Contains(fold(stderr), fold(want)) {
				t.Errorf("check --today 2026-09-20: stderr lacks %q:\n%s", want, stderr)
			}
		}
		t.Run("render too early", func(t *testing.T) {
			code, stdout, stderr := runCLI(t, marshalCase(t, c), "render", "--procedure", "saisine-cada", "--date", "2026-09-20", "--format", "pdf", "-")
			if code == exitOK {
				t.Fatalf("render --procedure saisine-cada --date 2026-09-20: accepted a referral made before the refusal")
			}
			if stdout != "" {
				t.Errorf("render too early wrote %d bytes on stdout", len(stdout))
			}
			if !strings.Contains(stderr, "4 octobre 2026") && !strings.Contains(stderr, "2026-10-04") {
				t.Errorf("render too early: stderr does not say from which date the referral is possible (4 October 2026):\n%s", stderr)
			}
			if code != exitInvalid || !strings.Contains(stderr, "4 octobre 2026") {
				t.Errorf("render --date 2026-09-20: exit %d, want %d with a French message naming 4 octobre 2026; stderr:\n%s", code, exitInvalid, stderr)
			}
		})

		// 5 October: the refusal arose on the 3rd, the referral is in time.
		if code, _, stderr := runCLI(t, marshalCase(t, c), "check", "--procedure", "saisine-cada", "--today", "2026-10-05", "-"); code != exitOK {
			t.Errorf("check --procedure saisine-cada --today 2026-10-05: exit %d, want 0:\n%s", code, stderr)
		}
		text := renderPDFText(t, c, "saisine-cada", "2026-10-05")
		for _, want := range []string{
			"Commission d’accès aux documents administratifs (CADA) 20 avenue de Ségur TSA 50730 75334 PARIS CEDEX 07",
			"Lille, le 5 octobre 2026",
			"Par une demande envoyée le 1er septembre 2026 et reçue le 3 septembre 2026 (destinataire : Maire de Lille ; pièce n° 2)",
			"Cette demande est restée sans réponse.",
			"R. 311-13",
			"La présente saisine intervient dans le délai de deux mois prévu par l’article R. 343-1",
			"la copie de ma demande restée sans réponse (pièce n° 2)",
			// The bordereau (a table in the PDF: number, title, date) lists the copy the letter adds.
			"2 Copie de la demande de communication de documents administratifs envoyée le 1er septembre 2026 et reçue le 3 septembre 2026 1er septembre 2026",
		} {
			if !strings.Contains(text, fold(want)) {
				t.Errorf("the CADA referral (PDF text) lacks %q", want)
			}
		}
	})

	// The referral went out on 5 October, received on the 7th; the copies of both letters are exhibits.
	c["prior_steps"] = append(c["prior_steps"].([]any), map[string]any{
		"kind": "cada_referral", "recipient": "Commission d’accès aux documents administratifs",
		"sent_on": "2026-10-05", "received_on": "2026-10-07", "answer": "none",
	})
	// An exhibit is linked to a step by its date (the sending day); its title must not read as an
	// answer (« … de la CADA », « réponse », « refus »…), see stepExhibits in letters/procedures.
	c["exhibits"] = append(c["exhibits"].([]any),
		map[string]any{"title": "Copie de la demande de communication de documents administratifs adressée au maire de Lille", "date": "2026-09-01", "source": "Lettre recommandée avec demande d’avis de réception"},
		map[string]any{"title": "Copie de la saisine adressée à la Commission d’accès aux documents administratifs", "date": "2026-10-05", "source": "Lettre recommandée avec demande d’avis de réception"},
	)

	t.Run("c. plainte-cnil cites both steps", func(t *testing.T) {
		code, _, stderr := runCLI(t, marshalCase(t, c), "check", "--procedure", "plainte-cnil", "--today", "2026-11-27", "-")
		if code != exitOK {
			t.Fatalf("check --procedure plainte-cnil: exit %d, want 0:\n%s", code, stderr)
		}
		if strings.Contains(stderr, "prior_steps") {
			t.Errorf("check warns about the prior steps although the case records two:\n%s", stderr)
		}
		text := renderPDFText(t, c, "plainte-cnil", "2026-11-27")
		start := strings.Index(text, "Les démarches préalables")
		end := strings.Index(text, "Les demandes")
		if start < 0 || end < start {
			t.Fatalf("the CNIL complaint has no « Les démarches préalables » section before « Les demandes »:\n%s", text)
		}
		steps := text[start:end]
		for _, want := range []string{
			"Demande de communication de documents administratifs envoyée le 1er septembre 2026 et reçue le 3 septembre 2026 (destinataire : Maire de Lille ; pièce n° 2) : restée sans réponse à ce jour",
			"Saisine de la Commission d’accès aux documents administratifs envoyée le 5 octobre 2026 et reçue le 7 octobre 2026 (destinataire : Commission d’accès aux documents administratifs ; pièce n° 3) : restée sans réponse à ce jour",
			"R. 311-13",
		} {
			if !strings.Contains(steps, fold(want)) {
				t.Errorf("« Les démarches préalables » lacks %q:\n%s", want, steps)
			}
		}
		bordereau := text[strings.LastIndex(text, "Bordereau des pièces"):]
		// In the PDF the bordereau is a table: number, title, date, origin.
		for _, want := range []string{
			"2 Copie de la demande de communication de documents administratifs adressée au maire de Lille 1er septembre 2026",
			"3 Copie de la saisine adressée à la Commission d’accès aux documents administratifs 5 octobre 2026",
		} {
			if !strings.Contains(bordereau, fold(want)) {
				t.Errorf("the bordereau lacks %q:\n%s", want, bordereau)
			}
		}
	})

	t.Run("d. deadlines as a calendar", func(t *testing.T) {
		in := marshalCase(t, c)
		code, ics, stderr := runCLI(t, in, "deadlines", "--today", "2026-11-27", "--format", "ics", "-")
		if code != exitOK {
			t.Fatalf("deadlines --format ics: exit %d:\n%s", code, stderr)
		}
		if _, again, _ := runCLI(t, in, "deadlines", "--today", "2026-11-27", "--format", "ics", "-"); again != ics {
			t.Errorf("two runs of deadlines --format ics on the same case and day differ")
		}
		if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(ics, "END:VCALENDAR\r\n") {
			t.Errorf("not a VCALENDAR from BEGIN to END with CRLF:\n%.200q … %q", ics, ics[max(0, len(ics)-40):])
		}
		lines := strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
		for i, l := range lines {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
			}
			if len(l) > 75 {
				t.Errorf("line %d is %d octets long, more than 75 (RFC 5545 §3.1): %q", i+1, len(l), l)
			}
		}
		for _, want := range []string{"VERSION:2.0", "PRODID:"} {
			if !strings.Contains(ics, "\r\n"+want) {
				t.Errorf("calendar lacks %s", want)
			}
		}

		// One event per deadline of the JSON output, each with its UID and date.
		ds := deadlinesJSON(t, c, "2026-11-27")
		uids := uidsOf(ics)
		if n := strings.Count(ics, "\r\nBEGIN:VEVENT\r\n"); n != len(ds) || strings.Count(ics, "\r\nEND:VEVENT\r\n") != len(ds) || len(uids) != len(ds) {
			t.Fatalf("%d VEVENT, %d UID for %d deadlines", n, len(uids), len(ds))
		}
		seen := map[string]bool{}
		for i, d := range ds {
			uid := d.ID + "-" + strconv.Itoa(d.Step) + "-" + strings.ReplaceAll(d.Date, "-", "") + "@saisine"
			if uids[i] != uid {
				t.Errorf("event %d: UID %q, want %q", i, uids[i], uid)
			}
			if seen[uids[i]] {
				t.Errorf("UID %q appears twice", uids[i])
			}
			seen[uids[i]] = true
			if !strings.Contains(ics, "UID:"+uid+"\r\nDTSTAMP:20261127T000000Z\r\nDTSTART;VALUE=DATE:"+strings.ReplaceAll(d.Date, "-", "")+"\r\n") {
				t.Errorf("event %s: no DTSTART on %s", uid, d.Date)
			}
		}
		// The referral's own deadlines, computed by hand above.
		for _, w := range []scenarioDeadline{
			{ID: "cada_opinion_due", Step: 1, Date: "2026-11-07", Recommended: "2026-11-07", Party: "administration"},
			{ID: "cada_confirmed_refusal", Step: 1, Date: "2026-12-07", Recommended: "2026-12-07", Party: "administration"},
			{ID: "court_limit", Step: 1, Date: "2027-02-08", Recommended: "2027-02-07", Party: "user"},
		} {
			found := false
			for _, d := range ds {
				if d.ID == w.ID && d.Step == w.Step {
					found = true
					if d.Date != w.Date || d.Recommended != w.Recommended || d.Party != w.Party {
						t.Errorf("%s: date %s, recommended %s, party %s; want %s, %s, %s", w.ID, d.Date, d.Recommended, d.Party, w.Date, w.Recommended, w.Party)
					}
				}
			}
			if !found {
				t.Errorf("no %s deadline for the CADA referral (prior_steps[1])", w.ID)
			}
		}

		// UIDs do not depend on the day of the export: importing again updates the same events.
		_, later, _ := runCLI(t, in, "deadlines", "--today", "2026-12-01", "--format", "ics", "-")
		if got := uidsOf(later); strings.Join(got, " ") != strings.Join(uids, " ") {
			t.Errorf("UIDs change with --today:\n%v\n%v", uids, got)
		}
	})
}

// scenarioDeadline is the part of a deadline the scenario checks.
type scenarioDeadline struct {
	ID          string `json:"id"`
	Step        int    `json:"step"`
	Date        string `json:"date"`
	Recommended string `json:"recommended"`
	Party       string `json:"party"`
	Status      string `json:"status"`
	DaysLeft    int    `json:"days_left"`
}

type scenarioDeadlineJSON struct {
	scenarioDeadline
	Explanation string `json:"explanation"`
}

// scenarioCase is testdata/scenario/lille.json: the Lille resident, documents_requested set, no prior
// step, and no letter.date (each command passes its own date).
func scenarioCase(t *testing.T) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(readFile(t, "testdata/scenario/lille.json")), &c); err != nil {
		t.Fatal(err)
	}
	if docs, _ := c["documents_requested"].([]any); len(docs) != 6 {
		t.Fatalf("testdata/scenario/lille.json: %d documents_requested, the scenario expects 6", len(docs))
	}
	return c
}

func marshalCase(t *testing.T, c map[string]any) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// renderPDFText renders the case (on stdin) as a PDF dated date and returns its text, white space folded.
func renderPDFText(t *testing.T, c map[string]any, procedure, date string) string {
	t.Helper()
	code, pdf, stderr := runCLI(t, marshalCase(t, c), "render", "--procedure", procedure, "--date", date, "--format", "pdf", "-")
	if code != exitOK {
		t.Fatalf("render --procedure %s --date %s: exit %d:\n%s", procedure, date, code, stderr)
	}
	if !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("render --procedure %s: not a PDF", procedure)
	}
	return fold(pdftest.Text(t, []byte(pdf)))
}

// deadlinesJSON runs « saisine deadlines --format json » on the case.
func deadlinesJSON(t *testing.T, c map[string]any, today string) []scenarioDeadlineJSON {
	t.Helper()
	code, out, stderr := runCLI(t, marshalCase(t, c), "deadlines", "--today", today, "--format", "json", "-")
	if code != exitOK {
		t.Fatalf("deadlines --today %s --format json: exit %d:\n%s", today, code, stderr)
	}
	var doc struct {
		Deadlines []scenarioDeadlineJSON `json:"deadlines"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("deadlines --format json: %v\n%s", err, out)
	}
	return doc.Deadlines
}

var uidLine = regexp.MustCompile(`(?m)^UID:(.*)\r$`)

// uidsOf lists the UIDs of a calendar's events, in order (UIDs are short enough never to be folded).
func uidsOf(ics string) []string {
	var out []string
	for _, m := range uidLine.FindAllStringSubmatch(ics, -1) {
		out = append(out, m[1])
	}
	return out
}
