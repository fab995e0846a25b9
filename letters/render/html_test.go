package render_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"saisine/letters/document"
	"saisine/letters/render"
)

func renderHTML(t *testing.T, d *document.Document, fragment bool) string {
	t.Helper()
	var buf bytes.Buffer
	f := render.HTML
	if fragment {
		f = render.HTMLFragment
	}
	if err := f(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLGolden(t *testing.T) {
	golden(t, "page.html.golden", []byte(renderHTML(t, synthetic(), false)))
	golden(t, "fragment.html.golden", []byte(renderHTML(t, synthetic(), true)))
}

func TestHTMLPage(t *testing.T) {
	page := renderHTML(t, synthetic(), false)
	for _, want := range []string{
		"<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">",
		"<title>Réclamation auprès de la CNIL – vidéosurveillance algorithmique à Lille</title>",
		"<style>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	checkNesting(t, page)
	// The page is the fragment inside a document shell.
	if frag := renderHTML(t, synthetic(), true); !strings.Contains(page, frag) {
		t.Error("the page body is not the fragment")
	}
}

func TestHTMLFragment(t *testing.T) {
	frag := renderHTML(t, synthetic(), true)
	for _, banned := range []string{"<style", "<script", "<html", "<head>", "<body", "<meta", " style="} {
		if strings.Contains(frag, banned) {
			t.Errorf("fragment contains %q, which a strict CSP or the host page forbids", banned)
		}
	}
	if !strings.HasPrefix(frag, `<div class="document" lang="fr">`) {
		t.Errorf("fragment root: %.60q", frag)
	}
	checkNesting(t, frag)
}

func TestHTMLContent(t *testing.T) {
	d := synthetic()
	frag := renderHTML(t, d, true)
	for _, want := range []string{
		`<section id="section-faits">` + "\n<h2>1. Les faits</h2>",
		"<h2>5. La suite de la procédure</h2>",
		`<p class="objet"><strong>Objet` + nnbsp + `:</strong> Réclamation`,
		`<a href="https://www.legifrance.gouv.fr/ceta/id/CETATEXT000053412345?init=true&amp;page=1`,
		"<strong>cesser tout traitement</strong>",
		"<em><span class=\"citation\" data-cite=\"rgpd-35\">article 35 du règlement (UE) 2016/679</span></em>",
		"<li>acquisition du logiciel" + nnbsp + ": 2021" + nnbsp + ";</li>",
		"<ol>\n<li>l’absence d’analyse d’impact",
		// The explanation of the paragraph that carries a Why, right after it.
		"du 6 janvier 1978</em>.</p>\n<details class=\"pourquoi\">\n<summary>Pourquoi ce paragraphe" + nnbsp + "?</summary>",
		"<p class=\"grief\"><strong>Absence d’analyse d’impact</strong></p>",
		"<li>AIPD incomplète selon les documents obtenus</li>",
		`<li><a href="https://eur-lex.europa.eu/eli/reg/2016/679/oj">article 35 du règlement (UE) 2016/679</a> — Une analyse d’impact est requise`,
		`(référence revue le <time datetime="2026-11-01">1er novembre 2026</time>)`,
		"<caption>Bordereau des pièces communiquées</caption>",
		`<th scope="col">N°</th>`,
		`<tr><th scope="row">1</th><td>Article « Vidéosurveillance algorithmique : Lille a déployé un logiciel controversé »</td>`,
		"<code>" + sampleSHA + "</code>",
		"<h2>Annexe 1 – Liste des signataires</h2>",
		`<footer class="avertissement">` + "\n<p>Lettre préparée avec saisine",
	} {
		if !strings.Contains(frag, want) {
			t.Errorf("fragment lacks %q", want)
		}
	}
	whys := 0
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Why != nil {
				whys++
			}
		}
	}
	if got := strings.Count(frag, "<details"); got != whys {
		t.Errorf("%d <details>, want one per block with a Why (%d)", got, whys)
	}
	if i, j := strings.Index(frag, "<footer"), strings.LastIndex(frag, "Annexe 1"); i < j {
		t.Error("the footer notice is not at the end")
	}
}

func TestHTMLEscaping(t *testing.T) {
	d := &document.Document{
		Meta:   document.Meta{Title: `</title><script>alert(1)</script>`},
		Sender: []string{`<b>Eve</b>`},
		Sections: []document.Section{{
			ID:    `x" onmouseover="alert(1)`,
			Title: "<i>titre</i>",
			Blocks: []document.Block{
				{Kind: document.Paragraph, Runs: []document.Run{
					document.T(`Texte <script>alert("x")</script> & suite`),
					{Text: "lien", URL: "javascript:alert(1)"},
				}, Why: &document.Why{Title: "<img src=x onerror=alert(1)>", Citations: []document.Citation{{Printed: "art. 1", URL: `javascript:alert(2)`}}}},
			},
		}},
		Exhibits: []document.Exhibit{{Title: "<svg onload=alert(3)>", Origin: "javascript:alert(4)"}},
	}
	for _, fragment := range []bool{false, true} {
		out := renderHTML(t, d, fragment)
		for _, bad := range []string{"<script>alert", "<b>Eve", "<i>titre", "<img", "<svg", `href="javascript:`, `" onmouseover="`} {
			if strings.Contains(out, bad) {
				t.Errorf("fragment=%v: unescaped %q", fragment, bad)
			}
		}
		for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; suite", "&lt;b&gt;Eve&lt;/b&gt;"} {
			if !strings.Contains(out, want) {
				t.Errorf("fragment=%v: lacks escaped %q", fragment, want)
			}
		}
	}
}

