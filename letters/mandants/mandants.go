// Package mandants reads the list of residents who mandate an association (plainte-collective-cnil,
// mandat): a CSV file with the header
// civility,first_name,last_name,street,complement,postal_code,city,email,signed_on, in UTF-8, comma or
// semicolon separated, as spreadsheet software exports it (see shared/design/case-file.md).
//
// Rows are checked with the case file's rules and worded by its message catalogue
// (letters.Problem.Message), so that a CSV row and a case file get the same sentences. Cells are data:
// a cell such as =SUM(A1) is kept as the text it is, never evaluated.
package mandants

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"saisine/letters"
)

// Columns is the documented header, in its documented order (the file may order them freely).
var Columns = []string{"civility", "first_name", "last_name", "street", "complement", "postal_code", "city", "email", "signed_on"}

// Mandant is one valid row.
type Mandant struct {
	Line       int // line of the row in the file (header = 1)
	Civility   string
	FirstName  string
	LastName   string
	Street     string
	Complement string
	PostalCode string
	City       string
	Email      string
	SignedOn   string // YYYY-MM-DD, not after the reference day
	// Signature is the name the resident typed to sign on the signing page; empty for a mandate
	// signed by hand on paper (CSV rows).
	Signature string
}

// RowProblem is one refused field of one row. Field is the CSV column name; Problem.Path is the same
// name, so Problem.Message names the column.
type RowProblem struct {
	Line    int
	Field   string
	Problem letters.Problem
}

// Error codes of a file that cannot be read as a mandants list at all.
const (
	ErrEncoding   = "encoding"    // not UTF-8 (Latin-1, Windows-1252…); Detail: the offending byte
	ErrEmpty      = "empty"       // no header line
	ErrHeader     = "header"      // Missing, Unknown, Duplicate
	ErrSyntax     = "syntax"      // malformed quoting; Detail: the csv package's explanation
	ErrFieldCount = "field_count" // Detail: number of cells found
	ErrRead       = "read"        // the reader failed (disk, network), not the content
)

// Error is a problem with the whole file: reading stops there.
type Error struct {
	Code      string
	Line      int // 0 when not tied to a line
	Detail    string
	Missing   []string
	Unknown   []string
	Duplicate []string
	Err       error
}

func (e *Error) Error() string { return "mandants: " + e.Message(letters.FR) }

func (e *Error) Unwrap() error { return e.Err }

const nb = "\u202f"

func quote(s string, lang letters.Lang) string {
	if lang == letters.EN {
		return "“" + s + "”"
	}
	return "«" + nb + s + nb + "»"
}

func quoteList(names []string, lang letters.Lang) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n, lang)
	}
	return strings.Join(q, ", ")
}

