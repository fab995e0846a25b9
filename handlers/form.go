package handlers

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// formReader reads posted values by JSON path.
type formReader struct{ v url.Values }

// str is the trimmed value at path.
func (f formReader) str(path string) string {
	return strings.TrimSpace(f.v.Get(path))
}

// has reports whether the form carries the field at all (a field the page did not show keeps its value).
func (f formReader) has(path string) bool {
	_, ok := f.v[path]
	return ok
}

// set assigns the value at path to *dst when the form carries it.
func (f formReader) set(dst *string, path string) {
	if f.has(path) {
		*dst = f.str(path)
	}
}

// date reads a date: the case-file forms AAAA, AAAA-MM and AAAA-MM-JJ, or the French JJ/MM/AAAA and
// MM/AAAA, which are turned into the case-file form. Anything else is kept as typed, for Check to
// explain.
func (f formReader) date(path string) string {
	return normalizeDate(f.str(path))
}

func (f formReader) setDate(dst *string, path string) {
	if f.has(path) {
		*dst = f.date(path)
	}
}

var (
	dmyRe = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)
	myRe  = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{4})$`)
)

func normalizeDate(s string) string {
	s = strings.Join(strings.Fields(s), "")
	pad := func(x string) string {
		if len(x) == 1 {
			return "0" + x
		}
		return x
	}
	if m := dmyRe.FindStringSubmatch(s); m != nil {
		return m[3] + "-" + pad(m[2]) + "-" + pad(m[1])
	}
	if m := myRe.FindStringSubmatch(s); m != nil {
		return m[2] + "-" + pad(m[1])
	}
	return s
}

// list reads a checkbox list: the checked values, known ones in the enumeration's order first, without
// duplicates.
func (f formReader) list(path, enum string) []string {
	got := f.v[path]
	var out []string
	for _, e := range enumValues(enum) {
		if slices.Contains(got, e) {
			out = append(out, e)
		}
	}
	for _, g := range got {
		g = strings.TrimSpace(g)
		if g != "" && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// checked reports whether the checkbox at path was sent with value.
func (f formReader) checked(path, value string) bool {
	return slices.Contains(f.v[path], value)
}

// rows is the number of rows of the list at prefix in the form.
func (f formReader) rows(prefix string) int { return rowCount(f.v, prefix) }

// postalCode strips the spaces people type inside a postal code (« 59 000 »).
func postalCode(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// atoiOrZero reads a whole number; ok is false when s is neither empty nor a number.
func atoiOrZero(s string) (int, bool) {
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	return n, true
}
