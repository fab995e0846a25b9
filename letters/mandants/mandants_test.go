package mandants

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"saisine/letters"
)

var today = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

const head = "civility,first_name,last_name,street,complement,postal_code,city,email,signed_on\n"

// fr writes French typography's narrow no-break spaces into a test string: « x » and " :".
func fr(s string) string {
	return strings.NewReplacer("« ", "«\u202f", " »", "\u202f»", " :", "\u202f:").Replace(s)
}

func read(t *testing.T, s string) ([]Mandant, []RowProblem, error) {
	t.Helper()
	return Read(strings.NewReader(s), today)
}

func TestSample(t *testing.T) {
	f, err := os.Open("testdata/mandants-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, ps, err := Read(f, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 4 {
		t.Fatalf("valid mandants = %d, want 4: %+v", len(ms), ms)
	}
	if ms[1].LastName != "Dubœuf" || ms[1].Complement != "Bât. B" || ms[3].Civility != "" || ms[3].Line != 5 {
		t.Errorf("mandants = %+v", ms)
	}
	want := []struct {
		line         int
		field, code  string
		fr, frPrefix string
	}{
		{6, "postal_code", letters.CodePostalCode, "Le code postal doit comporter 5 chiffres", ""},
		{7, "email", letters.CodeEmail, "n’est pas valide", "L’adresse électronique du mandant"},
		{8, "signed_on", letters.CodeDateFuture, "1er janvier 2031", "La date de signature du mandat"},
	}
	if len(ps) != len(want) {
		t.Fatalf("problems = %+v, want %d", ps, len(want))
	}
	for i, w := range want {
		p := ps[i]
		if p.Line != w.line || p.Field != w.field || p.Problem.Code != w.code {
			t.Errorf("problem %d = %+v, want line %d %s %s", i, p, w.line, w.field, w.code)
		}
		msg := p.Problem.Message(letters.FR)
		if !strings.Contains(msg, w.fr) || !strings.HasPrefix(msg, fr(w.frPrefix)) {
			t.Errorf("line %d: message %q", w.line, msg)
		}
		if en := p.Problem.Message(letters.EN); en == msg || en == "" {
			t.Errorf("line %d: English message %q", w.line, en)
		}
	}
}

func TestSeparatorsBOMAndLineEnds(t *testing.T) {
	row := "Madame;Inès;Lefèvre;3 rue de la Clef;;59800;Lille;;2026-10-02"
	for name, in := range map[string]string{
		"semicolon":      strings.ReplaceAll(head, ",", ";") + row + "\n",
		"bom":            "\ufeff" + head + strings.ReplaceAll(row, ";", ",") + "\n",
		"crlf":           strings.ReplaceAll(strings.ReplaceAll(head, ",", ";")+row+"\n", "\n", "\r\n"),
		"bom+crlf+;":     "\ufeff" + strings.ReplaceAll(strings.ReplaceAll(head, ",", ";")+row+"\n", "\n", "\r\n"),
		"no final EOL":   head + strings.ReplaceAll(row, ";", ","),
		"column order":   "signed_on,city,postal_code,complement,street,last_name,first_name,email,civility\n2026-10-02,Lille,59800,,3 rue de la Clef,Lefèvre,Inès,,Madame\n",
		"blank rows":     head + ",,,,,,,,\n" + strings.ReplaceAll(row, ";", ",") + "\n,,,,,,,,\r\n",
		"decomposed NFC": head + "Madame,Ine\u0300s,Lefe\u0300vre,3 rue de la Clef,,59800,Lille,,2026-10-02\n",
	} {
		ms, ps, err := read(t, in)
		if err != nil || len(ps) != 0 || len(ms) != 1 {
			t.Errorf("%s: %+v %+v %v", name, ms, ps, err)
			continue
		}
		m, wantLine := ms[0], 2
		if name == "blank rows" {
			wantLine = 3 // the empty row above still counts as a line of the file
		}
		if m.FirstName != "Inès" || m.LastName != "Lefèvre" || m.Civility != "Madame" || m.PostalCode != "59800" || m.SignedOn != "2026-10-02" || m.Line != wantLine {
			t.Errorf("%s: %+v", name, m)
		}
	}
}

func TestLatin1(t *testing.T) {
	in := head + "Madame,In\xe8s,Lef\xe8vre,3 rue de la Clef,,59800,Lille,,2026-10-02\n"
	_, _, err := read(t, in)
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrEncoding || e.Line != 2 {
		t.Fatalf("err = %v", err)
	}
	msg := e.Message(letters.FR)
	for _, s := range []string{"Le fichier n’est pas en UTF-8", "0xE8", "ligne 2", "réenregistrez-le en « CSV UTF-8 »"} {
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(fr(s))) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
	if en := e.Message(letters.EN); !strings.Contains(en, "“CSV UTF-8”") {
		t.Errorf("English %q", en)
	}
}

