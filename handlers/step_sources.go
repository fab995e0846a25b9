package handlers

import (
	"net/url"
	"slices"
	"strings"

	"saisine/letters"
	"saisine/letters/claims/frtext"
)

// The sources: public documents that establish the facts (press articles, deliberations, official
// answers). Each has a checkbox « joindre comme pièce » that attaches it to the letter as an exhibit
// (« Article de Médiacités du 21 novembre 2024 », its date, its address); other exhibits (a copy of a
// letter already sent) are rows of their own.
var sourcesStep = &step{
	Slug:       "sources",
	Owns:       []string{"facts.sources", "exhibits"},
	WithClaims: true,
	Fields:     func(*letters.Case) []string { return nil },
	Lists: []listDef{
		{Prefix: "facts.sources", Title: "step.sources.row", Fields: []string{"title", "publisher", "date", "url", "exhibit"}},
		{Prefix: "exhibits", Title: "step.sources.exhibit_row", Fields: []string{"title", "date", "source"}},
	},
	Bind:    bindSources,
	Action:  sourcesAction,
	Prepare: prepareSources,
}

const exhibitYes = "yes"

func bindSources(s *Server, in *stepInput) []formError {
	f := formReader{in.Form}
	old := in.Old
	n := f.rows("facts.sources")
	sources := make([]letters.Source, n)
	for i := range sources {
		at := func(name string) string { return rowPath("facts.sources", i, name) }
		sources[i] = letters.Source{Title: f.str(at("title")), Publisher: f.str(at("publisher")), Date: f.date(at("date")), URL: f.str(at("url"))}
	}

	// Exhibits keep their positions while the form is read, so that the rows of the page and the paths
	// of the problems agree; a dropped exhibit becomes an empty row, removed when the step is saved.
	ex := slices.Clone(old.Exhibits)
	for j := range ex {
		if !f.has(rowPath("exhibits", j, "title")) {
			continue
		}
		at := func(name string) string { return rowPath("exhibits", j, name) }
		ex[j].Title, ex[j].Date, ex[j].Source = f.str(at("title")), f.date(at("date")), f.str(at("source"))
	}
	handled := make([]bool, n)
	for i, o := range old.Facts.Sources {
		j := linkedExhibit(old.Exhibits, o)
		if j < 0 || i >= n {
			continue
		}
		handled[i] = true
		if !f.checked(rowPath("facts.sources", i, "exhibit"), exhibitYes) || sources[i] == (letters.Source{}) {
			ex[j] = letters.Exhibit{}
			continue
		}
		// The exhibit follows its source when it still says what the checkbox made it say.
		ns := sources[i]
		if ex[j].Title == exhibitTitle(o) {
			ex[j].Title = exhibitTitle(ns)
		}
		if ex[j].Date == o.Date {
			ex[j].Date = ns.Date
		}
		if sameURL(ex[j].Source, o.URL) {
			ex[j].Source = ns.URL
		}
	}
	for i, src := range sources {
		if !handled[i] && src != (letters.Source{}) && f.checked(rowPath("facts.sources", i, "exhibit"), exhibitYes) {
			ex = append(ex, letters.Exhibit{Title: exhibitTitle(src), Date: src.Date, Source: src.URL})
		}
	}
	in.Case.Facts.Sources = sources
	in.Case.Exhibits = ex
	return nil
}

func sourcesAction(s *Server, in *stepInput) (string, bool) {
	c := in.Case
	if add, remove := rowAction(in.Action, "source"); add || remove >= 0 {
		if add {
			compactRows(c)
			c.Facts.Sources = append(c.Facts.Sources, letters.Source{})
			return fieldID(rowPath("facts.sources", len(c.Facts.Sources)-1, "title")), true
		}
		if remove < len(c.Facts.Sources) {
			if j := linkedExhibit(c.Exhibits, c.Facts.Sources[remove]); j >= 0 {
				c.Exhibits[j] = letters.Exhibit{}
			}
			c.Facts.Sources = removeAt(c.Facts.Sources, remove)
		}
		compactRows(c)
		return "f-facts-sources", true
	}
	if add, remove := rowAction(in.Action, "piece"); add || remove >= 0 {
		if add {
			compactRows(c)
			c.Exhibits = append(c.Exhibits, letters.Exhibit{})
			return fieldID(rowPath("exhibits", len(c.Exhibits)-1, "title")), true
		}
		c.Exhibits = removeAt(c.Exhibits, remove)
		compactRows(c)
		return "f-exhibits", true
	}
	return "", false
}

func prepareSources(s *Server, v *view, c *letters.Case) {
	d := rowsData{Rows: rowIndexes(v.Values, "facts.sources")}
	for i, src := range c.Facts.Sources {
		p := rowPath("facts.sources", i, "exhibit")
		if _, ok := v.Values[p]; !ok && v.Posted == nil && linkedExhibit(c.Exhibits, src) >= 0 {
			v.Values.Set(p, exhibitYes)
		}
	}
	for j, e := range c.Exhibits {
		linked := false
		for _, src := range c.Facts.Sources {
			if src != (letters.Source{}) && exhibitMatches(e, src) {
				linked = true
			}
		}
		if linked {
			continue
		}
		// On a page shown again with its errors, an exhibit emptied by unticking its source is not a row;
		// a row the person emptied is.
		if e == (letters.Exhibit{}) && v.Posted != nil && !formHasRow(v.Posted, "exhibits", j) {
			continue
		}
		d.Others = append(d.Others, j)
	}
	v.Data = d
}

func formHasRow(form url.Values, prefix string, i int) bool {
	_, ok := form[rowPath(prefix, i, "title")]
	return ok
}

// exhibitTitle is the title of the exhibit a source becomes: « Article de Médiacités du 21 novembre
// 2024 », « Article du Monde de mars 2025 », « Article d’Ouest-France ».
func exhibitTitle(src letters.Source) string {
	t := "Article"
	if p := strings.TrimSpace(src.Publisher); p != "" {
		t += " " + frtext.De(p)
	}
	d, err := letters.ParseDate(src.Date)
	if err == nil && !d.IsZero() {
		if d.Precision == letters.PrecisionDay {
			t += " du " + letters.FormatDateFR(d)
		} else {
			t += " " + frtext.De(letters.FormatDateFR(d))
		}
	}
	return t
}

// linkedExhibit is the index of the exhibit attached to src, or -1: the letter numbers a source's
// exhibit when the exhibit's origin is the source's address (or its title), as here.
func linkedExhibit(ex []letters.Exhibit, src letters.Source) int {
	if src == (letters.Source{}) {
		return -1
	}
	for j, e := range ex {
		if exhibitMatches(e, src) {
			return j
		}
	}
	return -1
}

func exhibitMatches(e letters.Exhibit, src letters.Source) bool {
	if strings.TrimSpace(e.Source) == "" {
		return false
	}
	if src.URL != "" && sameURL(e.Source, src.URL) {
		return true
	}
	return src.Title != "" && strings.EqualFold(strings.TrimSpace(e.Source), strings.TrimSpace(src.Title))
}

// sameURL compares addresses as the letter does: host without « www. », path without a final slash,
// query kept.
func sameURL(a, b string) bool {
	return normURL(a) != "" && normURL(a) == normURL(b)
}

func normURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.TrimRight(strings.ToLower(s), "/")
	}
	out := strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}
