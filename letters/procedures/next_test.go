package procedures

import (
	"slices"
	"strings"
	"testing"
	"time"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/deadlines"
)

func TestNext(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	step := func(kind, sent, answer string) letters.PriorStep {
		return letters.PriorStep{Kind: kind, Recipient: "Maire de Lille", SentOn: sent, Answer: answer}
	}
	tests := []struct {
		name   string
		sender string
		steps  []letters.PriorStep
		want   []string // ids, in order
		first  string   // in the first reason, French
	}{
		{"no steps, resident", letters.SenderResident, nil,
			[]string{DemandeDocuments, DemandeDroits}, "Demandez au maire les documents"},
		{"no steps, councillors", letters.SenderCouncillors, nil,
			[]string{DemandeDocuments, DemandeInformationElus}, "Demandez au maire les documents"},
		{"CRPA silent more than a month → CADA first", letters.SenderResident,
			[]letters.PriorStep{step(letters.StepCRPARequest, "2026-10-01", letters.AnswerNone)},
			[]string{SaisineCADA, DemandeDroits}, "ce silence vaut refus depuis le"},
		{"CRPA sent less than a month ago → CADA later", letters.SenderResident,
			[]letters.PriorStep{step(letters.StepCRPARequest, "2026-11-20", letters.AnswerNone)},
			[]string{SaisineCADA, DemandeDroits}, "son silence vaudra refus"},
		{"CRPA refused", letters.SenderResident,
			[]letters.PriorStep{{Kind: letters.StepCRPARequest, SentOn: "2026-10-01", Answer: letters.AnswerRefusal, AnswerOn: "2026-10-15"}},
			[]string{SaisineCADA, DemandeDroits}, "La commune a refusé"},
		{"CRPA silent, CADA limit past → new request", letters.SenderResident,
			[]letters.PriorStep{step(letters.StepCRPARequest, "2025-01-10", letters.AnswerNone)},
			[]string{DemandeDocuments, DemandeDroits}, "Le délai pour saisir la CADA a expiré"},
		{"CRPA followed by a CADA referral", letters.SenderResident,
			[]letters.PriorStep{step(letters.StepCRPARequest, "2026-09-01", letters.AnswerNone),
				{Kind: letters.StepCADAReferral, Recipient: "CADA", SentOn: "2026-10-05", Answer: letters.AnswerNone}},
			[]string{DemandeDroits}, "Demandez au maire et à son délégué"},
		{"CRPA fully answered", letters.SenderResident,
			[]letters.PriorStep{{Kind: letters.StepCRPARequest, SentOn: "2026-10-01", Answer: letters.AnswerFull, AnswerOn: "2026-10-10"}},
			[]string{DemandeDroits}, ""},
		{"rights request unanswered → plainte-cnil", letters.SenderResident,
			[]letters.PriorStep{step(letters.StepRightsRequest, "2026-09-15", letters.AnswerNone)},
			[]string{PlainteCNIL, DemandeDocuments}, "restée sans réponse au-delà du"},
		{"rights request refused → plainte-cnil", letters.SenderResident,
			[]letters.PriorStep{{Kind: letters.StepRightsRequest, SentOn: "2026-11-01", Answer: letters.AnswerRefusal, AnswerOn: "2026-11-10"}},
			[]string{PlainteCNIL, DemandeDocuments}, "Votre demande d’accès a été refusée"},
		{"councillors' request → signalement-cnil", letters.SenderCouncillors,
			[]letters.PriorStep{step(letters.StepCouncillorRequest, "2026-09-01", letters.AnswerNone)},
			[]string{SignalementCNIL, DemandeDocuments}, "signaler le système à la CNIL"},
		{"resident never offered councillors' procedures", letters.SenderResident,
			[]letters.PriorStep{step(letters.StepCouncillorRequest, "2026-09-01", letters.AnswerNone)},
			[]string{DemandeDocuments, DemandeDroits}, ""},
		{"councillors never offered the rights letters", letters.SenderCouncillors,
			[]letters.PriorStep{step(letters.StepRightsRequest, "2026-09-15", letters.AnswerNone)},
			[]string{DemandeDocuments, DemandeInformationElus}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &letters.Case{PriorSteps: tt.steps}
			c.Sender.Kind = tt.sender
			c.Commune.Name = "Lille"
			ds, err := deadlines.Compute(c, today)
			if err != nil {
				t.Fatal(err)
			}
			got := Next(c, ds)
			var ids []string
			for _, n := range got {
				ids = append(ids, n.ID)
				fr, en := reasons(n)
				if fr == "" || en == "" || strings.Contains(fr+en, i18n.Missing) || strings.Contains(fr+en, "%!") {
					t.Errorf("%s: reasons %q / %q", n.ID, fr, en)
				}
				if p, _ := Get(n.ID); len(p.Require.SenderKinds) > 0 && !slices.Contains(p.Require.SenderKinds, tt.sender) {
					t.Errorf("%s offered to a %s", n.ID, tt.sender)
				}
			}
			if strings.Join(ids, " ") != strings.Join(tt.want, " ") {
				t.Fatalf("ids %v, want %v", ids, tt.want)
			}
			if fr, _ := reasons(got[0]); tt.first != "" && !strings.Contains(fr, tt.first) {
				t.Errorf("first reason %q lacks %q", fr, tt.first)
			}
		})
	}
}

func TestNextDates(t *testing.T) {
	c := &letters.Case{PriorSteps: []letters.PriorStep{{Kind: letters.StepCRPARequest, SentOn: "2026-10-01",
		ReceivedOn: "2026-10-02", Answer: letters.AnswerNone}}}
	c.Sender.Kind = letters.SenderResident
	ds, err := deadlines.Compute(c, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	n := Next(c, ds)[0]
	if n.ID != SaisineCADA || n.Key != "cada.silent" || len(n.Dates) != 2 {
		t.Fatalf("%+v", n)
	}
	fr, _ := reasons(n)
	if want := "depuis le " + letters.FormatDateFR(letters.DateOf(n.Dates[0])); !strings.Contains(fr, want) {
		t.Errorf("dates: %q lacks %q", fr, want)
	}
}

// reasons words a next letter's reason as the interfaces do, to check that every key and its dates
// make a complete sentence in both catalogues.
func reasons(n NextLetter) (fr, en string) {
	a := make([]any, len(n.Dates))
	for i, d := range n.Dates {
		a[i] = letters.FormatDateFR(letters.DateOf(d))
	}
	b := make([]any, len(n.Dates))
	for i, d := range n.Dates {
		b[i] = d.Format("2 January 2006")
	}
	return i18n.T(i18n.FR, "next."+n.Key, a...), i18n.T(i18n.EN, "next."+n.Key, b...)
}