// Message explains the problem in lang (French unless EN) and says how to fix it.
func (e *Error) Message(lang letters.Lang) string {
	en := lang == letters.EN
	at := ""
	if e.Line > 0 {
		at = " (ligne " + strconv.Itoa(e.Line) + ")"
		if en {
			at = " (line " + strconv.Itoa(e.Line) + ")"
		}
	}
	switch e.Code {
	case ErrEncoding:
		if en {
			return "The file is not in UTF-8: byte " + e.Detail + at + " is not UTF-8 text; the file was probably saved as Latin-1 or Windows-1252. Save it again as “CSV UTF-8” from your spreadsheet (File › Save as)."
		}
		return "Le fichier n’est pas en UTF-8" + nb + ": l’octet " + e.Detail + at + " n’est pas du texte UTF-8, le fichier a sans doute été enregistré en Latin-1 ou Windows-1252. Réenregistrez-le en " + quote("CSV UTF-8", lang) + " depuis votre tableur (Fichier › Enregistrer sous)."
	case ErrEmpty:
		if en {
			return "The file is empty: the first line must be the header " + strings.Join(Columns, ",") + "."
		}
		return "Le fichier est vide" + nb + ": la première ligne doit être l’en-tête " + strings.Join(Columns, ",") + "."
	case ErrHeader:
		var parts []string
		if en {
			if len(e.Missing) > 0 {
				parts = append(parts, "missing column(s) "+quoteList(e.Missing, lang))
			}
			if len(e.Unknown) > 0 {
				parts = append(parts, "unknown column(s) "+quoteList(e.Unknown, lang))
			}
			if len(e.Duplicate) > 0 {
				parts = append(parts, "column(s) given twice "+quoteList(e.Duplicate, lang))
			}
			return "The header (line 1) is not the mandants header: " + strings.Join(parts, "; ") + ". The first line must name the columns " + strings.Join(Columns, ",") + ", in any order."
		}
		if len(e.Missing) > 0 {
			parts = append(parts, "colonne(s) manquante(s) "+quoteList(e.Missing, lang))
		}
		if len(e.Unknown) > 0 {
			parts = append(parts, "colonne(s) inconnue(s) "+quoteList(e.Unknown, lang))
		}
		if len(e.Duplicate) > 0 {
			parts = append(parts, "colonne(s) en double "+quoteList(e.Duplicate, lang))
		}
		return "L’en-tête (ligne 1) n’est pas celui d’une liste de mandants" + nb + ": " + strings.Join(parts, "; ") + ". La première ligne doit nommer les colonnes " + strings.Join(Columns, ",") + ", dans n’importe quel ordre."
	case ErrSyntax:
		if en {
			return "The CSV file is malformed" + at + ": " + e.Detail + ". Check the double quotes around that place, or export the file again from your spreadsheet."
		}
		return "Le fichier CSV est mal formé" + at + nb + ": " + e.Detail + ". Vérifiez les guillemets droits autour de cet endroit, ou exportez de nouveau le fichier depuis votre tableur."
	case ErrFieldCount:
		if en {
			return "Line " + strconv.Itoa(e.Line) + " has " + e.Detail + " cells instead of " + strconv.Itoa(len(Columns)) + ": a separator is probably missing or extra. Every row has one cell per header column, empty when unknown."
		}
		return "La ligne " + strconv.Itoa(e.Line) + " compte " + e.Detail + " cellules au lieu de " + strconv.Itoa(len(Columns)) + nb + ": un séparateur manque ou est en trop. Chaque ligne a une cellule par colonne de l’en-tête, vide si l’information manque."
	}
	if en {
		return "The file could not be read to the end: " + e.Detail + ". Try again."
	}
	return "Le fichier n’a pas pu être lu jusqu’au bout" + nb + ": " + e.Detail + ". Réessayez."
}

const maxLine = 38 // NF Z10-011: longest line of a postal address

// Read reads a mandants list row by row. It returns the valid mandants and one RowProblem per refused
// field, in file order; error is an *Error when the file cannot be read as a list (encoding, header,
// quoting, a row with the wrong number of cells, a failing reader), and then the rows read so far are
// returned with it. Signature dates must not be after today (zero means the current date).
func Read(r io.Reader, today time.Time) ([]Mandant, []RowProblem, error) {
	if today.IsZero() {
		today = time.Now()
	}
	day := letters.DateOf(today)
	br := bufio.NewReader(r)
	head, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return nil, nil, &Error{Code: ErrRead, Detail: err.Error(), Err: err}
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, nil, &Error{Code: ErrEmpty}
	}
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(head), br))
	cr.Comma = sniff(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	var col map[string]int
	var mandants []Mandant
	var problems []RowProblem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return mandants, problems, &Error{Code: ErrSyntax, Line: pe.StartLine, Detail: pe.Err.Error(), Err: err}
			}
			return mandants, problems, &Error{Code: ErrRead, Detail: err.Error(), Err: err}
		}
		line, _ := cr.FieldPos(0)
		for _, f := range rec {
			if i := invalidUTF8(f); i >= 0 {
				return mandants, problems, &Error{Code: ErrEncoding, Line: line, Detail: fmt.Sprintf("0x%02X", f[i])}
			}
		}
		if col == nil {
			if col, err = header(rec); err != nil {
				return nil, nil, err
			}
			continue
		}
		if blank(rec) {
			continue // spreadsheets export empty rows as ;;;;;;;;
		}
		if len(rec) != len(Columns) {
			return mandants, problems, &Error{Code: ErrFieldCount, Line: line, Detail: strconv.Itoa(len(rec))}
		}
		m, ps := row(rec, col, line, day)
		if len(ps) > 0 {
			problems = append(problems, ps...)
		} else {
			mandants = append(mandants, m)
		}
	}
	return mandants, problems, nil
}

// sniff picks the separator of the header line: the more frequent of ';' and ',' outside quotes.
func sniff(head []byte) rune {
	comma, semi, quoted := 0, 0, false
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			comma++
		case c == ';':
			semi++
		}
	}
	if semi > comma {
		return ';'
	}
	return ','
}

func invalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				return i
			}
		}
	}
	return -1
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func header(rec []string) (map[string]int, error) {
	col := map[string]int{}
	e := &Error{Code: ErrHeader, Line: 1}
	for i, name := range rec {
		name = strings.ToLower(letters.NormalizeText(name))
		switch _, seen := col[name]; {
		case !isColumn(name):
			e.Unknown = append(e.Unknown, name)
		case seen:
			e.Duplicate = append(e.Duplicate, name)
		default:
			col[name] = i
		}
	}
	for _, c := range Columns {
		if _, ok := col[c]; !ok {
			e.Missing = append(e.Missing, c)
		}
	}
	if len(e.Missing)+len(e.Unknown)+len(e.Duplicate) > 0 {
		return nil, e
	}
	return col, nil
}

func isColumn(name string) bool {
	for _, c := range Columns {
		if c == name {
			return true
		}
	}
	return false
}

// row checks one record; it reports at most one problem per field, in the documented column order.
func row(rec []string, col map[string]int, line int, today letters.PartialDate) (Mandant, []RowProblem) {
	v := map[string]string{}
	for _, c := range Columns {
		v[c] = letters.NormalizeText(rec[col[c]])
	}
	m := Mandant{Line: line, Civility: v["civility"], FirstName: v["first_name"], LastName: v["last_name"],
		Street: v["street"], Complement: v["complement"], PostalCode: v["postal_code"], City: v["city"],
		Email: v["email"], SignedOn: v["signed_on"]}
	var ps []RowProblem
	add := func(field, code string, args ...string) {
		for _, p := range ps {
			if p.Field == field {
				return
			}
		}
		ps = append(ps, RowProblem{Line: line, Field: field, Problem: letters.Problem{Path: "mandant." + field, Code: code, Args: args}})
	}
	for _, c := range Columns {
		s := v[c]
		if s == "" {
			switch c {
			case "civility", "complement", "email":
			default:
				add(c, letters.CodeRequired)
			}
			continue
		}
		if code, args := badChar(s); code != "" {
			add(c, code, args...)
			continue
		}
		switch c {
		case "civility":
			if s != letters.CivilityMadame && s != letters.CivilityMonsieur {
				add(c, letters.CodeEnum, s, letters.CivilityMadame, letters.CivilityMonsieur)
			}
		case "first_name", "last_name", "street", "complement":
			if n := utf8.RuneCountInString(s); n > maxLine {
				add(c, letters.CodeTooLong, strconv.Itoa(maxLine), strconv.Itoa(n))
			}
		case "postal_code":
			if !letters.ValidPostalCode(s) {
				add(c, letters.CodePostalCode, s)
			}
		case "city":
			if l := v["postal_code"] + " " + s; utf8.RuneCountInString(l) > maxLine {
				add(c, letters.CodeAddressLineTooLong, l, strconv.Itoa(utf8.RuneCountInString(l)))
			}
		case "email":
			if n := utf8.RuneCountInString(s); n > 254 {
				add(c, letters.CodeTooLong, "254", strconv.Itoa(n))
			} else if !letters.ValidEmail(s) {
				add(c, letters.CodeEmail, s)
			}
		case "signed_on":
			if code, args := dateProblem(s, today); code != "" {
				add(c, code, args...)
			}
		}
	}
	return m, ps
}

// badChar refuses control characters (a line break inside a quoted cell included) and characters the
// letter fonts cannot draw, with the case file's codes.
func badChar(s string) (string, []string) {
	for _, r := range s {
		if letters.Printable(r) {
			continue
		}
		cp := fmt.Sprintf("U+%04X", r)
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			return letters.CodeControlChar, []string{cp}
		}
		return letters.CodeUnprintable, []string{string(r), cp}
	}
	return "", nil
}

// dateProblem applies the case file's rule for a full date in the past (its « fdate »).
func dateProblem(s string, today letters.PartialDate) (string, []string) {
	d, err := letters.ParseDate(s)
	var de *letters.DateError
	if errors.As(err, &de) {
		switch de.Reason {
		case letters.DateBadFormat:
			return letters.CodeDateFull, []string{s}
		case letters.DateBadDay:
			y, _ := strconv.Atoi(s[:4])
			mo, _ := strconv.Atoi(s[5:7])
			days := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			return letters.CodeDateInvalid, []string{s, de.Reason, s[:7], strconv.Itoa(days)}
		}
		return letters.CodeDateInvalid, []string{s, de.Reason}
	}
	if d.Precision != letters.PrecisionDay {
		return letters.CodeDateFull, []string{s}
	}
	if d.First().After(today.First()) {
		return letters.CodeDateFuture, []string{s, today.String()}
	}
	return "", nil
}
