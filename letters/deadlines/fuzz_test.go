package deadlines_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"saisine/letters"
	"saisine/letters/deadlines"
)

var (
	stepKinds = []string{letters.StepCRPARequest, letters.StepRightsRequest, letters.StepCouncillorRequest,
		letters.StepCNILComplaint, letters.StepCADAReferral, letters.StepLetter, "", "unknown"}
	answers = []string{"", letters.AnswerNone, letters.AnswerRefusal, letters.AnswerPartial, letters.AnswerFull, "maybe"}
	// chains lists, per kind of step, deadlines one step gives in the order the law chains them: each
	// runs from the one before, so their dates must increase.
	chains = [][]string{
		{deadlines.CRPAImplicitRefusal, deadlines.CADAReferralLimit},
		{deadlines.CADAOpinionDue, deadlines.CADAConfirmedRefusal, deadlines.CourtLimit},
		{deadlines.RightsAnswerDue, deadlines.RightsAnswerExtendedLimit},
		{deadlines.CessationImplicitRejection, deadlines.CourtLimit},
	}
	fuzzBase = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// fuzzStep makes a prior step from numbers, so that most inputs give real calendar days (a fuzzer
// rarely types a valid date), plus a raw string for the received date when it is not empty.
func fuzzStep(kind, answer uint8, sent uint32, recv, ans int16, raw string) letters.PriorStep {
	day := func(d time.Time) string { return d.Format("2006-01-02") }
	sentOn := fuzzBase.AddDate(0, 0, int(sent%(120*366)))
	s := letters.PriorStep{Kind: stepKinds[int(kind)%len(stepKinds)], Answer: answers[int(answer)%len(answers)],
		SentOn: day(sentOn), Recipient: strings.ToValidUTF8(raw, "?")}
	if recv >= 0 {
		s.ReceivedOn = day(sentOn.AddDate(0, 0, int(recv%90)))
	}
	if ans >= 0 {
		s.AnswerOn = day(sentOn.AddDate(0, 0, int(ans%800)-100))
	}
	if raw != "" && raw[0]&1 == 1 {
		s.ReceivedOn = raw
	}
	return s
}

// FuzzCompute: any prior steps, dates and commune give deadlines or an error naming a step, never a
// panic; the deadlines keep the properties the package documents.
func FuzzCompute(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint32(9000), int16(2), int16(-1), uint8(4), uint8(0), uint32(9100), int16(-1), int16(-1), "59000", "59350", "", uint32(9200))
	f.Add(uint8(4), uint8(2), uint32(9400), int16(1), int16(130), uint8(5), uint8(1), uint32(9400), int16(3), int16(-1), "57000", "57463", "Mairie", uint32(9300))
	f.Add(uint8(2), uint8(3), uint32(10000), int16(-1), int16(-1), uint8(3), uint8(0), uint32(10300), int16(5), int16(-1), "67000", "", "CNIL, 3 place de Fontenoy", uint32(10500))
	f.Add(uint8(5), uint8(2), uint32(3650), int16(0), int16(0), uint8(1), uint8(4), uint32(3660), int16(1), int16(10), "2A004", "20000", "9999-12-31", uint32(0))
	f.Add(uint8(0), uint8(0), uint32(0), int16(0), int16(-1), uint8(0), uint8(0), uint32(0), int16(0), int16(-1), "97411", "974", "1", uint32(43000))
	f.Fuzz(func(t *testing.T, kindA, answerA uint8, sentA uint32, recvA, ansA int16,
		kindB, answerB uint8, sentB uint32, recvB, ansB int16, postal, insee, raw string, today uint32) {
		c := &letters.Case{Commune: letters.Commune{Name: "X", PostalCode: postal, InseeCode: insee},
			PriorSteps: []letters.PriorStep{
				fuzzStep(kindA, answerA, sentA, recvA, ansA, raw),
				fuzzStep(kindB, answerB, sentB, recvB, ansB, ""),
			}}
		ref := fuzzBase.AddDate(0, 0, int(today%(130*366)))
		ds, err := deadlines.Compute(c, ref)
		rawOK := true
		if r := c.PriorSteps[0].ReceivedOn; r != "" {
			d, perr := letters.ParseDate(r)
			rawOK = perr == nil && d.Precision == letters.PrecisionDay
		}
		if err != nil {
			if rawOK || !strings.Contains(err.Error(), "prior_steps[0].received_on") {
				t.Fatalf("Compute(%+v): %v", c.PriorSteps, err)
			}
			return
		}
		if !rawOK {
			t.Fatalf("Compute accepted received_on %q", c.PriorSteps[0].ReceivedOn)
		}
		checkDeadlines(t, c, ds, ref)

		// Later events give deadlines no earlier: every date moved one day on.
		if strings.HasPrefix(c.PriorSteps[0].ReceivedOn, "9999-12-31") {
			return // the day after is not a date of the case file
		}
		later := &letters.Case{Commune: c.Commune, PriorSteps: shift(t, c.PriorSteps)}
		ds2, err := deadlines.Compute(later, ref)
		if err != nil {
			t.Fatalf("shifted steps: %v", err)
		}
		before := map[string]deadlines.Deadline{}
		for _, d := range ds {
			before[fmt.Sprint(d.ID, d.Step)] = d
		}
		if len(ds2) != len(ds) {
			t.Fatalf("shifting the dates changed the deadlines: %d → %d", len(ds), len(ds2))
		}
		for _, d2 := range ds2 {
			d, ok := before[fmt.Sprint(d2.ID, d2.Step)]
			if !ok || d2.Date.Before(d.Date) || d2.Recommended.Before(d.Recommended) {
				t.Fatalf("one day later, %s of step %d moved from %v/%v to %v/%v", d2.ID, d2.Step,
					d.Date, d.Recommended, d2.Date, d2.Recommended)
			}
		}
	})
}

