package mandants_test

import (
	"strings"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/mandants"
)

// TestValidateAgreesWithRead: a mandant typed on a page gets the problems its CSV row would get.
func TestValidateAgreesWithRead(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	rows := []mandants.Mandant{
		{Civility: "Madame", FirstName: "Camille", LastName: "Martin", Street: "12 rue Nationale", PostalCode: "59000", City: "Lille", Email: "camille@example.org", SignedOn: "2026-11-20"},
		{Civility: "Mme", FirstName: "", LastName: "Martin", Street: "12 rue Nationale", PostalCode: "5900", City: "Lille", Email: "pas-un-courriel", SignedOn: "2027-01-01"},
		{FirstName: "  Jean ", LastName: "Dupont", Street: strings.Repeat("x", 39), PostalCode: "59000", City: "Lille", SignedOn: "20/11/2026"},
	}
	var csv strings.Builder
	csv.WriteString(strings.Join(mandants.Columns, ",") + "\n")
	for _, m := range rows {
		csv.WriteString(strings.Join([]string{m.Civility, m.FirstName, m.LastName, m.Street, m.Complement, m.PostalCode, m.City, m.Email, m.SignedOn}, ",") + "\n")
	}
	valid, problems, err := mandants.Read(strings.NewReader(csv.String()), today)
	if err != nil {
		t.Fatal(err)
	}
	byLine := map[int][]string{}
	for _, p := range problems {
		byLine[p.Line] = append(byLine[p.Line], p.Field+": "+p.Problem.Message(letters.FR))
	}
	for i, m := range rows {
		m.Line = i + 2
		got, ps := mandants.Validate(m, today)
		var msgs []string
		for _, p := range ps {
			msgs = append(msgs, p.Field+": "+p.Problem.Message(letters.FR))
		}
		if strings.Join(msgs, "\n") != strings.Join(byLine[m.Line], "\n") {
			t.Errorf("line %d: Validate says\n%s\nRead says\n%s", m.Line, strings.Join(msgs, "\n"), strings.Join(byLine[m.Line], "\n"))
		}
		if len(ps) == 0 {
			if len(valid) == 0 || got != valid[0] {
				t.Errorf("line %d: Validate gives %+v, Read %+v", m.Line, got, valid)
			}
		}
	}
	if len(byLine[3]) < 4 || len(byLine[4]) < 2 {
		t.Errorf("the invalid rows were not refused: %v", byLine)
	}
}

func TestValidateKeepsSignature(t *testing.T) {
	m, ps := mandants.Validate(mandants.Mandant{FirstName: "Camille", LastName: "Martin", Street: "1 rue A", PostalCode: "59000", City: "Lille", SignedOn: "2026-11-27", Signature: " Camille  Martin "}, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	if m.Signature == "" || m.FirstName != "Camille" {
		t.Errorf("got %+v", m)
	}
}
