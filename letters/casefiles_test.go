package letters

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/invalid/*.want from the current messages (review the diff!)")

// today is the reference date of every test: the day lille.json is dated.
var today = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// procedureOptions gives the invalid case files that break a procedure's needs rather than the format.
var procedureOptions = map[string]*Requirements{
	"procedure-where-filmed": {Procedure: "plainte-cnil", SenderKinds: []string{SenderResident}, Fields: []string{"facts.where_filmed"}},
	"procedure-sender-kind":  {Procedure: "plainte-cnil", SenderKinds: []string{SenderResident}},
	"procedure-email":        {Procedure: "demande-droits", SenderKinds: []string{SenderResident}, Fields: []string{"sender.email"}},
	"procedure-dpo-email":    {Procedure: "demande-droits", SenderKinds: []string{SenderResident}, Fields: []string{"commune.dpo_email"}},
}

// problemsOf decodes and, when decoding succeeds, checks a case file the way the CLI does.
func problemsOf(t testing.TB, data []byte, req *Requirements) []Problem {
	t.Helper()
	c, ps := Decode(bytes.NewReader(data))
	if len(ps) > 0 {
		if c != nil {
			t.Errorf("Decode returned a case along with problems")
		}
		return ps
	}
	return Check(c, CheckOptions{Today: today, Require: req})
}

// render writes problems one per line, « path<TAB>message », as the .want files hold them.
func render(ps []Problem, lang Lang) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Path + "\t" + p.Message(lang) + "\n")
	}
	return b.String()
}

// Each file under testdata/invalid is lille.json (or a valid councillors' or association's variant)
// with one defect; NAME.want holds the exact path and French message the user must get.
func TestInvalidCaseFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 45 {
		t.Fatalf("only %d invalid case files, want at least 45", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := render(problemsOf(t, data, procedureOptions[name]), FR)
			wantFile := strings.TrimSuffix(file, ".json") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update and review the result)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ\n got: %q\nwant: %q", got, want)
			}
			if strings.Count(got, "\n") != 1 {
				t.Errorf("one defect should give exactly one problem, got:\n%s", got)
			}
		})
	}
}

func TestValidCaseFiles(t *testing.T) {
	files := []string{"testdata/lille.json", "../../shared/cases/lille.json"}
	more, _ := filepath.Glob("testdata/valid/*.json")
	files = append(files, more...)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if os.IsNotExist(err) && strings.HasPrefix(file, "../../shared") {
				t.Skip("shared/ is not beside the repository; testdata/lille.json covers the case")
			}
			if err != nil {
				t.Fatal(err)
			}
			if ps := problemsOf(t, data, nil); len(ps) > 0 {
				t.Errorf("valid case refused:\n%s", render(ps, FR))
			}
		})
	}
}

// lille.json is a resident's case fit for the resident's complaint.
func TestLilleFitsPlainteCNIL(t *testing.T) {
	data, err := os.ReadFile("testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	req := &Requirements{Procedure: "plainte-cnil", SenderKinds: []string{SenderResident},
		Fields: []string{"facts.where_filmed", "facts.software", "commune.address.street", "sender.email", "requests", "documents_requested"}}
	if ps := problemsOf(t, data, req); len(ps) > 0 {
		t.Errorf("lille.json refused for plainte-cnil:\n%s", render(ps, FR))
	}
}

func TestEnglishMessages(t *testing.T) {
	tests := []struct{ file, want string }{
		{"postal-code-96", "sender.address.postal_code\tThe postcode must have 5 digits and start with an existing département number, e.g. 59000.\n"},
		{"feb-30", "facts.sources[0].date\tThe date of source no. 1, “2025-02-30”, is not a calendar date: February 2025 has only 28 days. Check the day and the month.\n"},
		{"unknown-field-typo", "exhibits[0].sha265\tThere is no field “sha265” in the case-file format (version 1): delete it or correct its name. Did you mean “sha256”?\n"},
		{"emoji", "facts.where_filmed\tThe character “😀” (U+1F600) in the description of where you are filmed cannot be printed: the letter’s font does not have it. Remove it or replace it with words.\n"},
		{"procedure-sender-kind", "sender.kind\tThe procedure “plainte-cnil” is only for senders of kind “resident”; this sender is of kind “group of councillors”. Choose a suitable procedure or change the sender kind.\n"},
		{"syntax-missing-comma", "\tThe file is not valid JSON: unexpected character “\"” at line 5, column 5. Check the commas, quotes and braces around that place.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/invalid/" + tt.file + ".json")
			if err != nil {
				t.Fatal(err)
			}
			if got := render(problemsOf(t, data, procedureOptions[tt.file]), EN); got != tt.want {
				t.Errorf("\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
}

// A file far over the size cap is refused without being read whole.
func TestDecodeTooLarge(t *testing.T) {
	r := &endless{}
	c, ps := Decode(r)
	if c != nil || len(ps) != 1 || ps[0].Code != CodeTooLarge || ps[0].Path != "" {
		t.Fatalf("got %v, %+v", c, ps)
	}
	if r.n > MaxCaseFileSize+4096 {
		t.Errorf("read %d bytes of an endless input", r.n)
	}
	want := "Le fichier dépasse 1\u202fMio, la taille maximale d’un dossier\u202f: un dossier ne contient que du texte et pèse quelques kilo-octets. Vérifiez que vous envoyez bien le dossier JSON, et non une pièce jointe."
	if got := ps[0].Message(FR); got != want {
		t.Errorf("got %q", got)
	}
}

type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += len(p)
	return len(p), nil
}

// Several defects come back in the order of the format, not the order the rules run in, and one
// field gets one message.
func TestProblemOrder(t *testing.T) {
	c := decodeFile(t, "testdata/lille.json")
	c.Letter.Place = ""
	c.Exhibits[0].SHA256 = "nope"
	c.Facts.Sources[1].URL = "ftp://x"
	c.Commune.Address.Street = ""
	c.Sender.Address.City = "" // required for a resident
	c.Sender.Kind = SenderResident
	c.Signatories = []Signatory{{FirstName: "A"}}
	req := &Requirements{Procedure: "plainte-cnil", Fields: []string{"commune.address.street", "facts.where_filmed"}}
	var paths []string
	for _, p := range Check(c, CheckOptions{Today: today, Require: req}) {
		paths = append(paths, p.Path+" "+p.Code)
	}
	want := []string{
		"sender.address.city required_for_kind",
		"signatories[0].last_name required",
		"commune.address.street required",
		"facts.sources[1].url url_scheme",
		"exhibits[0].sha256 sha256",
		"letter.place required",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
}

func decodeFile(t testing.TB, file string) *Case {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c, ps := Decode(bytes.NewReader(data))
	if len(ps) > 0 {
		t.Fatalf("%s: %s", file, render(ps, FR))
	}
	return c
}