func TestHeader(t *testing.T) {
	_, _, err := read(t, "civility,first_name,last_name,street,postal_code,city,city,mail,signed_on\n")
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrHeader {
		t.Fatalf("err = %v", err)
	}
	if strings.Join(e.Missing, " ") != "complement email" || strings.Join(e.Unknown, " ") != "mail" || strings.Join(e.Duplicate, " ") != "city" {
		t.Errorf("header error %+v", e)
	}
	msg := e.Message(letters.FR)
	for _, s := range []string{"manquante(s) « complement », « email »", "inconnue(s) « mail »", "en double « city »"} {
		if !strings.Contains(msg, fr(s)) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
	if _, _, err := read(t, ""); !errors.As(err, &e) || e.Code != ErrEmpty {
		t.Errorf("empty file: %v", err)
	}
}

func TestFormulaKeptAsText(t *testing.T) {
	ms, ps, err := read(t, head+`Madame,=SUM(A1),"=HYPERLINK(""http://x"")",3 rue de la Clef,,59800,Lille,,2026-10-02`+"\n")
	if err != nil || len(ps) != 0 || len(ms) != 1 {
		t.Fatalf("%+v %+v %v", ms, ps, err)
	}
	if ms[0].FirstName != "=SUM(A1)" || ms[0].LastName != `=HYPERLINK("http://x")` {
		t.Errorf("%+v", ms[0])
	}
}

func TestRowRules(t *testing.T) {
	long := strings.Repeat("x", 39)
	for _, c := range []struct {
		row, field, code string
	}{
		{"Mme,A,B,1 rue X,,59000,Lille,,2026-10-02", "civility", letters.CodeEnum},
		{"Madame,,B,1 rue X,,59000,Lille,,2026-10-02", "first_name", letters.CodeRequired},
		{"Madame,A,B,1 rue X,,59000,,,2026-10-02", "city", letters.CodeRequired},
		{"Madame,A,B,1 rue X,,59000,Lille,,", "signed_on", letters.CodeRequired},
		{"Madame,A,B," + long + ",,59000,Lille,,2026-10-02", "street", letters.CodeTooLong},
		{"Madame,A,B,1 rue X,,59000," + strings.Repeat("y", 33) + ",,2026-10-02", "city", letters.CodeAddressLineTooLong},
		{"Madame,A,B,1 rue X,,59000,Lille,,2026-10", "signed_on", letters.CodeDateFull},
		{"Madame,A,B,1 rue X,,59000,Lille,,02/10/2026", "signed_on", letters.CodeDateFull},
		{"Madame,A,B,1 rue X,,59000,Lille,,2026-02-30", "signed_on", letters.CodeDateInvalid},
		{"Madame,A😀,B,1 rue X,,59000,Lille,,2026-10-02", "first_name", letters.CodeUnprintable},
		{"Madame,A,\"B\nC\",1 rue X,,59000,Lille,,2026-10-02", "last_name", letters.CodeControlChar},
		{"Madame,A,B,1 rue X,,59000,Lille,a b@example.org,2026-10-02", "email", letters.CodeEmail},
	} {
		_, ps, err := read(t, head+c.row+"\n")
		if err != nil || len(ps) != 1 || ps[0].Field != c.field || ps[0].Problem.Code != c.code || ps[0].Line != 2 {
			t.Errorf("%q: %+v %v, want %s %s", c.row, ps, err, c.field, c.code)
			continue
		}
		if msg := ps[0].Problem.Message(letters.FR); strings.Contains(msg, "n’est pas valide : vérifiez") {
			t.Errorf("%q: fallback message %q", c.row, msg)
		}
	}
	// Signed today is fine; the row after a multi-line cell keeps its real line number.
	ms, ps, err := read(t, head+"Madame,A,\"B\nC\",1 rue X,,59000,Lille,,2026-10-02\nMadame,A,B,1 rue X,,59000,Lille,,2026-11-27\n")
	if err != nil || len(ps) != 1 || len(ms) != 1 || ms[0].Line != 4 {
		t.Errorf("%+v %+v %v", ms, ps, err)
	}
}

func TestMalformedFile(t *testing.T) {
	var e *Error
	if _, _, err := read(t, head+"Madame,A,B\n"); !errors.As(err, &e) || e.Code != ErrFieldCount || e.Line != 2 {
		t.Errorf("field count: %v", err)
	}
	if _, _, err := read(t, head+"Madame,A,\"B,1 rue X,,59000,Lille,,2026-10-02\n"); !errors.As(err, &e) || e.Code != ErrSyntax {
		t.Errorf("quote: %v", err)
	}
}