// shift moves every date of the steps one day later.
func shift(t *testing.T, steps []letters.PriorStep) []letters.PriorStep {
	out := make([]letters.PriorStep, len(steps))
	for i, s := range steps {
		for _, p := range []*string{&s.SentOn, &s.ReceivedOn, &s.AnswerOn} {
			if *p == "" {
				continue
			}
			d, err := time.Parse("2006-01-02", *p)
			if err != nil {
				t.Fatalf("shift %q: %v", *p, err)
			}
			*p = d.AddDate(0, 0, 1).Format("2006-01-02")
		}
		out[i] = s
	}
	return out
}

func checkDeadlines(t *testing.T, c *letters.Case, ds []deadlines.Deadline, ref time.Time) {
	t.Helper()
	byStep := map[int]map[string]deadlines.Deadline{}
	for i, d := range ds {
		if i > 0 {
			p := ds[i-1]
			if d.Date.Before(p.Date) || (d.Date.Equal(p.Date) && d.Recommended.Before(p.Recommended)) {
				t.Fatalf("not in date order: %s %v then %s %v", p.ID, p.Date, d.ID, d.Date)
			}
		}
		if d.Step < 0 || d.Step >= len(c.PriorSteps) {
			t.Fatalf("%s: step %d", d.ID, d.Step)
		}
		for _, tm := range []time.Time{d.Date, d.Recommended} {
			if tm.Location() != time.UTC || tm.Hour() != 0 || tm.Minute() != 0 || tm.Second() != 0 || tm.Nanosecond() != 0 {
				t.Fatalf("%s: %v is not a day at midnight UTC", d.ID, tm)
			}
		}
		switch d.Party {
		case deadlines.PartyAdministration:
			if !d.Recommended.Equal(d.Date) || d.Urgent {
				t.Fatalf("administration's %s: recommended %v, date %v, urgent %v", d.ID, d.Recommended, d.Date, d.Urgent)
			}
		case deadlines.PartyUser:
			if d.Recommended.After(d.Date) {
				t.Fatalf("%s: recommended %v after the last day %v", d.ID, d.Recommended, d.Date)
			}
		default:
			t.Fatalf("%s: party %q", d.ID, d.Party)
		}
		// A delay runs from the step's start (the receipt, else the sending): it ends after it, unless an
		// answer dated before the request moves the start of a later delay back.
		s := c.PriorSteps[d.Step]
		start := s.ReceivedOn
		if start == "" {
			start = s.SentOn
		}
		st, _ := time.Parse("2006-01-02", start)
		if (s.AnswerOn == "" || s.AnswerOn >= start) && !d.Date.After(st) {
			t.Fatalf("%s of step %+v ends %v, not after its start", d.ID, s, d.Date)
		}
		want := deadlines.StatusUpcoming
		switch {
		case d.DaysLeft < 0:
			want = deadlines.StatusPast
		case d.DaysLeft == 0:
			want = deadlines.StatusToday
		}
		if d.Status != want || d.DaysLeft != int(d.Date.Sub(ref.Truncate(24*time.Hour)).Hours()/24) {
			t.Fatalf("%s: %v on %v: status %s, %d days left", d.ID, d.Date, ref, d.Status, d.DaysLeft)
		}
		for _, text := range []string{d.Explanation, d.Title, d.Basis, d.StatusFR()} {
			if strings.TrimSpace(text) == "" || !utf8.ValidString(text) {
				t.Fatalf("%s: text %q", d.ID, text)
			}
		}
		if d.Date.Year() <= 9999 {
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			var back deadlines.Deadline
			if err := json.Unmarshal(b, &back); err != nil || !back.Date.Equal(d.Date) || !back.Recommended.Equal(d.Recommended) {
				t.Fatalf("JSON round trip of %s: %s, %v", d.ID, b, err)
			}
		}
		if byStep[d.Step] == nil {
			byStep[d.Step] = map[string]deadlines.Deadline{}
		}
		byStep[d.Step][d.ID] = d
	}
	for step, got := range byStep {
		for _, chain := range chains {
			var prev *deadlines.Deadline
			for _, id := range chain {
				d, ok := got[id]
				if !ok {
					continue
				}
				if prev != nil && !d.Date.After(prev.Date) {
					t.Fatalf("step %d: %s on %v is not after %s on %v", step, id, d.Date, prev.ID, prev.Date)
				}
				prev = &d
			}
		}
	}

	var buf bytes.Buffer
	if err := deadlines.ICS(&buf, ds, ref); err != nil {
		t.Fatal(err)
	}
	ics := buf.String()
	if !strings.HasSuffix(ics, "\r\n") || strings.Count(ics, "BEGIN:VEVENT\r\n") != len(ds) {
		t.Fatalf("calendar of %d deadlines:\n%s", len(ds), ics)
	}
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(line) > 75 || !utf8.ValidString(line) || strings.ContainsAny(line, "\r\n") {
			t.Fatalf("calendar line %q", line)
		}
	}
}
