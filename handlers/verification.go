package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
)

// The « check your answers » page: every answer of the steps the procedure shows, each with a
// « Modifier » link to its field, then the engine's verdict on the whole case (procedures.Check):
// errors link to the step and field that fix them, warnings are notices.

type verificationData struct {
	Sections []answerSection
	Problems []linkedProblem
	Warnings []linkedProblem
	Ready    bool
}

type answerSection struct {
	Title string
	Href  string
	Rows  []answerRow
}

type answerRow struct {
	Label  string
	Values []string
	Href   string
}

type linkedProblem struct {
	Message string
	Href    string
}

func (s *Server) verification(c *gin.Context, p procedures.Procedure) {
	tok := c.Query("etat")
	st, ok := s.open(c, tok, p)
	if !ok {
		return
	}
	v := s.newView(c, "verification")
	v.Proc, v.Token = &p, tok
	v.Title = i18n.T(v.Lang, "verification.title")
	v.Step = s.stepInfo(p, slugVerification, tok)
	d := verificationData{}
	values := flatten(st.Case)
	for _, stp := range stepsOf(p) {
		d.Sections = append(d.Sections, answerSection{
			Title: i18n.T(v.Lang, "step."+stp.Slug+".title"),
			Href:  stepURL(p.ID, stp.Slug, tok, slugVerification),
			Rows:  answers(v.Lang, p, stp, st.Case, values, tok, s.now()),
		})
	}
	for _, pr := range procedures.Check(st.Case, p.ID, s.now()) {
		lp := linkedProblem{Message: pr.Message(v.Lang.Letters()), Href: problemHref(p, pr.Path, tok)}
		if pr.Warning {
			d.Warnings = append(d.Warnings, lp)
		} else {
			d.Problems = append(d.Problems, lp)
		}
	}
	d.Ready = len(d.Problems) == 0
	v.Data = d
	s.render(c, v)
}

// problemHref is where a problem is fixed: its step and field, back to this page afterwards; a problem
// with the sender kind is fixed by starting again from the home page.
func problemHref(p procedures.Procedure, path, tok string) string {
	st := ownerOf(path)
	if st == nil {
		return "/"
	}
	return stepURL(p.ID, st.Slug, tok, slugVerification) + "#" + fieldID(targetPath(path))
}

// answers lists the answers of one step for the verification page.
func answers(lang i18n.Lang, p procedures.Procedure, st *step, c *letters.Case, values map[string][]string, tok string, now time.Time) []answerRow {
	href := func(path string) string {
		return stepURL(p.ID, st.Slug, tok, slugVerification) + "#" + fieldID(path)
	}
	var rows []answerRow
	for _, path := range visibleFields(st, p, c) {
		if path == "commune.insee_code" {
			continue
		}
		vals := displayValues(lang, path, values[path], now)
		if path == "commune.postal_code" && c.Commune.Name != "" {
			vals = []string{i18n.T(lang, "verification.commune", c.Commune.PostalCode, c.Commune.Name, c.Commune.InseeCode)}
		}
		rows = append(rows, answerRow{Label: i18n.T(lang, "field."+catalogKey(path)+".label"), Values: vals, Href: href(path)})
	}
	for _, l := range visibleLists(st, c) {
		n := rowCount(values, l.Prefix)
		for i := 0; i < n; i++ {
			if l.Prefix == "exhibits" && exhibitOfSource(c, i) {
				continue
			}
			var vals []string
			for _, name := range l.Fields {
				path := rowPath(l.Prefix, i, name)
				if name == "exhibit" {
					if linkedExhibit(c.Exhibits, c.Facts.Sources[i]) >= 0 {
						vals = append(vals, i18n.T(lang, "verification.attached"))
					}
					continue
				}
				if vs := values[path]; len(vs) > 0 && vs[0] != "" {
					vals = append(vals, i18n.T(lang, "field."+catalogKey(path)+".label")+i18n.T(lang, "common.colon")+strings.Join(displayValues(lang, path, vs, now), ", "))
				}
			}
			rows = append(rows, answerRow{Label: i18n.T(lang, l.Title, i+1), Values: vals, Href: href(rowPath(l.Prefix, i, l.Fields[0]))})
		}
		if n == 0 && l.Prefix != "exhibits" {
			rows = append(rows, answerRow{Label: i18n.T(lang, "field."+l.Prefix+".label"), Values: []string{i18n.T(lang, "common.none")}, Href: href(l.Prefix)})
		}
	}
	return rows
}

// exhibitOfSource reports whether exhibit j is attached to one of the case's sources.
func exhibitOfSource(c *letters.Case, j int) bool {
	if j >= len(c.Exhibits) {
		return false
	}
	for _, src := range c.Facts.Sources {
		if exhibitMatches(c.Exhibits[j], src) {
			return true
		}
	}
	return false
}

// visibleFields are the fields a step shows for this procedure and case.
func visibleFields(st *step, p procedures.Procedure, c *letters.Case) []string {
	var out []string
	for _, f := range st.Fields(c) {
		if st == demandesStep && !demandesShows(p, f) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func visibleLists(st *step, c *letters.Case) []listDef {
	if st == identiteStep && !signing(c) {
		return nil
	}
	return st.Lists
}

// displayValues shows values as people read them: choices by their label, dates in words, a blank
// answer as « Non renseigné ».
func displayValues(lang i18n.Lang, path string, vs []string, now time.Time) []string {
	def := fieldDefs[pattern(path)]
	var out []string
	for _, v := range vs {
		if v == "" {
			continue
		}
		switch {
		case def.Enum != "":
			out = append(out, enumLabel(lang, def.Enum, v))
		case def.Date:
			out = append(out, formatDate(lang, v))
		case path == "facts.retention_days":
			n, _ := strconv.Atoi(v)
			out = append(out, i18n.T(lang, "common.days", n))
		default:
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		if path == "letter.date" {
			return []string{i18n.T(lang, "verification.today", formatDate(lang, now.Format(time.DateOnly)))}
		}
		if def.Kind == kindCheckboxes {
			return []string{i18n.T(lang, "common.none")}
		}
		return []string{i18n.T(lang, "common.not_given")}
	}
	return out
}

var monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// formatDate writes a case-file date in words (« 21 novembre 2024 », « 21 November 2024 »); an
// unreadable one is shown as typed.
func formatDate(lang i18n.Lang, s string) string {
	d, err := letters.ParseDate(s)
	if err != nil || d.IsZero() {
		return s
	}
	if lang != i18n.EN {
		return letters.FormatDateFR(d)
	}
	switch d.Precision {
	case letters.PrecisionYear:
		return strconv.Itoa(d.Year)
	case letters.PrecisionMonth:
		return monthsEN[d.Month-1] + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Day) + " " + monthsEN[d.Month-1] + " " + strconv.Itoa(d.Year)
}

// redirectToVerification sends a request for output from a case with errors back to the list of
// what to fix.
func redirectToVerification(c *gin.Context, p procedures.Procedure, tok string) {
	c.Redirect(http.StatusSeeOther, stepURL(p.ID, slugVerification, tok, ""))
}
