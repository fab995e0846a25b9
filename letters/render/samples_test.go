package render_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saisine/letters/document"
	"saisine/letters/render"
)

// samples are documents that push the layout (page breaks, many signatories, a long bordereau), for
// looking at the pages. TestSamplesRender renders them all; with SAISINE_RENDER_SAMPLES=dir it also
// writes every output into dir, e.g.
//
//	SAISINE_RENDER_SAMPLES=/tmp/render go test ./letters/render -run TestSamples
//	pdftoppm -png -r 60 /tmp/render/long.pdf /tmp/render/long
func samples() map[string]*document.Document {
	single := synthetic()
	single.Signatures = single.Signatures[:1]

	long := synthetic()
	var blocks []document.Block
	for i := range 14 {
		blocks = append(blocks, document.P(document.T(fmt.Sprintf("Paragraphe %d. ", i+1)+strings.Repeat("Le traitement des images de la voie publique par un logiciel d’analyse automatisée suppose une base légale que la commune n’a pas produite. ", 3+i%3))))
	}
	long.Sections = append(long.Sections[:2], append([]document.Section{{ID: "long", Title: "Une section longue qui oblige à changer de page", Numbered: true, Blocks: blocks}}, long.Sections[2:]...)...)
	for i := range 4 {
		long.Signatures = append(long.Signatures, document.Signature{Name: fmt.Sprintf("Élu·e numéro %d", i+3), Role: "Conseiller municipal"})
	}
	long.Exhibits = nil
	for i := range 30 {
		e := document.Exhibit{Number: i + 1, Title: fmt.Sprintf("Pièce d’exemple numéro %d, au titre assez long pour tenir sur deux lignes du tableau", i+1), Date: "12 mars 2026", Origin: "https://www.example.org/documents/2026/" + strings.Repeat("x", i*3)}
		if i%2 == 0 {
			e.SHA256 = sampleSHA
		}
		long.Exhibits = append(long.Exhibits, e)
	}
	var items [][]document.Run
	for i := range 60 {
		items = append(items, []document.Run{document.T(fmt.Sprintf("Mandant n°\u00a0%d, 59000 Lille", i+1))})
	}
	long.Annexes = append(long.Annexes, document.Annex{Title: "Liste des mandants", Blocks: []document.Block{{Kind: document.NumberedList, Items: items}}})

	return map[string]*document.Document{"synthetic": synthetic(), "single": single, "long": long}
}

func TestSamplesRender(t *testing.T) {
	dir := os.Getenv("SAISINE_RENDER_SAMPLES")
	for name, d := range samples() {
		var pdf, txt, html bytes.Buffer
		if err := render.PDF(&pdf, d, render.DefaultPDFOptions()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := render.Text(&txt, d, render.TextOptions{Counts: true}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := render.HTML(&html, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if dir == "" {
			continue
		}
		for ext, b := range map[string][]byte{".pdf": pdf.Bytes(), ".txt": txt.Bytes(), ".html": html.Bytes()} {
			if err := os.WriteFile(filepath.Join(dir, name+ext), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
