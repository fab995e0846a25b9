package mandants_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"saisine/letters"
	"saisine/letters/mandants"
)

var fuzzToday = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// FuzzRead: a mandants list comes from any spreadsheet, or from someone who wants the server to fail.
// Whatever the bytes, Read must not panic; every refusal must be explained in French and in English;
// and a row Read accepts must be accepted again, unchanged, once written back as CSV (the list is
// exported and re-imported between the campaign pages and the CLI).
func FuzzRead(f *testing.F) {
	if sample, err := os.ReadFile("testdata/mandants-sample.csv"); err == nil {
		f.Add(sample)
	} else {
		f.Fatal(err)
	}
	head := strings.Join(mandants.Columns, ",") + "\n"
	for _, s := range []string{
		"",
		head,
		"\xef\xbb\xbf" + head + "Madame,Inès,Lefèvre,3 rue de la Clef,,59800,Lille,,2026-10-02\n",
		strings.ReplaceAll(head, ",", ";") + "Monsieur;Jean;Dupont;1 rue A;;59000;Lille;j@example.org;2026-01-01\r\n",
		head + `Madame,"=HYPERLINK(""http://x"")",+33,-1,@SUM(A1),59000,Lille,,2026-10-02` + "\n",
		head + "Madame,Zoé,\"N'Diaye\nsuite\",1 rue,,59000,Lille,,2026-10-02\n",
		head + "Madame,Zoé\xe9,Martin,1 rue,,59000,Lille,,2026-10-02\n",
		head + "Madame,Zoé,Martin,1 rue,,59000,Lille,,2026-02-30\n",
		head + "Madame,\"unterminated\n",
		head + "a,b,c\n",
		"email,signed_on,city,postal_code,complement,street,last_name,first_name,civility\n,2026-10-02,Lille,59000,,1 rue,Martin,Léa,\n",
		"civility,civility,name\n",
		head + "Madame,Léa😀,Martin\u202e,1 rue,,59000,Lille,,2026-10-02\n",
		head + ";;;;;;;;\n,,,,,,,,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, ps, err := mandants.Read(bytes.NewReader(data), fuzzToday)
		if err != nil {
			var fe *mandants.Error
			if !errors.As(err, &fe) {
				t.Fatalf("Read: %T %v, want a *mandants.Error", err, err)
			}
			checkMessage(t, "file error "+fe.Code, fe.Message(letters.FR), fe.Message(letters.EN))
		}
		last := 0
		for _, p := range ps {
			if p.Line < 2 || p.Line < last {
				t.Fatalf("problem on line %d after line %d: %+v", p.Line, last, p)
			}
			last = p.Line
			if !slices.Contains(mandants.Columns, p.Field) || p.Problem.Code == "" {
				t.Fatalf("problem without a column or a code: %+v", p)
			}
			checkMessage(t, p.Field+" "+p.Problem.Code, p.Problem.Message(letters.FR), p.Problem.Message(letters.EN))
		}
		for _, m := range ms {
			if m.Line < 2 {
				t.Fatalf("mandant on line %d", m.Line)
			}
			again := reread(t, m)
			m.Line = again.Line
			if again != m {
				t.Fatalf("row changed when written back:\n%+v\n%+v", m, again)
			}
		}
	})
}

func checkMessage(t *testing.T, what, fr, en string) {
	t.Helper()
	for _, msg := range []string{fr, en} {
		if strings.TrimSpace(msg) == "" || !utf8.ValidString(msg) || strings.Contains(msg, "%!") {
			t.Fatalf("%s: message %q", what, msg)
		}
	}
}

// reread writes one accepted mandant as the only row of a CSV file and reads it back: it must be the
// only mandant, without problems.
func reread(t *testing.T, m mandants.Mandant) mandants.Mandant {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	cells := map[string]string{"civility": m.Civility, "first_name": m.FirstName, "last_name": m.LastName,
		"street": m.Street, "complement": m.Complement, "postal_code": m.PostalCode, "city": m.City,
		"email": m.Email, "signed_on": m.SignedOn}
	row := make([]string, len(mandants.Columns))
	for i, c := range mandants.Columns {
		row[i] = cells[c]
	}
	if err := w.WriteAll([][]string{mandants.Columns, row}); err != nil {
		t.Fatal(err)
	}
	ms, ps, err := mandants.Read(bytes.NewReader(buf.Bytes()), fuzzToday)
	if err != nil || len(ps) > 0 || len(ms) != 1 {
		t.Fatalf("accepted row %+v refused once written back as %q: %v %+v", m, buf.String(), err, ps)
	}
	return ms[0]
}
