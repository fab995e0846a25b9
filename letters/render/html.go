package render

import (
	_ "embed"
	"errors"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"saisine/letters/document"
)

//go:embed html.tmpl
var htmlSource string

// whySummary opens the explanation attached to a block in the preview.
const whySummary = "Pourquoi ce paragraphe" + nnbsp + "?"

// htmlTemplates are parsed on first use: a process that only writes a PDF does not pay for them.
var htmlTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("html").Funcs(template.FuncMap{
		"labelObject":    func() string { return labelObject },
		"bordereauTitle": func() string { return bordereauTitle },
		"whySummary":     func() string { return whySummary },
		"nnbsp":          func() string { return nnbsp },
		"linkTarget":     linkTarget,
		"frenchDate":     frenchDate,
		"isoDate":        func(s string) bool { _, err := time.Parse(time.DateOnly, s); return err == nil },
		"textLines":      func(s string) []string { return strings.Split(s, "\n") },
		"bullet":         func(b document.Block) bool { return b.Kind == document.BulletList },
		"numbered":       func(b document.Block) bool { return b.Kind == document.NumberedList },
		"whyEnds":        whyEnds,
	}).Parse(htmlSource))
})

// whyEnds reports whether block i carries an explanation that the next block does not share: a
// grievance's heading and paragraphs carry the same Why, and the reader wants one « Pourquoi ce
// paragraphe ? » box after the grievance, not one after each of its blocks.
func whyEnds(blocks []document.Block, i int) bool {
	w := blocks[i].Why
	if w == nil {
		return false
	}
	return i+1 >= len(blocks) || blocks[i+1].Why != w
}

// HTML writes d as a standalone HTML5 page (lang="fr", a small inline stylesheet) for previewing or
// saving. Every block that carries a Why is followed by a <details> explaining the grievance, the facts
// and the citations it rests on.
func HTML(w io.Writer, d *document.Document) error {
	return executeHTML(w, "page", d)
}

// HTMLFragment writes the same content as HTML without <html>, <head>, <style> or <script>, for
// embedding in a page served under a strict Content-Security-Policy with its own stylesheet. The root
// element is <div class="document" lang="fr">.
func HTMLFragment(w io.Writer, d *document.Document) error {
	return executeHTML(w, "fragment", d)
}

func executeHTML(w io.Writer, name string, d *document.Document) error {
	if d == nil {
		return errors.New("render: nil document")
	}
	return htmlTemplates().ExecuteTemplate(w, name, newHTMLView(d))
}

// htmlView adds what the templates cannot compute to the document: headings with their numbers and the
// exhibits' numbers when the document leaves them at zero.
type htmlView struct {
	*document.Document
	Sections []htmlSection
	Exhibits []document.Exhibit
	Annexes  []htmlAnnex
}

type htmlSection struct {
	document.Section
	Heading string
}

type htmlAnnex struct {
	Heading string
	Blocks  []document.Block
}

func newHTMLView(d *document.Document) htmlView {
	v := htmlView{Document: d}
	num := 0
	for _, s := range d.Sections {
		h := s.Title
		if s.Numbered {
			num++
			h = strconv.Itoa(num) + ". " + h
		}
		if strings.TrimSpace(s.Title) == "" {
			h = ""
		}
		v.Sections = append(v.Sections, htmlSection{Section: s, Heading: h})
	}
	for i, e := range d.Exhibits {
		if e.Number == 0 {
			e.Number = i + 1
		}
		v.Exhibits = append(v.Exhibits, e)
	}
	for i, a := range d.Annexes {
		v.Annexes = append(v.Annexes, htmlAnnex{Heading: annexTitle(i, a), Blocks: a.Blocks})
	}
	return v
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// frenchDate turns a YYYY-MM-DD review date into « 1er novembre 2026 »; anything else is shown as is.
func frenchDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}
