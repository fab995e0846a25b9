// Package fold computes the derived keys both implementations store beside a mandate, so that search,
// order and e-mail identity behave the same on SQLite and PostgreSQL whatever the database's collation
// or its idea of lower case (SQLite's lower() and LIKE only know ASCII).
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// expand spells letters that carry no combining mark but that a French reader takes for variants of
// plain ones; without it « Lœuillet » would not be found by « loeuillet ».
var expand = map[rune]string{
	'œ': "oe", 'æ': "ae", 'ß': "ss", 'ø': "o", 'ł': "l", 'đ': "d",
	'’': "'", 'ʼ': "'", '‘': "'", '‐': "-", '‑': "-", '–': "-",
}

// Text lower-cases s and drops its diacritics, so that « Hélène » and « HELENE » compare equal.
func Text(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if e, ok := expand[r]; ok {
			b.WriteString(e)
			continue
		}
		if unicode.IsControl(r) {
			// Control characters are the separators of SortKey and Search: a query must not match
			// across two fields.
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Email is the identity of a mandate's e-mail within a campaign; empty means none.
func Email(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// SortKey orders mandates by last name then first name as a French reader expects (« de Gaulle »
// beside « Dupont », « Émile » before « Zoé »), independently of the database's collation. The byte
// order of the key is the order; ties are broken by the exact names then the id.
func SortKey(lastName, firstName string) string {
	return Text(lastName) + "\x01" + Text(firstName)
}

// Search is the text a ListOptions.Query is looked for in.
func Search(firstName, lastName, email, city string) string {
	return Text(firstName) + "\x01" + Text(lastName) + "\x01" + Text(email) + "\x01" + Text(city)
}

// Query is the form of a search query that is looked for, as a substring, in Search.
func Query(q string) string {
	return strings.TrimSpace(Text(q))
}