var (
	tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)
	voids = map[string]bool{"br": true, "meta": true, "link": true, "img": true, "hr": true, "input": true}
)

// checkNesting fails when elements are not properly closed and nested: a cheap stand-in for a validator.
func checkNesting(t *testing.T, html string) {
	t.Helper()
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		name := strings.ToLower(m[2])
		switch {
		case voids[name]:
		case m[1] == "":
			stack = append(stack, name)
		case len(stack) == 0 || stack[len(stack)-1] != name:
			t.Fatalf("</%s> closes %v", name, stack)
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		t.Fatalf("unclosed elements %v", stack)
	}
}

// A grievance's heading and paragraphs share one explanation: the reader sees a single « Pourquoi ce
// paragraphe ? » box after the last of them, and a new box where the explanation changes.
func TestOneWhyBoxPerGrievance(t *testing.T) {
	a := &document.Why{Claim: "a", Title: "Grief A"}
	b := &document.Why{Claim: "b", Title: "Grief B"}
	heading := document.Block{Kind: document.Paragraph, Runs: []document.Run{{Text: "Grief A", Strong: true}}, Why: a}
	d := &document.Document{Sections: []document.Section{{ID: "manquements", Title: "Les manquements", Blocks: []document.Block{
		heading,
		{Kind: document.Paragraph, Runs: []document.Run{{Text: "Premier paragraphe."}}, Why: a},
		{Kind: document.Paragraph, Runs: []document.Run{{Text: "Second paragraphe."}}, Why: a},
		{Kind: document.Paragraph, Runs: []document.Run{{Text: "Autre grief."}}, Why: b},
		{Kind: document.Paragraph, Runs: []document.Run{{Text: "Sans explication."}}},
	}}}}
	var buf strings.Builder
	if err := render.HTMLFragment(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "<details"); n != 2 {
		t.Fatalf("%d explanation boxes, want 2 (one per grievance):\n%s", n, out)
	}
	second, box := strings.Index(out, "Second paragraphe."), strings.Index(out, "<details")
	if box < second || box > strings.Index(out, "Autre grief.") {
		t.Errorf("the first box must follow the grievance's last paragraph:\n%s", out)
	}
}
