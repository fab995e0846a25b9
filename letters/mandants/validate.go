package mandants

import (
	"time"

	"saisine/letters"
)

// Validate checks one mandant typed elsewhere than in a CSV file (the signing page) with exactly the
// rules of a CSV row, and returns it normalised as Read would. m.Line is kept in the problems; the
// signature is not checked here (a CSV has none) and is returned as given, normalised.
func Validate(m Mandant, today time.Time) (Mandant, []RowProblem) {
	if today.IsZero() {
		today = time.Now()
	}
	rec := []string{m.Civility, m.FirstName, m.LastName, m.Street, m.Complement, m.PostalCode, m.City, m.Email, m.SignedOn}
	col := make(map[string]int, len(Columns))
	for i, c := range Columns {
		col[c] = i
	}
	out, ps := row(rec, col, m.Line, letters.DateOf(today))
	out.Signature = letters.NormalizeText(m.Signature)
	return out, ps
}
